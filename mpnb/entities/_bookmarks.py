"""The report operations boards need too: listing bookmarks raw and placing a report on a board.

Reports and dashboards both import this module and never each other, so neither depends on the other's
mixin being present in the Workspace.
"""

from __future__ import annotations

from typing import Any

from mpnb._http import Http, Op, results_of
from mpnb.entities._base import ids_csv

__all__ = ["CONTENT_CREATE", "LIST_BOOKMARKS", "place_report", "raw_bookmarks"]

LIST_BOOKMARKS = Op("list_bookmarks_v2", "GET", "bookmarks")
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
