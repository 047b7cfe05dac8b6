"""Which entities something live depends on: an enabled flag's rollout cohort, an active experiment's flag,
a report a running alert watches. A fix (archive, disable, delete) never touches those unless asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb._families import REGISTRY
from mpnb.graph._build import graph_from_records, read_families
from mpnb.graph._graph import Edge

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["in_use", "in_use_reads"]


def in_use_reads(family: str) -> list[str]:
    """The families read to tell whether entities of ``family`` are in use: those that reference it, those it
    is bound to (a flag to its experiment), and itself."""
    fam = REGISTRY.get(family)
    names = {f.name for f, _ in REGISTRY.referencing(fam.name)} | {r.target for r in fam.references if r.binds}
    return [n for n in REGISTRY.names if n in names or n == fam.name]


def in_use(ws: Workspace, family: str, ids: list[Any]) -> dict[Any, list[Edge]]:
    """For each id that something live depends on, the edges that say so (one list read per family involved)."""
    fam = REGISTRY.get(family)
    names = in_use_reads(fam.name)
    graph = graph_from_records(read_families(ws, names), reads=len(names))

    def live(edge_family: str, eid: Any) -> bool:
        entry = REGISTRY.get(edge_family) if edge_family in REGISTRY else None
        record = graph.record(edge_family, eid)
        return entry is not None and entry.active is not None and record is not None and entry.active(record)

    out: dict[Any, list[Edge]] = {}
    for eid in ids:
        edges = [e for e in graph.used_by(fam.name, eid) if live(e.source_family, e.source_id)]
        edges += [
            e
            for e in graph.uses(fam.name, eid)
            if live(e.target_family, e.target_id)
            and any(r.binds and r.via == e.via and r.target == e.target_family for r in fam.references)
        ]
        if edges:
            out[eid] = edges
    return out
