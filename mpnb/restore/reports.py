"""Reports: restored after boards, before alerts; alerts and board cards go with a delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.errors import MpnbError
from mpnb.restore._rules import Dependant, Raw, RestoreRules, create_fields, dependant, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]

BOARD_READS_MAX = 10  # boards read one by one for card details; above that the cards are listed from records


def _fields(record: Raw) -> Raw:
    from mpnb.entities.reports import CreateBookmarkParams

    return create_fields(CreateBookmarkParams, record)


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.reports import CreateBookmarkParams

    return dump(ws.create_bookmark(CreateBookmarkParams.model_validate(fields)))


def _list(ws: Workspace) -> list[Raw]:
    return [dump(b) for b in ws.list_bookmarks_v2()]


def _finish(ws: Workspace, old: Raw, new: Raw) -> str:
    """After a lost answer the report may exist without its card: place it if it is not on its board."""
    board = new.get("dashboard_id")
    if board is None:
        return "not on any board"
    try:
        if new["id"] in ws.get_dashboard(board).report_ids:
            return ""
        ws.add_report_to_dashboard(board, new["id"])
    except MpnbError as exc:
        return f"not placed on board {board}: {' '.join(str(exc).split())}"
    return ""


def _row_lost(record: Raw) -> list[str]:
    out = []
    views = record.get("total_view_count") or 0
    if views:
        out.append(f"{views} views")
    if record.get("creator_name"):
        out.append(f"creator {record['creator_name']}")
    if record.get("created"):
        out.append(f"created {str(record['created'])[:10]}")
    return out


def alerts_on(ws: Workspace, report_ids: set[Any]) -> list[Dependant]:
    """Alerts watching these reports: Mixpanel drops them with their report, so the backup keeps them."""
    out = []
    for alert in ws.list_alerts(skip_user_filter=True):
        rid = alert.bookmark.id if alert.bookmark is not None else None
        if rid in report_ids:
            out.append(
                dependant(
                    "alerts",
                    alert.id,
                    "reports",
                    rid,
                    "alert on the report",
                    "deleted with it",
                    "recreated on the restored report",
                    name=alert.name,
                    record=dump(alert),
                )
            )
    return out


def _dependants(ws: Workspace, ids: list[Any], records: list[Raw], cascades: dict[str, list[Raw]]) -> list[Dependant]:
    wanted = set(ids)
    out = alerts_on(ws, wanted)
    boards: dict[Any, list[Raw]] = {}
    for r in records:
        if r.get("id") in wanted and r.get("dashboard_id") is not None:
            boards.setdefault(r["dashboard_id"], []).append(r)
    details = len(boards) <= BOARD_READS_MAX
    for board, reports in sorted(boards.items(), key=lambda kv: str(kv[0])):
        layout: Any = None
        if details:
            try:
                layout = ws.get_dashboard(board)
            except MpnbError:
                layout = None
        on_board = set(layout.report_ids) if layout is not None else None
        contents = (
            (layout.contents or {}).get("report", {})
            if layout is not None and isinstance(layout.contents, dict)
            else {}
        )
        for r in reports:
            if on_board is not None and r["id"] not in on_board:
                continue  # saved to the board but not shown on it: no card to lose
            card = dependant(
                "cards",
                f"{board}/{r['id']}",
                "reports",
                r["id"],
                "card on the board it is saved to",
                "removed from the board",
                "placed back on the board in a new row",
                name=r.get("name"),
                with_owner=True,
            )
            out.append(dict(card, board=board))
            source = (contents.get(str(r["id"])) or {}).get("source_bookmark_id")
            if source is not None:
                out.append(
                    dependant(
                        "reports",
                        source,
                        "reports",
                        r["id"],
                        "the report it is a linked copy of",
                        "unchanged",
                        "the copy comes back as a report of its own, no longer linked",
                    )
                )
        if on_board is not None and layout is not None and on_board <= wanted and not layout.cards("text"):
            out.append(
                dependant(
                    "dashboards",
                    board,
                    "reports",
                    None,
                    "board left empty",
                    "stays, with no cards",
                    "its cards come back with the reports",
                    name=layout.title,
                )
            )
    return out


RESTORE = RestoreRules(
    family="reports",
    order=20,
    natural_key=("name", "dashboard_id"),
    lost=(
        "original id (the report comes back with a new id)",
        "creator (the restoring account becomes the creator)",
        "created date (becomes the time of the restore)",
        "view counts",
        "change history",
        "card position and width (the card comes back in a new row)",
        "linked copies on other boards stay, no longer linked",
    ),
    fields=_fields,
    create=_create,
    references=(("dashboard_id", "dashboards"),),
    list_raw=_list,
    dependants=_dependants,
    finish=_finish,
    row_lost=_row_lost,
)
