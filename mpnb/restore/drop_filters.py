"""Drop filters: come back with their event and conditions, paused when they were paused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mpnb.errors import InputError
from mpnb.restore._rules import Raw, RestoreRules, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]


def _fields(record: Raw) -> Raw:
    return {"event_name": record.get("event_name"), "filters": record.get("filters"), "active": record.get("active")}


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.drop_filters import CreateDropFilterParams, UpdateDropFilterParams

    params = CreateDropFilterParams(event_name=fields["event_name"], filters=fields["filters"] or [])
    made = [f for f in ws.create_drop_filter(params) if f.event_name == params.event_name]
    if not made:
        raise InputError(f"the drop filter of {params.event_name!r} is not in the answer", field="event_name")
    new = max(made, key=lambda f: f.id)
    if fields.get("active") is False and new.active is not False:
        ws.update_drop_filter(new.id, UpdateDropFilterParams(active=False))
        new = new.model_copy(update={"active": False})
    return dump(new)


RESTORE = RestoreRules(
    family="drop_filters",
    lost=("original id", "created date", "events that arrived while it was gone were kept, not dropped"),
    fields=_fields,
    create=_create,
)
