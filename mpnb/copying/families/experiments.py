"""Experiments arrive as drafts; an experiment brings its flag, whichever of the two names the other."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.copying._rules import CopyRules, Raw, dump, no_none
from mpnb.entities.experiments import CreateExperimentParams, UpdateExperimentParams

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

_KEYS = ("name", "description", "hypothesis", "settings", "variants", "metrics")


def _fields(r: Raw) -> Raw:
    return {k: r.get(k) for k in _KEYS}


def _create(dst: Workspace, f: Raw) -> Raw:
    return dump(dst.create_experiment(CreateExperimentParams(**no_none(f))))


def _update(dst: Workspace, tid: Any, f: Raw, current: Raw) -> Raw:
    return dump(dst.update_experiment(tid, UpdateExperimentParams(**no_none(f))))


COPY = CopyRules(
    "experiments",
    _fields,
    _create,
    _update,
    follow=frozenset({"flags"}),
    brings=("flags",),
    why_brought={"flags": "flag of experiment {label!r}"},
)
