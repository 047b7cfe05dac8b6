"""Reports: restored after boards, before alerts; alerts and board cards go with a delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mpnb.errors import MpnbError
from mpnb.restore._rules import Dependant, Raw, RestoreRules, create_fields, dependant, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]


def _fields(record: Raw) -> Raw:
    from mpnb.entities.reports import CreateBookmarkParams

    return create_fields(CreateBookmarkParams, record)


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.reports import CreateBookmarkParams

    return dump(ws.create_bookmark(CreateBookmarkParams.model_validate(fields)))


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


def _cards(records: list[Raw]) -> list[Dependant]:
    """A deleted report's card on the board it is saved to goes with it; restore places the report back."""
    out = []
    for r in records:
        if r.get("dashboard_id") is None:
            continue
        card = dependant(
            "cards",
            f"{r['dashboard_id']}/{r['id']}",
            "reports",
            r["id"],
            "card on the board it is saved to",
            "removed from the board",
            "placed back on the board in a new row",
            name=r.get("name"),
            with_owner=True,
        )
        out.append(dict(card, board=r["dashboard_id"]))
    return out


RESTORE = RestoreRules(
    family="reports",
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
    finish=_finish,
    extra_dependants=_cards,
    row_lost=_row_lost,
)
