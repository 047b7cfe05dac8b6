"""Boards: a board brings the reports on it and its text cards, and is created with them in one request, in
the source's layout (rows of up to four cards); an update changes its title and description only."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mpnb.copying._rules import CopyRules, Raw, dump
from mpnb.entities.dashboards import CreateDashboardParams, DashboardRow, DashboardRowContent, UpdateDashboardParams

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["COPY", "Card", "create_board", "find_board", "read_board", "reports_on"]

# A card in board order: ("report", source report id) or ("text", markdown)
Card = tuple[str, Any]


def _fields(r: Raw) -> Raw:
    return {"title": r["title"], "description": r.get("description")}


def _update(dst: Workspace, tid: Any, f: Raw, current: Raw) -> Raw:
    out = dump(dst.update_dashboard(tid, UpdateDashboardParams(**f)))
    return {k: v for k, v in out.items() if k not in ("layout", "contents")}


def read_board(src: Workspace, board_id: Any) -> tuple[Raw, list[list[Card]], list[Raw]]:
    """One board read: its record, its rows of cards in board order, and the records of the reports on it."""
    board = src.get_dashboard(board_id)
    contents = board.contents if isinstance(board.contents, dict) else {}
    layout = board.layout if isinstance(board.layout, dict) else {}
    rows: list[list[Card]] = []
    reports: list[Raw] = []
    for rid in layout.get("order") or list(layout.get("rows") or {}):
        cells: list[Card] = []
        for cell in ((layout.get("rows") or {}).get(rid) or {}).get("cells", []):
            kind, cid = cell.get("content_type"), cell.get("content_id")
            entry = (contents.get(kind) or {}).get(str(cid)) or {}
            if kind == "report" and entry:
                reports.append(dict(entry, id=int(cid), dashboard_id=board.id))
                cells.append(("report", int(cid)))
            elif kind == "text":
                cells.append(("text", entry.get("markdown") or ""))
        if cells:
            rows.append(cells)
    record = {k: v for k, v in dump(board).items() if k not in ("layout", "contents")}
    return record, rows, reports


def reports_on(rows: list[list[Card]]) -> list[Any]:
    """The source ids of the reports on a board, in board order."""
    return [value for cells in rows for kind, value in cells if kind == "report"]


def create_board(
    dst: Workspace, fields: Raw, rows: list[list[Card]], new: set[str], report_fields: Callable[[Any], Raw]
) -> tuple[Raw, list[tuple[Any, Raw]]]:
    """Create the board with its text cards and the ``new`` reports in source order (up to four per row, as
    Mixpanel allows); returns the board and (source report id, its new record) in board order."""
    made_rows: list[DashboardRow] = []
    order: list[Any] = []
    for cells in rows:
        contents: list[DashboardRowContent] = []
        for kind, value in cells:
            if kind == "report" and str(value) not in new:
                continue  # a report already in the target keeps its place there
            if kind == "text":
                contents.append(DashboardRowContent(content_type="text", content_params={"markdown": value}))
                continue
            f = report_fields(value)
            bookmark = {"name": f["name"], "type": f["type"], "params": json.dumps(f["params"])}
            if f.get("description") is not None:
                bookmark["description"] = f["description"]
            contents.append(DashboardRowContent(content_type="report", content_params={"bookmark": bookmark}))
            order.append(value)
        for start in range(0, len(contents), 4):
            made_rows.append(DashboardRow(contents=contents[start : start + 4]))
    board = dst.create_dashboard(CreateDashboardParams(rows=made_rows or None, **fields))
    return _placed(dst, board, order)


def _placed(dst: Workspace, board: Any, order: list[Any]) -> tuple[Raw, list[tuple[Any, Raw]]]:
    made = (board.contents or {}).get("report") or {} if isinstance(board.contents, dict) else {}
    new_ids = [int(c["content_id"]) for c in board.cards("report")]
    reports = [(sid, dict(made.get(str(tid)) or {}, id=tid, dashboard_id=board.id)) for sid, tid in zip(order, new_ids)]
    record = {k: v for k, v in dump(board).items() if k not in ("layout", "contents")}
    return record, reports


def find_board(dst: Workspace, board_id: Any, order: list[Any]) -> tuple[Raw, list[tuple[Any, Raw]]]:
    """A board found again after its create's answer was lost: its reports, in board order."""
    return _placed(dst, dst.get_dashboard(board_id), order)


def _read_one(src: Workspace, board_id: Any) -> tuple[Raw, Any, list[Raw]]:
    return read_board(src, board_id)


COPY = CopyRules(
    "dashboards",
    _fields,
    update=_update,
    brings=("reports",),
    why_brought={"reports": "on dashboard {id}"},
    read_one=_read_one,
    children_of=reports_on,
    create_with=create_board,
    found_with=find_board,
    children="reports",
)
