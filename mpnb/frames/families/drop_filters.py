"""Drop filters in frames: one PATCH per filter (the id rides in the body; the answer is the whole list)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.entities.drop_filters import CreateDropFilterParams, DropFilter, UpdateDropFilterParams
from mpnb.frames._specs import FamilySpec

if TYPE_CHECKING:
    from mpnb._workspace import Workspace


def _create(ws: Workspace, params: Any) -> DropFilter:
    """The create answers every filter: the new one is the newest of its event."""
    made = [f for f in ws.create_drop_filter(params) if f.event_name == params.event_name]
    return max(made, key=lambda f: f.id)


SPEC = FamilySpec(
    name="drop_filters",
    model=DropFilter,
    update_params=UpdateDropFilterParams,
    create_params=CreateDropFilterParams,
    create_with=_create,
    natural_key=("event_name", "filters"),
    list_query=lambda f: {},
    filters=(),
    ids_filter=False,
    update_returns_record=False,
    modified=None,
    lost_on_restore=("original id", "created date"),
)
