"""Property definitions in frames: indexed by Lexicon's id; event and user properties together (two list
requests) unless ``frame(resource_type="User")``; edits go out as one bulk PATCH."""

from __future__ import annotations

from typing import Any

from mpnb.entities.properties import BulkPropertyUpdate, PropertyDefinition, UpdatePropertyDefinitionParams
from mpnb.frames._specs import FamilySpec


def _query(f: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": f.get("resource_type")}


SPEC = FamilySpec(
    name="properties",
    model=PropertyDefinition,
    update_params=UpdatePropertyDefinitionParams,
    bulk_update_params=BulkPropertyUpdate,
    natural_key=("resource_type", "name"),
    read_only=frozenset({"merged", "resource_type"}),  # which property it is, and a merge, are not cell edits
    list_query=_query,
    filters=("resource_type",),
    ids_filter=False,
    modified=None,
    where_used=True,  # a used_by_<family> count for each family that can use a row
    used_by_key="name",  # references name a property; an event and a user property of one name share counts
    retires={"hidden": True, "dropped": True},
    lost_on_restore=("Lexicon's row id",),
)
