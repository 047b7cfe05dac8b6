"""Cohorts: restored first; reports and other cohorts that refer to one are listed, not re-pointed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mpnb.restore._rules import Raw, RestoreRules, create_fields, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]

_NOT_DEFINITION = {"created", "project_id", "id"}


def _fields(record: Raw) -> Raw:
    from mpnb.entities.cohorts import Cohort, CreateCohortParams

    out = create_fields(CreateCohortParams, record)
    known = {f.alias or n for n, f in Cohort.model_fields.items()} | _NOT_DEFINITION
    out["definition"] = {k: v for k, v in record.items() if k not in known}  # the keys beyond the model's
    return out


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.cohorts import CreateCohortParams

    return dump(ws.create_cohort(CreateCohortParams.model_validate(fields)))


RESTORE = RestoreRules(
    family="cohorts",
    lost=(
        "original id (the cohort comes back with a new id)",
        "creator and created date",
        "count and integrations (Mixpanel recomputes them)",
    ),
    fields=_fields,
    create=_create,
)
