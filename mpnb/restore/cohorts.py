"""Cohorts: restored first; reports and other cohorts that refer to one are listed, not re-pointed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.restore._rules import Dependant, Raw, RestoreRules, create_fields, dependant, dump

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


def _list(ws: Workspace) -> list[Raw]:
    return [dump(c) for c in ws.list_cohorts_full()]


def _dependants(ws: Workspace, ids: list[Any], records: list[Raw], cascades: dict[str, list[Raw]]) -> list[Dependant]:
    out = []
    for r in records:
        refs = sorted(set(r.get("referenced_by") or []) | set(r.get("referenced_directly_by") or []), key=str)
        out += [
            dependant(
                "references",
                ref,
                "cohorts",
                r.get("id"),
                "refers to the cohort",
                "may break",
                "listed only: point it at the restored cohort by hand",
            )
            for ref in refs
        ]
    return out


RESTORE = RestoreRules(
    family="cohorts",
    order=0,
    natural_key=("name",),
    lost=(
        "original id (the cohort comes back with a new id)",
        "creator and created date",
        "count and integrations (Mixpanel recomputes them)",
        "references from reports and other cohorts (they keep the old id)",
    ),
    fields=_fields,
    create=_create,
    list_raw=_list,
    dependants=_dependants,
)
