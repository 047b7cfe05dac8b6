"""Boards: restored first (reports point at them); a delete takes the reports saved to them and their alerts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.restore._rules import Dependant, Raw, RestoreRules, create_fields, dependant, dump
from mpnb.restore.reports import alerts_on

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


def _list(ws: Workspace) -> list[Raw]:
    return [dump(d) for d in ws.list_dashboards()]


def _dependants(ws: Workspace, ids: list[Any], records: list[Raw], cascades: dict[str, list[Raw]]) -> list[Dependant]:
    wanted = set(ids)
    saved = cascades.get("reports")
    if saved is None:
        saved = [dump(b) for b in ws.list_bookmarks_v2() if b.dashboard_id in wanted]
    out = [
        dependant(
            "reports",
            r.get("id"),
            "dashboards",
            r.get("dashboard_id"),
            "report saved to the board",
            "deleted with it",
            "recreated on the restored board",
            name=r.get("name"),
        )
        for r in saved
    ]
    return out + alerts_on(ws, {r.get("id") for r in saved}) if saved else out


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
    order=10,
    natural_key=("title",),
    lost=(
        "original id (the board comes back with a new id)",
        "creator and created date",
        "layout: card positions, widths and text cards",
        "linked copies of its reports on other boards",
        "view counts, favorites and pins",
    ),
    fields=_fields,
    create=_create,
    list_raw=_list,
    dependants=_dependants,
    row_lost=_row_lost,
)
