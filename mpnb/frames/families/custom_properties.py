"""Custom properties in frames: indexed by ``custom_property_id``; each edit is one PUT of the whole property,
filled from the plan's fresh read (no GET per row)."""

from __future__ import annotations

from mpnb.entities.custom_properties import (
    CreateCustomPropertyParams,
    CustomPropertiesMethods,
    CustomProperty,
    UpdateCustomPropertyParams,
)
from mpnb.frames._specs import FamilySpec

SPEC = FamilySpec(
    name="custom_properties",
    model=CustomProperty,
    update_params=UpdateCustomPropertyParams,
    create_params=CreateCustomPropertyParams,
    create_with=CustomPropertiesMethods.create_custom_property,
    natural_key=("resource_type", "name"),
    index="custom_property_id",
    list_query=lambda f: {},
    filters=(),
    ids_filter=False,
    lost_on_restore=("original id", "created date", "who it was shared with"),
    derived={"age_days": "created"},
    where_used=True,  # a used_by_<family> count for each family that can use a row
    retires={"is_visible": False},
)
