"""Build the project graph: one list read per family, edges from each registry entry's references.

A reference matched by another field than the id (an experiment's ``feature_flag_key``) is resolved
through an index of the target's records by that field. Edges that only per-entity reads show (a linked
copy's source) are added on request for the entities a plan touches (``expand``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mpnb._families import REGISTRY
from mpnb.entities._family import Raw, path_value
from mpnb.graph._graph import Edge, ProjectGraph

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["build_graph", "expand", "graph_from_records"]

Indexes = dict[tuple[str, str], dict[Any, Any]]  # (family, field) -> field value -> id


def graph_from_records(records: dict[str, list[Raw]], reads: int = 0) -> ProjectGraph:
    """The graph of records already read (each family's list, raw), with every declared reference."""
    graph = ProjectGraph(reads=reads)
    for name, rows in records.items():
        fam = REGISTRY.get(name)
        graph.records[name] = {fam.id_of(r): r for r in rows if fam.id_of(r) is not None}
    indexes: Indexes = {}
    for name in records:
        fam = REGISTRY.get(name)
        if not fam.references:
            continue
        for rid, record in graph.records[name].items():
            for ref in fam.references:
                for value in ref.find(record):
                    target = _resolve(graph, indexes, ref.target, ref.by, value)
                    exists = None if ref.target not in graph.records else target in graph.records[ref.target]
                    graph.add(Edge(name, rid, ref.target, target, ref.via, ref.on_delete, exists))
    return graph


def _resolve(
    graph: ProjectGraph, indexes: dict[tuple[str, str], dict[Any, Any]], family: str, by: str, value: Any
) -> Any:
    """The target id a reference names: the value itself, or the id of the record whose ``by`` field holds it."""
    if by == "id":
        return value
    key = (family, by)
    if key not in indexes:
        indexes[key] = {path_value(r, by): rid for rid, r in graph.records.get(family, {}).items()}
    return indexes[key].get(value, value)


def build_graph(ws: Workspace, families: Iterable[str] | None = None) -> ProjectGraph:
    """Read each family once (every record, raw) and link them."""
    names = [REGISTRY.get(f).name for f in families] if families is not None else REGISTRY.names
    records = {name: ws.records(name).read_all() for name in names}
    return graph_from_records(records, reads=len(names))


def expand(graph: ProjectGraph, ws: Workspace, family: str, ids: list[Any]) -> int:
    """Add the edges of ``ids`` that only per-entity reads show (the family's ``expand``); returns the reads."""
    seam = ws.records(family)
    before = seam.request_count
    for edge in seam.expand(ids, graph.records):
        source_family, source_id, target_family, target_id, via, on_delete = edge
        exists = target_id in graph.records.get(target_family, {}) if target_family in graph.records else None
        graph.add(Edge(source_family, source_id, target_family, target_id, via, on_delete, exists))
    reads = seam.request_count - before
    graph.reads += reads
    return reads
