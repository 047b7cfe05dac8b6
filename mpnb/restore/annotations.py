"""Annotations: nothing depends on them; tags come back by id."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mpnb.restore._rules import Raw, RestoreRules, create_fields, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]


def _fields(record: Raw) -> Raw:
    from mpnb.entities.annotations import CreateAnnotationParams

    out = create_fields(CreateAnnotationParams, record, drop=("user_id",))
    out["tags"] = [t["id"] for t in record.get("tags") or [] if isinstance(t, dict) and "id" in t]
    return out


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.annotations import CreateAnnotationParams

    return dump(ws.create_annotation(CreateAnnotationParams.model_validate(fields)))


RESTORE = RestoreRules(
    family="annotations",
    lost=("original id (the annotation comes back with a new id)", "author (the restoring account)"),
    fields=_fields,
    create=_create,
)
