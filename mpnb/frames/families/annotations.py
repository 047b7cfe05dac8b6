"""Annotations in frames: the frame shows tag objects, the update takes tag ids, so tags stay read-only."""

from __future__ import annotations

from typing import Any

from mpnb.entities.annotations import (
    Annotation,
    AnnotationsMethods,
    CreateAnnotationParams,
    UpdateAnnotationParams,
)
from mpnb.frames._specs import FamilySpec


def _query(f: dict[str, Any]) -> dict[str, Any]:
    return {"fromDate": f.get("from_date"), "toDate": f.get("to_date")}


SPEC = FamilySpec(
    name="annotations",
    model=Annotation,
    update_params=UpdateAnnotationParams,
    create_params=CreateAnnotationParams,
    create_with=AnnotationsMethods.create_annotation,
    natural_key=("date", "description"),
    read_only=frozenset({"tags"}),
    list_query=_query,
    filters=("from_date", "to_date"),
    ids_filter=False,
    modified=None,
    lost_on_restore=("original id", "author"),
)
