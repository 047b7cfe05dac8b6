"""Experiments: come back as drafts; the flags linked to one are re-linked to the restored experiment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mpnb.restore._rules import Raw, RestoreRules, create_fields, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]


def _fields(record: Raw) -> Raw:
    from mpnb.entities.experiments import CreateExperimentParams

    return create_fields(CreateExperimentParams, record)


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.experiments import CreateExperimentParams

    return dump(ws.create_experiment(CreateExperimentParams.model_validate(fields)))


def _row_lost(record: Raw) -> list[str]:
    out = []
    if record.get("status") not in (None, "draft"):
        out.append(f"status {record['status']} (it comes back a draft)")
    if record.get("results_cache"):
        out.append("results")
    return out


RESTORE = RestoreRules(
    family="experiments",
    lost=(
        "original id (the experiment comes back with a new id)",
        "creator and created date",
        "state: it comes back a draft, without start/end dates, exposures or results",
    ),
    fields=_fields,
    create=_create,
    row_lost=_row_lost,
)
