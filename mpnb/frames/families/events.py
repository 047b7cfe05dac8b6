"""Event definitions in frames: indexed by event name; edits go out as one bulk PATCH (hiding 400 is one request)."""

from __future__ import annotations

from mpnb.entities.events import BulkEventUpdate, EventDefinition, UpdateEventDefinitionParams
from mpnb.frames._specs import FamilySpec

SPEC = FamilySpec(
    name="events",
    model=EventDefinition,
    update_params=UpdateEventDefinitionParams,
    bulk_update_params=BulkEventUpdate,
    natural_key=("name",),
    id_type=str,
    index="name",
    read_only=frozenset({"merged"}),  # a merge needs its target and its impact shown, not a cell edit
    list_query=lambda f: {},
    filters=(),
    # a fresh read asks for the edited names (``name[]``, in URL-sized requests); past a few requests it lists
    # the whole dictionary once instead
    modified="modified_utc",
    where_used=True,  # a used_by_<family> count for each family that can use a row
    retires={"hidden": True, "dropped": True},  # a plan hiding or dropping events lists what uses them
    lost_on_restore=("Lexicon's row id", "created date", "change history"),
)
