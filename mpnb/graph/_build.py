"""Build the project graph: one list read per family, edges from each registry entry's references.

A reference matched by another field than the id (an experiment's ``feature_flag_key``) is resolved
through an index of the target's records by that field. Edges that only per-entity reads show (a linked
copy's source) are added on request for the entities a plan touches (``expand``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING, Any

from mpnb._bulk import run_concurrently
from mpnb._families import REGISTRY
from mpnb._gc import paused_gc
from mpnb.entities._family import Raw, path_value
from mpnb.graph._graph import Edge, ProjectGraph

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["build_graph", "expand", "graph_from_records", "read_families"]

Indexes = dict[tuple[str, str], dict[Any, Any]]  # (family, field) -> field value -> id


def graph_from_records(
    records: dict[str, list[Raw]], reads: int = 0, *, targets: Collection[str] | None = None
) -> ProjectGraph:
    """The graph of records already read (each family's list, raw), with every declared reference (only those
    pointing into ``targets`` when given: a question about one family needs no edge to a board)."""
    graph = ProjectGraph(reads=reads)
    for name, rows in records.items():
        fam = REGISTRY.get(name)
        graph.records[name] = {fam.id_of(r): r for r in rows if fam.id_of(r) is not None}
    indexes: Indexes = {}
    edges = graph.edges
    for name in records:
        refs = [
            (ref, graph.records.get(ref.target), None if ref.by == "id" else _index(graph, indexes, ref.target, ref.by))
            for ref in REGISTRY.get(name).references
            if targets is None or ref.target in targets
        ]
        for rid, record in graph.records[name].items():  # record by record: its references read it in turn
            for ref, known, index in refs:
                for value in ref.find(record):
                    target = value if index is None else index.get(value, value)
                    exists = None if known is None else target in known
                    edges.append(Edge(name, rid, ref.target, target, ref.via, ref.on_delete, exists))
    graph.edges[:] = list(dict.fromkeys(edges))  # the same edge twice (a flag named by id and by key) once
    return graph


def _index(graph: ProjectGraph, indexes: Indexes, family: str, by: str) -> dict[Any, Any]:
    """The ids of ``family``'s records by their ``by`` field (a reference by key resolves through it)."""
    key = (family, by)
    if key not in indexes:
        indexes[key] = {path_value(r, by): rid for rid, r in graph.records.get(family, {}).items()}
    return indexes[key]


def read_families(ws: Workspace, names: list[str]) -> dict[str, list[Raw]]:
    """Every record of each family, one list call each, the calls side by side (the biggest family's read
    is what the whole read costs); the first failure is raised."""
    outcomes = run_concurrently(lambda name: ws.records(name).read_all(), names, concurrency=len(names) or 1)
    for o in outcomes:
        if o.exc is not None:
            raise o.exc
    return {name: o.result for name, o in zip(names, outcomes)}


def build_graph(
    ws: Workspace, families: Iterable[str] | None = None, *, step: Callable[[str], None] | None = None
) -> ProjectGraph:
    """Read each family once (every record, raw) and link them (the collector paused: all of it is kept).
    ``step`` is told each stage as it starts (a progress bar's)."""
    names = [REGISTRY.get(f).name for f in families] if families is not None else REGISTRY.names
    tell = step if step is not None else _silent
    with paused_gc():
        tell(f"reading {len(names)} families")
        records = read_families(ws, names)
        tell("linking")
        return graph_from_records(records, reads=len(names))


def _silent(what: str) -> None:
    """No progress to tell."""


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
