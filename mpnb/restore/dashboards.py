"""Boards: restored first (reports point at them); a delete takes the reports saved to them and their alerts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mpnb.restore._rules import Raw, RestoreRules, create_fields, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]


def _fields(record: Raw) -> Raw:
    from mpnb.entities.dashboards import CreateDashboardParams

    return create_fields(CreateDashboardParams, record, drop=("rows", "duplicate"))


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.dashboards import CreateDashboardParams

    out = dump(ws.create_dashboard(CreateDashboardParams.model_validate(fields)))
    out.pop("layout", None)
    out.pop("contents", None)
    return out


def _row_lost(record: Raw) -> list[str]:
    out = []
    if record.get("total_view_count"):
        out.append(f"{record['total_view_count']} views")
    if record.get("creator_name"):
        out.append(f"creator {record['creator_name']}")
    if record.get("is_favorited") or record.get("pinned_date"):
        out.append("favorite/pin")
    return out


RESTORE = RestoreRules(
    family="dashboards",
    lost=(
        "original id (the board comes back with a new id)",
        "creator and created date",
        "layout: card positions, widths and text cards",
        "linked copies of its reports on other boards (they come back as reports of their own)",
        "view counts, favorites and pins",
    ),
    fields=_fields,
    create=_create,
    row_lost=_row_lost,
)
