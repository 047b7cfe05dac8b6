"""Flags arrive disabled (turning one on in the target stays a deliberate act); a flag brings the experiment it
names and the cohorts its rollout names; an update goes through the flags' one fill-and-PUT, status kept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.copying._rules import CopyRules, Raw, dump, named_inside, no_none
from mpnb.entities.flags import CreateFeatureFlagParams

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

_KEYS = ("name", "key", "description", "tags", "context", "serving_method", "ruleset", "experiment_id")


def _fields(r: Raw) -> Raw:
    out = {k: r.get(k) for k in _KEYS}
    out["tags"] = list(r.get("tags") or [])
    out["ruleset"] = r.get("ruleset") or {}
    return out


def _create(dst: Workspace, f: Raw) -> Raw:
    return dump(dst.create_feature_flag(CreateFeatureFlagParams(status="disabled", **no_none(f))))


def _update(dst: Workspace, tid: Any, f: Raw, current: Raw) -> Raw:
    answer = dst.records("flags").write(tid, no_none(f), current)
    return answer if answer is not None else dict(current, **f)


COPY = CopyRules(
    "flags",
    _fields,
    _create,
    _update,
    follow=frozenset({"experiments"}) | named_inside("flags"),
)
