"""Cohorts in frames: a cohort's definition keys are the frame's extra columns and travel flattened."""

from __future__ import annotations

from typing import Any

from mpnb.entities._base import ids_csv
from mpnb.entities.cohorts import (
    BulkUpdateCohortEntry,
    Cohort,
    CohortsMethods,
    CreateCohortParams,
    UpdateCohortParams,
)
from mpnb.frames._specs import FamilySpec


def _query(f: dict[str, Any]) -> dict[str, Any]:
    return {"data_group_id": f.get("data_group_id"), "ids": ids_csv(f.get("ids"))}


SPEC = FamilySpec(
    name="cohorts",
    model=Cohort,
    update_params=UpdateCohortParams,
    create_params=CreateCohortParams,
    create_with=CohortsMethods.create_cohort,
    bulk_update_params=BulkUpdateCohortEntry,
    natural_key=("name", "data_group_id"),
    read_only=frozenset({"definition"}),
    list_query=_query,
    filters=("data_group_id", "ids"),
    modified="last_edited",
    lost_on_restore=("original id", "count and integrations (recomputed by Mixpanel)"),
    derived={"owner": "created_by.name"},
)
