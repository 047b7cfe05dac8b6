"""``mpnb deps FAMILY ID``: what depends on one entity and what it uses, from the project graph."""

from __future__ import annotations

from typing import Any

import click

from mpnb._families import REGISTRY
from mpnb.cli._common import common_options, emit, get_workspace, handle_errors
from mpnb.errors import InputError
from mpnb.graph import delete_impact, user_families

__all__ = ["group"]

COLUMNS = ["relation", "family", "id", "name", "via"]


def _id(family: str, raw: str) -> Any:
    kind = REGISTRY.get(family).id_kind
    if kind != "int":
        return raw
    if not raw.isdigit():
        raise InputError(f"{family} ids are integers, got {raw!r}", field="id")
    return int(raw)


@click.command("deps")
@click.argument("family", type=click.Choice(REGISTRY.names))
@click.argument("entity_id", metavar="ID")
@common_options
@handle_errors
def group(family: str, entity_id: str) -> None:
    """What depends on one entity (what a delete takes with it or leaves dangling, what uses it through
    those, such as alerts on the reports that query an event) and what it uses.

    Reads the family and each family that can use it once, plus the per-entity reads some families need (a
    board's linked copies); changes nothing.
    """
    ws = get_workspace()
    eid = _id(family, entity_id)
    fam = REGISTRY.get(family)
    record = next((r for r in ws.records(family).read_ids([eid])[0] if str(fam.id_of(r)) == str(eid)), None)
    if record is None:
        raise InputError(f"no {family} with id {eid} on {ws.target_label}", field="id")
    impact = delete_impact(ws, family, [eid], [record], also=user_families(family))  # one read per family
    rows = []
    for relation, edges in (("deleted with it", impact.deleted), ("left dangling", impact.dangling)):
        for e in edges:
            rec = impact.graph.record(e.source_family, e.source_id) or {}
            name = REGISTRY.get(e.source_family).label_of(rec) if e.source_family in REGISTRY else ""
            rows.append(
                {"relation": relation, "family": e.source_family, "id": e.source_id, "name": name, "via": e.via}
            )
    listed = {e.source for e in impact.deleted + impact.dangling}
    for e in impact.graph.where_used(family, [eid]):  # what uses it through what uses it (alerts on its reports)
        if e.source not in listed:
            rec = impact.graph.record(e.source_family, e.source_id) or {}
            name = REGISTRY.get(e.source_family).label_of(rec)
            rows.append(
                {
                    "relation": "uses it indirectly",
                    "family": e.source_family,
                    "id": e.source_id,
                    "name": name,
                    "via": e.via,
                }
            )
    for e in impact.graph.uses(family, eid):
        rec = impact.graph.record(e.target_family, e.target_id) or {}
        name = REGISTRY.get(e.target_family).label_of(rec) if e.target_family in REGISTRY else ""
        rows.append({"relation": "uses", "family": e.target_family, "id": e.target_id, "name": name, "via": e.via})
    emit(rows, COLUMNS)
