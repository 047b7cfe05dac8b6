"""Custom events in frames: indexed by ``custom_event_id``; Lexicon fields (description, tags, hidden, ...)
change with one PATCH each, addressed by that id. New ones come from ``ws.create_custom_event``."""

from __future__ import annotations

from mpnb.entities.custom_events import CustomEventDefinition
from mpnb.entities.events import UpdateEventDefinitionParams
from mpnb.frames._specs import FamilySpec

SPEC = FamilySpec(
    name="custom_events",
    model=CustomEventDefinition,
    update_params=UpdateEventDefinitionParams,
    natural_key=("name",),
    index="custom_event_id",
    read_only=frozenset({"merged"}),
    list_query=lambda f: {},
    filters=(),
    ids_filter=False,
    modified="modified_utc",
    lost_on_restore=("original id (a new custom event id)", "Lexicon's row id", "created date"),
    where_used=True,  # a used_by_<family> count for each family that can use a row
    retires={"hidden": True, "dropped": True},
)
