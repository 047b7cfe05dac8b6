"""The project graph: which entity points at which, from the references each family declares.

>>> g = ws.graph()                                   # one list read per family
>>> g.frame()                                        # source_family, source_id, target_family, target_id, via, ...
>>> g.dependants("dashboards", 12)                   # what a delete of board 12 takes with it or leaves dangling
>>> g.uses("reports", 7)                             # what report 7 points at (its board, its cohorts)
>>> g.where_used("events", ["Add to Cart"])          # reports, cohorts, flags using it, alerts on those reports

A delete's plan, its backup, restore's order and re-pointing, copy's closure and the audit's fixes all ask
the graph (``delete_impact`` for a delete) rather than working it out on their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mpnb.graph._build import build_graph, expand, graph_from_records
from mpnb.graph._graph import EDGE_COLUMNS, Edge, ProjectGraph
from mpnb.graph._identity import Match, match, match_one
from mpnb.graph._impact import DeleteImpact, delete_impact, families_to_read
from mpnb.graph._in_use import in_use, in_use_reads
from mpnb.graph._where_used import Users, use_counts, user_families, users_graph, users_of

__all__ = [
    "EDGE_COLUMNS",
    "DeleteImpact",
    "Edge",
    "GraphAccess",
    "Match",
    "ProjectGraph",
    "Users",
    "build_graph",
    "delete_impact",
    "expand",
    "families_to_read",
    "graph_from_records",
    "in_use",
    "in_use_reads",
    "match",
    "match_one",
    "use_counts",
    "user_families",
    "users_graph",
    "users_of",
]


class GraphAccess:
    """What the graph adds to a Workspace: ``ws.graph()`` (``mpnb.Workspace`` is made of this mixin; the frames'
    mixin answers every delete's backup from ``delete_impact``)."""

    def graph(self: Any, families: Iterable[str] | None = None, *, progress: bool = True) -> ProjectGraph:
        """The project graph: each family (or only ``families``) read once, every declared reference linked.

        Edges that only per-entity reads show (a linked copy's source, named on its board) are added for
        the entities a delete plan touches; ``mpnb.graph.expand(graph, ws, "dashboards", ids)`` adds them on request.
        A graph that takes more than a couple of seconds shows its stage on a bar (``progress=False``: never).
        """
        from mpnb._progress import steps

        with steps("project graph", total=2, enabled=progress) as step:
            return build_graph(self, families, step=step)
