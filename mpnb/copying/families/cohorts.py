"""Cohorts: name, description and definition; a cohort built on other cohorts brings them along,
and the custom events and properties it selects by."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.copying._rules import CopyRules, Raw, dump, named_inside
from mpnb.entities.cohorts import FAMILY, CreateCohortParams, UpdateCohortParams

if TYPE_CHECKING:
    from mpnb._workspace import Workspace


def _fields(r: Raw) -> Raw:
    definition = FAMILY.content_of(r)["definition"] if FAMILY.content_of is not None else {}
    return {"name": r["name"], "description": r.get("description"), "definition": definition}


def _create(dst: Workspace, f: Raw) -> Raw:
    return dump(dst.create_cohort(CreateCohortParams(**f)))


def _update(dst: Workspace, tid: Any, f: Raw, current: Raw) -> Raw:
    return dump(dst.update_cohort(tid, UpdateCohortParams(**f)))


COPY = CopyRules("cohorts", _fields, _create, _update, follow=frozenset({"cohorts"}) | named_inside("cohorts"))
