"""Experiments: the ERF list's shape; scratch: a draft experiment (never launched), and what its archive
changes on the record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mpnb.doctor._cycle import Cycle
from mpnb.doctor._kit import FamilyDoctor, Raw, Scratch, SpecRef, Verdict, check
from mpnb.doctor._scratch import described, missing_uuid
from mpnb.doctor._shapes import json_type, payload
from mpnb.entities.experiments import CreateExperimentParams, UpdateExperimentParams

Probe = Callable[[str, Callable[[], Any]], Any]


def _erf(ws: Any, records: list[Raw], probe: Probe) -> list[Verdict]:
    erf = probe("list_erf_experiments", ws.list_erf_experiments)
    rows = payload(erf)
    kinds = sorted({json_type(r) for r in rows}) if isinstance(rows, list) else [json_type(rows)]
    claim = "the ERF list is a list of objects (passed through as dicts)"
    return [check("E-g", claim, isinstance(rows, list) and kinds in ([], ["object"]), f"{json_type(rows)} of {kinds}")]


def _create(cycle: Cycle) -> Any:
    params = CreateExperimentParams(name=cycle.name("experiment"), description="mpnb doctor")
    return cycle.create("experiments", params.name, lambda: cycle.ws.create_experiment(params).id)


def _update(cycle: Cycle, eid: Any, value: Any) -> None:
    cycle.ws.update_experiment(eid, UpdateExperimentParams(description=value))


def _delete(ws: Any, eid: Any) -> None:
    ws.delete_experiment(eid)


def _archived(cycle: Cycle) -> list[Verdict]:
    """E-d: an archive keeps the status and marks the record in a field other than ``archived``."""
    ws, eid = cycle.ws, cycle.first("experiments")
    before = cycle.records("experiments", [eid])
    cycle.again(lambda: ws.archive_experiment(eid))
    after = cycle.records("experiments", [eid])
    cycle.again(lambda: ws.restore_experiment(eid))
    if not before or not after:
        return [
            check("E-d", "an archived experiment is still listed (include_archived)", False, "not listed after archive")
        ]
    old, new = before[0], after[0]
    changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k) and k not in ("modified", "updated"))
    same_status = old.get("status") == new.get("status")
    holds = same_status and "archived" not in new and bool(new.get("deleted"))
    seen = f"status {'kept' if same_status else 'changed'}; fields that changed: {changed or 'none'}"
    return [check("E-d", "an archive keeps the status and sets deleted (no archived field)", holds, seen)]


DOCTOR = FamilyDoctor(
    family="experiments",
    missing=lambda ws: ws.get_experiment(missing_uuid()),
    path_item="E-a",
    error_type_item="F-f",
    spec=SpecRef("experiments.openapi.yaml", "/workspaces/{workspace_id}/experiments"),
    reads=(_erf,),
    scratch=Scratch(
        create=_create,
        edit="description",
        value=described,
        update=_update,
        delete=_delete,
        questions=(_archived,),
        items=("E-d",),
        what="a draft experiment (never launched)",
    ),
    items=("E-a", "E-g"),
)
