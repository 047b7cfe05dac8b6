"""What would break if entities went out of use: the families that can use them (and, in turn, use those),
read once each, and the graph's answer for the given ids. A plan that hides or drops dictionary entries
lists it; the events and properties frames count it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mpnb._families import REGISTRY
from mpnb.graph._build import graph_from_records, read_families
from mpnb.graph._graph import Edge, ProjectGraph

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["Users", "use_counts", "user_families", "users_graph", "users_of"]


def user_families(family: str) -> list[str]:
    """The families whose records can use ``family``'s entities, directly or through each other (events:
    reports, cohorts, flags, drop filters, custom events; then alerts on those reports, experiments on those
    flags), in the registry's order."""
    found: set[str] = set()
    queue = [family]
    while queue:
        for fam, _ in REGISTRY.referencing(queue.pop()):
            if fam.name not in found and fam.name != family:
                found.add(fam.name)
                queue.append(fam.name)
    return [n for n in REGISTRY.names if n in found]


@dataclass
class Users:
    """What uses each of ``ids`` (directly or through a chain), as the graph saw it."""

    family: str
    graph: ProjectGraph
    by_id: dict[Any, list[Edge]]

    @property
    def reads(self) -> int:
        return self.graph.reads


def users_graph(ws: Workspace, family: str) -> ProjectGraph:
    """One list read of each family that can use ``family``'s entities, linked (``family`` itself is not read:
    its entities are known by the edges that name them)."""
    names = user_families(family)
    if not names:
        return ProjectGraph()
    return graph_from_records(read_families(ws, names), reads=len(names), targets={family, *names})


def users_of(ws: Workspace, family: str, ids: list[Any]) -> Users:
    """What uses each of ``ids``, directly or through a chain (no read when ``ids`` is empty)."""
    graph = users_graph(ws, family) if ids else ProjectGraph()
    return Users(family, graph, {i: graph.where_used(family, [i]) for i in ids})


def use_counts(graph: ProjectGraph, family: str) -> dict[Any, Counter[str]]:
    """For every entity of ``family`` something uses: how many entities of each family use it."""
    return {t: Counter(e.source_family for e in graph.where_used(family, [t])) for t in graph.targets_in(family)}
