"""Dashboards in frames: the frame leaves layout alone (deleting a board: the plan asks the project graph)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.entities.dashboards import CreateDashboardParams, Dashboard, DashboardsMethods, UpdateDashboardParams
from mpnb.frames._specs import FamilySpec, Raw, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

_LAYOUT = ("layout", "contents")  # the frame leaves layout alone; its JSON would only weigh on every row


def _created(ws: Workspace, made: Any) -> Raw:
    return {k: v for k, v in dump(made).items() if k not in _LAYOUT}


def _answer(data: Raw) -> Raw:
    return {k: v for k, v in data.items() if k not in _LAYOUT}


SPEC = FamilySpec(
    name="dashboards",
    model=Dashboard,
    update_params=UpdateDashboardParams,
    create_params=CreateDashboardParams,
    create_with=DashboardsMethods.create_dashboard,
    created=_created,
    natural_key=("title",),
    read_only=frozenset({"layout", "content"}),
    answer=_answer,
    lost_on_restore=("original id", "layout (cards come back one per row, widths and text cards are lost)"),
    derived={"owner": "creator_name", "age_days": "created"},
    used_by={"report_count": ("reports", "saved to the board")},
)
