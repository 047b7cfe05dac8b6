"""Cohorts: scratch: an empty static cohort (no definition, so nothing is computed), whose first answer
tells whether a new cohort's count is null."""

from __future__ import annotations

from typing import Any

from mpnb.doctor._cycle import Cycle
from mpnb.doctor._kit import FamilyDoctor, Raw, Scratch, Verdict, check, not_tested
from mpnb.doctor._scratch import MISSING_INT, described
from mpnb.entities.cohorts import CreateCohortParams, UpdateCohortParams

_DEFINITION_KEYS = ("selector", "behaviors", "groups", "filters")


def _flattened(ws: Any, records: list[Raw], probe: Any) -> list[Verdict]:
    """C-a: a cohort's definition keys come back at the top level of its record."""
    claim = "definition keys (selector, behaviors, ...) sit at the top level of a cohort's record"
    nested = sum(1 for r in records if isinstance(r.get("definition"), dict))
    flat = sum(1 for r in records if any(k in r for k in _DEFINITION_KEYS))
    if not flat and not nested:
        return [not_tested("C-a", claim, f"none of {len(records)} cohorts shows a definition")]
    seen = f"{flat} of {len(records)} cohorts with top-level definition keys, {nested} with a nested definition"
    return [check("C-a", claim, flat > 0 and not nested, seen)]


def _create(cycle: Cycle) -> Any:
    params = CreateCohortParams(name=cycle.name("cohort"), description="mpnb doctor")
    made: list[Any] = []

    def make() -> Any:
        cohort = cycle.ws.create_cohort(params)
        made.append(cohort)
        return cohort.id

    eid = cycle.create("cohorts", params.name, make)
    if made:
        count = made[-1].count
        seen = "count is null" if count is None else f"count is a {type(count).__name__}"
        cycle.note(check("C-d", "a new cohort answers count: null until it is computed", count is None, seen))
    return eid


def _update(cycle: Cycle, eid: Any, value: Any) -> None:
    cycle.ws.update_cohort(eid, UpdateCohortParams(description=value))


def _delete(ws: Any, eid: Any) -> None:
    ws.delete_cohort(eid)


DOCTOR = FamilyDoctor(
    family="cohorts",
    missing=lambda ws: ws.get_cohort(MISSING_INT),
    reads=(_flattened,),
    items=("C-a",),
    scratch=Scratch(
        create=_create,
        edit="description",
        value=described,
        update=_update,
        delete=_delete,
        items=("C-d",),
        what="an empty static cohort",
    ),
)
