"""Annotations: project_id on the answers, the tag list's envelope; scratch: an annotation dated far in the
past (so no chart of today shows it while it exists)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mpnb.doctor._cycle import Cycle
from mpnb.doctor._kit import FamilyDoctor, Raw, Scratch, SpecRef, Verdict, check, not_tested
from mpnb.doctor._scratch import MISSING_INT
from mpnb.doctor._shapes import json_type
from mpnb.entities.annotations import CreateAnnotationParams, UpdateAnnotationParams

Probe = Callable[[str, Callable[[], Any]], Any]
SCRATCH_DATE = "2000-01-01 00:00:00"


def _project_id_and_tags(ws: Any, records: list[Raw], probe: Probe) -> list[Verdict]:
    claim = "annotation answers carry no project_id (the spec's closed schema)"
    with_id = sum(1 for r in records if "project_id" in r)
    seen = f"project_id on {with_id} of {len(records)} annotations"
    out = [
        check(i, claim, with_id == 0, seen) if records else not_tested(i, claim, "no annotations")
        for i in ("N-b", "SB-a")
    ]
    tags = probe("list_annotation_tags", ws.list_annotation_tags)
    shape = json_type(tags) if not isinstance(tags, dict) else "object with " + ", ".join(sorted(tags))
    out.append(check("N-c", "the tag list is a bare array", isinstance(tags, list), shape))
    return out


def _create(cycle: Cycle) -> Any:
    params = CreateAnnotationParams(date=SCRATCH_DATE, description=cycle.name("annotation"))
    return cycle.create("annotations", params.description, lambda: cycle.ws.create_annotation(params).id)


def _value(cycle: Cycle, step: str) -> str:
    return cycle.name(f"annotation-{step}")  # the description is the label: it keeps the run's tag


def _update(cycle: Cycle, eid: Any, value: Any) -> None:
    cycle.ws.update_annotation(eid, UpdateAnnotationParams(description=value))


def _delete(ws: Any, eid: Any) -> None:
    ws.delete_annotation(eid)


DOCTOR = FamilyDoctor(
    family="annotations",
    missing=lambda ws: ws.get_annotation(MISSING_INT),
    path_item="N-a",
    spec=SpecRef("annotations.openapi.yaml", "/projects/{projectId}/annotations"),
    reads=(_project_id_and_tags,),
    scratch=Scratch(
        create=_create,
        edit="description",
        value=_value,
        update=_update,
        delete=_delete,
        what="an annotation dated 2000-01-01",
    ),
    items=("N-a", "N-b", "SB-a", "N-c"),
)
