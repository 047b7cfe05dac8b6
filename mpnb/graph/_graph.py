"""``ProjectGraph``: what depends on what, from the references each family declares.

Built from one list read per family (``build_graph``); an edge says that a record of ``source`` names a
``target`` entity ``via`` some field, and what the server does to the source when the target is deleted
(``cascade``: deleted with it; ``dangles``: kept, pointing at nothing; ``unlinks``: the server clears it).
Plans, backups, restore order, copy closure and audit fixes ask this graph instead of re-deriving it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from mpnb.entities._family import OnDelete, Raw

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EDGE_COLUMNS", "Edge", "Node", "ProjectGraph"]

EDGE_COLUMNS = ["source_family", "source_id", "target_family", "target_id", "via", "on_delete", "exists"]
Node = tuple[str, Any]


class Edge(NamedTuple):
    """``source`` names ``target`` through ``via``; ``exists``: the target was found (None: not a family read).

    A named tuple: a 20,000-report project has tens of thousands of them, made in one pass."""

    source_family: str
    source_id: Any
    target_family: str
    target_id: Any
    via: str
    on_delete: OnDelete
    exists: bool | None = True

    @property
    def source(self) -> Node:
        return (self.source_family, self.source_id)

    @property
    def target(self) -> Node:
        return (self.target_family, self.target_id)


@dataclass
class ProjectGraph:
    """Every family's records (by id) and the edges between them. ``frame()`` is the edge frame."""

    records: dict[str, dict[Any, Raw]] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    reads: int = 0  # requests the graph took
    _into: dict[Node, list[Edge]] = field(default_factory=lambda: defaultdict(list), repr=False)
    _out: dict[Node, list[Edge]] = field(default_factory=lambda: defaultdict(list), repr=False)
    _indexed: int = field(default=0, repr=False)  # edges[:_indexed] are in _into and _out

    def add(self, edge: Edge) -> None:
        """One more edge (the same reference twice, e.g. by id and by key, is kept once)."""
        self._index()
        if edge not in self._out.get(edge.source, ()):
            self.edges.append(edge)
            self._index()

    def _index(self) -> None:
        """Index the edges added since the last question (building a big graph appends without indexing)."""
        for edge in self.edges[self._indexed :]:
            self._into[edge.target].append(edge)
            self._out[edge.source].append(edge)
        self._indexed = len(self.edges)

    def record(self, family: str, eid: Any) -> Raw | None:
        """The record as read (None when the graph has not read it)."""
        return self.records.get(family, {}).get(eid)

    # -- questions ---------------------------------------------------------------------------------------
    def uses(self, family: str, eid: Any) -> list[Edge]:
        """What this entity points at (its own references)."""
        self._index()
        return list(self._out.get((family, eid), []))

    def used_by(self, family: str, eid: Any) -> list[Edge]:
        """What points at this entity directly."""
        self._index()
        return list(self._into.get((family, eid), []))

    def targets_in(self, family: str) -> list[Any]:
        """The ids of ``family`` that some edge points at."""
        self._index()
        return [eid for (fam, eid), edges in self._into.items() if fam == family and edges]

    def where_used(self, family: str, ids: Iterable[Any]) -> list[Edge]:
        """Everything that uses ``ids``, directly or through what uses them (an alert on a report that queries
        an event, an experiment on a flag that targets it), nearest first; each as the edge that reaches it."""
        self._index()
        seen = {(family, i) for i in ids}
        out: list[Edge] = []
        queue = list(seen)
        while queue:
            node = queue.pop(0)
            for edge in self._into.get(node, []):
                if edge.source not in seen:
                    seen.add(edge.source)
                    out.append(edge)
                    queue.append(edge.source)
        return out

    def deleted_with(self, family: str, ids: Iterable[Any]) -> list[Edge]:
        """Every entity the server deletes along with ``ids``: cascade edges followed transitively (a board's
        reports, then their alerts). Each is returned as the edge that takes it (its source is the dependant)."""
        self._index()
        start = [(family, i) for i in ids]
        seen = set(start)
        out: list[Edge] = []
        queue = list(start)
        while queue:
            node = queue.pop()
            for edge in self._into.get(node, []):
                if edge.on_delete == "cascade" and edge.source not in seen:
                    seen.add(edge.source)
                    out.append(edge)
                    queue.append(edge.source)
        return out

    def dangling_after(self, family: str, ids: Iterable[Any]) -> list[Edge]:
        """References left pointing at nothing once ``ids`` (and what is deleted with them) are gone, from
        entities that stay (a report filtered by a deleted cohort, a flag naming a deleted experiment)."""
        gone = {(family, i) for i in ids} | {e.source for e in self.deleted_with(family, ids)}
        self._index()
        return [
            e for node in gone for e in self._into.get(node, []) if e.source not in gone and e.on_delete != "cascade"
        ]

    def dependants(self, family: str, eid: Any) -> list[Edge]:
        """Everything that depends on this entity: what a delete takes with it, then what it leaves dangling."""
        return self.deleted_with(family, [eid]) + self.dangling_after(family, [eid])

    # -- views -------------------------------------------------------------------------------------------
    def frame(self, edges: Iterable[Edge] | None = None) -> pd.DataFrame:
        """The edges as a frame: source_family, source_id, target_family, target_id, via, on_delete, exists."""
        import pandas as pd

        rows = [[getattr(e, c) for c in EDGE_COLUMNS] for e in (self.edges if edges is None else edges)]
        out: pd.DataFrame = pd.DataFrame(rows, columns=EDGE_COLUMNS).astype(
            {"source_id": object, "target_id": object, "exists": object}
        )
        return out

    def counts(self) -> dict[str, int]:
        """How many edges of each kind: ``"reports -> dashboards (saved to the board)": 20895``."""
        out: dict[str, int] = defaultdict(int)
        for e in self.edges:
            out[f"{e.source_family} -> {e.target_family} ({e.via})"] += 1
        return dict(out)

    def __repr__(self) -> str:
        n = sum(len(r) for r in self.records.values())
        lines = [f"ProjectGraph: {n} entities, {len(self.edges)} references ({self.reads} reads)"]
        lines += [f"  {k}: {v}" for k, v in sorted(self.counts().items(), key=lambda kv: -kv[1])]
        lines.append("  .frame() lists every edge; .dependants(family, id) and .uses(family, id) answer one entity")
        return "\n".join(lines)
