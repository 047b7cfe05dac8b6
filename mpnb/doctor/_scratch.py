"""Scratch entities more than one family's doctor makes: a report on a board, the edits' values, and ids
that cannot exist (to see an error answer)."""

from __future__ import annotations

import uuid
from typing import Any

from mpnb.doctor._cycle import Cycle
from mpnb.entities.reports import CreateBookmarkParams
from mpnb.errors import PartialSuccessError

__all__ = ["MISSING_INT", "described", "missing_uuid", "new_report", "report_params"]

MISSING_INT = 2**62 - 1  # far beyond any id a project hands out: a read of it shows the error answer


def missing_uuid() -> str:
    return str(uuid.uuid4())


def described(cycle: Cycle, step: str) -> str:
    """The description an edit step sets (the same for every family that edits its description)."""
    return f"{step} by mpnb doctor run {cycle.run_id}"


def report_params() -> dict[str, Any]:
    """A small insights query, as the live suite has always sent it."""
    return {
        "displayOptions": {"chartType": "bar"},
        "sections": {"show": [{"type": "metric", "behavior": {"type": "event", "name": "Login"}}], "time": []},
    }


def new_report(cycle: Cycle, what: str, board: Any, *, main: bool = False) -> Any:
    """A scratch report saved to ``board`` (and placed on it); its id. A report made but not placed (the
    placement's answer was lost) is still returned, and its id is marked as uncertain."""
    params = CreateBookmarkParams(
        name=cycle.name(what),
        bookmark_type="insights",
        dashboard_id=board,
        params=report_params(),
        description="mpnb doctor",
    )

    def make() -> Any:
        try:
            return cycle.ws.create_bookmark(params).id
        except PartialSuccessError as exc:  # made, but its placement's answer was lost: look, place if need be
            rid = exc.created.id
            cycle.uncertain.add(str(rid))
            if rid not in cycle.again(lambda: cycle.ws.get_dashboard(board)).report_ids:
                cycle.maybe(lambda: cycle.ws.add_report_to_dashboard(board, rid))
            return rid

    return cycle.create("reports", params.name, make, main=main)
