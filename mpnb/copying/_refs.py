"""References between entities, found and rewritten inside nested JSON (report params, cohort definitions).

Mixpanel stores a cohort reference as an object holding ``cohort_id`` (a cohort built on others, a report
filtered by a cohort, a flag rollout group on a saved cohort). Copying to another project must rewrite
each one to the target's id, or the copy silently points at the source project.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["Ref", "cohort_refs", "rewrite_cohort_refs"]

COHORT_KEY = "cohort_id"


@dataclass(frozen=True)
class Ref:
    """``owner`` (family, source id) points at ``family`` entity ``source_id`` through ``field``."""

    owner_family: str
    owner_id: Any
    field: str
    family: str
    source_id: Any


def _walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        ref = value.get(COHORT_KEY)
        if isinstance(ref, int) and not isinstance(ref, bool):
            yield f"{path}.{COHORT_KEY}", ref
        for key, inner in value.items():
            yield from _walk(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _walk(inner, f"{path}[{i}]")


def cohort_refs(owner_family: str, owner_id: Any, value: Any, root: str) -> list[Ref]:
    """Every cohort id inside ``value`` (e.g. a report's ``params``), with the path where it sits."""
    return [Ref(owner_family, owner_id, path, "cohorts", cid) for path, cid in _walk(value, root)]


def rewrite_cohort_refs(value: Any, new_id: Callable[[int], int | None]) -> Any:
    """A deep copy of ``value`` with each cohort id replaced by ``new_id(old)`` (kept when that is None)."""
    if isinstance(value, dict):
        out = {k: rewrite_cohort_refs(v, new_id) for k, v in value.items()}
        ref = value.get(COHORT_KEY)
        if isinstance(ref, int) and not isinstance(ref, bool):
            mapped = new_id(ref)
            if mapped is not None:
                out[COHORT_KEY] = mapped
        return out
    if isinstance(value, list):
        return [rewrite_cohort_refs(v, new_id) for v in value]
    return value
