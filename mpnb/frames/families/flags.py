"""Feature flags in frames: one PUT per flag, filled from the plan's fresh list record (no GET per flag)."""

from __future__ import annotations

from mpnb.entities.flags import (
    CreateFeatureFlagParams,
    FeatureFlag,
    FlagsMethods,
    UpdateFeatureFlagParams,
)
from mpnb.frames._specs import FamilySpec, include_archived

SPEC = FamilySpec(
    name="flags",
    model=FeatureFlag,
    update_params=UpdateFeatureFlagParams,
    create_params=CreateFeatureFlagParams,
    create_with=FlagsMethods.create_feature_flag,
    natural_key=("key",),
    id_type=str,
    read_only=frozenset({"reset_hash_salt"}),
    list_query=include_archived,
    filters=("include_archived",),
    ids_filter=False,
    fresh_filters={"include_archived": True},
    full_update=True,
    archive=FlagsMethods.archive_feature_flag,
    lost_on_restore=("original id", "history", "enabled_at"),
    derived={"owner": "creator_name", "age_days": "created"},
)
