"""The report operations boards need too: listing bookmarks raw and placing a report on a board.

Reports and dashboards both import this module and never each other, so neither depends on the other's
mixin being present in the Workspace.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mpnb._http import Http, Op, results_of
from mpnb.entities._base import ids_csv

__all__ = [
    "BOARD_GET",
    "CONTENT_CREATE",
    "LINKED_BOARDS",
    "LIST_BOOKMARKS",
    "linked_copies",
    "place_report",
    "raw_bookmarks",
]

LIST_BOOKMARKS = Op("list_bookmarks_v2", "GET", "bookmarks")
LINKED_BOARDS = Op("bookmark_linked_dashboard_ids", "GET", "bookmarks/{id}/linked-dashboard-ids")
BOARD_GET = Op("get_dashboard", "GET", "dashboards/{id}")
# a content action that creates a card is not idempotent: a retry would add a second card
CONTENT_CREATE = Op("add_report_to_dashboard", "PATCH", "dashboards/{id}", idempotent=False)


def raw_bookmarks(http: Http, ids: Any = None, bookmark_type: str | None = None) -> list[dict[str, Any]]:
    """The bookmarks list as the server sends it (``ids`` narrows it); a malformed answer is an error."""
    data = http.call(LIST_BOOKMARKS, params={"v": 2, "type": bookmark_type, "ids": ids_csv(ids)})
    rows: list[dict[str, Any]] = results_of(data, "list_bookmarks_v2")
    return rows


def place_report(http: Http, dashboard_id: int, bookmark_id: int) -> Any:
    """PATCH a board to add a card for ``bookmark_id``; returns the board as the server answers it."""
    body = {
        "content": {
            "action": "create",
            "content_type": "report",
            "content_params": {"source_bookmark_id": bookmark_id},
        }
    }
    return http.call(
        CONTENT_CREATE,
        path={"id": dashboard_id},
        json_body=body,
        natural_key=f"report {bookmark_id} on dashboard {dashboard_id}",
    )


def linked_copies(http: Http, report_ids: list[Any], skip_boards: Iterable[Any] = ()) -> list[tuple[int, int, int]]:
    """``(copy id, source report id, board of the copy)`` for every linked copy of ``report_ids``.

    A linked copy is the report a board gets when an existing report is added to it; only the board's
    contents name its source. So: one linked-boards read per report, then one read per board named there
    (but ``skip_boards``: copies on them need no finding, e.g. boards being deleted anyway).
    """
    skip = {int(b) for b in skip_boards}
    boards: dict[int, set[int]] = {}
    for rid in report_ids:
        for board in results_of(http.call(LINKED_BOARDS, path={"id": rid}), LINKED_BOARDS.name):
            if int(board) not in skip:
                boards.setdefault(int(board), set()).add(int(rid))
    out: list[tuple[int, int, int]] = []
    for board, sources in sorted(boards.items()):
        data = http.call(BOARD_GET, path={"id": board})
        contents = data.get("contents") if isinstance(data, dict) else None
        reports = contents.get("report") if isinstance(contents, dict) else None
        for key, entry in (reports or {}).items():
            source = entry.get("source_bookmark_id") if isinstance(entry, dict) else None
            if source is not None and int(source) in sources and str(key).isdigit() and int(key) != int(source):
                out.append((int(key), int(source), board))
    return out
