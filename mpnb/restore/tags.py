"""Lexicon tags: a deleted tag comes off every definition; restore makes it again and tags them again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.errors import MpnbError
from mpnb.restore._rules import Dependant, Raw, RestoreRules, dependant, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.tags import CreateLexiconTagParams

    return dump(ws.create_lexicon_tag(CreateLexiconTagParams(name=fields["name"])))


def _list(ws: Workspace) -> list[Raw]:
    return [dump(t) for t in ws.list_lexicon_tags()]


def _dependants(ws: Workspace, ids: list[Any], records: list[Raw], cascades: dict[str, list[Raw]]) -> list[Dependant]:
    """Events and custom events that carry the tags: Mixpanel takes the tag off them."""
    names = {str(i) for i in ids}
    out: list[Dependant] = []
    for family, rows, key in (
        ("events", ws.records("events").read_all(), "name"),
        ("custom_events", ws.records("custom_events").read_all(), "customEventId"),
    ):
        for r in rows:
            for tag in sorted(names & set(r.get("tags") or [])):
                out.append(
                    dependant(
                        family,
                        r.get(key),
                        "tags",
                        tag,
                        "tagged with it",
                        "loses the tag",
                        "tagged again",
                        name=r.get("name"),
                    )
                )
    return out


def _relink(ws: Workspace, dep: Dependant, new_id: Any) -> str:
    """Put the restored tag back on a definition that carried it (its other tags kept)."""
    from mpnb.entities.events import EventDefinition, UpdateEventDefinitionParams

    tag = str(dep["of_id"])
    try:
        rows: list[EventDefinition] = (
            [r for r in ws.list_custom_events() if r.custom_event_id == dep["id"]]
            if dep["family"] == "custom_events"
            else [r for r in ws.get_event_definitions(names=[dep["id"]]) if r.custom_event_id is None]
        )
        if not rows:
            return f"{dep['family']} {dep['id']!r} is gone; not tagged again"
        tags = list(rows[0].tags or [])
        if tag in tags:
            return ""
        params = UpdateEventDefinitionParams(tags=[*tags, tag])
        if dep["family"] == "custom_events":
            ws.update_custom_event(dep["id"], params)
        else:
            ws.update_event_definition(dep["id"], params)
    except MpnbError as exc:
        return f"not tagged again: {' '.join(str(exc).split())}"
    return ""


RESTORE = RestoreRules(
    family="tags",
    order=62,
    natural_key=("name",),
    lost=("the tag's id (a new one)",),
    fields=lambda record: {"name": record.get("name")},
    create=_create,
    list_raw=_list,
    dependants=_dependants,
    relink=_relink,
    id_key="name",
)
