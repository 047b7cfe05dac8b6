"""Client-side checks of a flag's ruleset and the test-user map, so a bad edit is refused before sending.

The shape rules come from the Feature Flags Management spec (``ManagementRuleSet``: ``additionalProperties:
false`` everywhere, at most 11 variants, splits and rollout percentages within 0..1). Three rules are not
in the spec and are inferred from the catalog's default ruleset and Mixpanel's UI: the variant splits sum
to 1, exactly one variant is the control, and a rollout group's ``variant_splits`` name known variants
and, when not empty, sum to 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from mpnb.errors import InputError

__all__ = ["MAX_VARIANTS", "check_ruleset", "default_ruleset", "users_by_distinct_id", "variant_keys"]

MAX_VARIANTS = 11
_RULESET_KEYS = {"variants", "rollout", "test"}
_VARIANT_KEYS = {"key", "value", "description", "is_control", "split", "is_sticky"}
_ROLLOUT_KEYS = {
    "name",
    "cohort_definition",
    "runtime_evaluation_definition",
    "runtime_evaluation_rule",
    "runtime_event_rule",
    "cohort_hash",
    "rollout_percentage",
    "variant_override",
    "variant_splits",
}
_EVENT_RULE_KEYS = {"event_name", "time_window", "duration", "property_filters"}
_VALUE_MAX = 32768
_TOLERANCE = 1e-6


def default_ruleset() -> dict[str, Any]:
    """The catalog's On/Off ruleset: everyone gets On (value true); Off is the control."""
    return {
        "variants": [
            {"key": "On", "value": True, "is_control": False, "split": 1.0, "is_sticky": False},
            {"key": "Off", "value": False, "is_control": True, "split": 0.0, "is_sticky": False},
        ],
        "rollout": [],
    }


def _fail(where: str, problem: str) -> InputError:
    return InputError(f"{where}: {problem}; nothing was sent", field=where)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _fraction(value: Any, where: str, name: str) -> float:
    if not _number(value) or not 0 <= value <= 1:
        raise _fail(where, f"{name} must be a number within 0..1 (a fraction, not a percentage), got {value!r}")
    return float(value)


def _unknown(obj: Mapping[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(obj) - allowed)
    if extra:
        raise _fail(where, f"unknown field {extra[0]!r} (allowed: {', '.join(sorted(allowed))})")


def variant_keys(ruleset: Any) -> list[str]:
    """The variant keys of a ruleset as the server returned it (tolerant of odd shapes)."""
    variants = ruleset.get("variants") if isinstance(ruleset, Mapping) else None
    if not isinstance(variants, list):
        return []
    return [v["key"] for v in variants if isinstance(v, Mapping) and isinstance(v.get("key"), str)]


def _check_variants(variants: Any) -> list[str]:
    if not isinstance(variants, list) or not variants:
        raise _fail("ruleset.variants", "must be a non-empty list of variants")
    if len(variants) > MAX_VARIANTS:
        raise _fail("ruleset.variants", f"at most {MAX_VARIANTS} variants are allowed, got {len(variants)}")
    keys: list[str] = []
    controls: list[str] = []
    total = 0.0
    for i, v in enumerate(variants):
        where = f"ruleset.variants[{i}]"
        if not isinstance(v, Mapping):
            raise _fail(where, "must be an object")
        key = v.get("key")
        if not isinstance(key, str) or not key:
            raise _fail(where, "key must be a non-empty string")
        where = f"{where} ({key!r})"
        _unknown(v, _VARIANT_KEYS, where)
        for name in ("value", "is_control", "split"):
            if name not in v:
                raise _fail(where, f"{name} is required")
        if key in keys:
            raise _fail(where, "variant keys must be unique")
        if not isinstance(v["is_control"], bool):
            raise _fail(where, "is_control must be true or false")
        if "is_sticky" in v and not isinstance(v["is_sticky"], bool):
            raise _fail(where, "is_sticky must be true or false")
        if isinstance(v["value"], str) and len(v["value"]) > _VALUE_MAX:
            raise _fail(where, f"a string value is limited to {_VALUE_MAX} characters")
        if v.get("description") is not None and not isinstance(v["description"], str):
            raise _fail(where, "description must be a string or null")
        total += _fraction(v["split"], where, "split")
        keys.append(key)
        if v["is_control"]:
            controls.append(key)
    if len(controls) != 1:
        found = ", ".join(map(repr, controls)) or "none"
        raise _fail("ruleset.variants", f"exactly one variant must have is_control=true (found {found})")
    if abs(total - 1) > _TOLERANCE:
        raise _fail("ruleset.variants", f"the variant splits must sum to 1, they sum to {total:g}")
    return keys


def _check_rollout(rollout: Any, keys: list[str]) -> None:
    if not isinstance(rollout, list):
        raise _fail("ruleset.rollout", "must be a list of rollout groups (may be empty)")
    for i, group in enumerate(rollout):
        where = f"ruleset.rollout[{i}]"
        if not isinstance(group, Mapping):
            raise _fail(where, "must be an object")
        if isinstance(group.get("name"), str):
            where = f"{where} ({group['name']!r})"
        _unknown(group, _ROLLOUT_KEYS, where)
        if "rollout_percentage" not in group:
            raise _fail(where, "rollout_percentage is required")
        _fraction(group["rollout_percentage"], where, "rollout_percentage")
        splits = group.get("variant_splits")
        if not isinstance(splits, Mapping):
            raise _fail(where, "variant_splits is required: an object of {variant_key: fraction}")
        for name, share in splits.items():
            if name not in keys:
                raise _fail(where, f"variant_splits names unknown variant {name!r} (variants: {', '.join(keys)})")
            _fraction(share, where, f"variant_splits[{name!r}]")
        if splits and abs(sum(splits.values()) - 1) > _TOLERANCE:
            raise _fail(where, f"variant_splits must sum to 1, they sum to {sum(splits.values()):g}")
        override = group.get("variant_override")
        if override is not None and (not isinstance(override, Mapping) or override.get("key") not in keys):
            raise _fail(where, f"variant_override must be {{'key': <one of {', '.join(keys)}>}}")
        rule = group.get("runtime_event_rule")
        if rule is not None:
            if not isinstance(rule, Mapping) or not isinstance(rule.get("event_name"), str):
                raise _fail(where, "runtime_event_rule needs an event_name")
            _unknown(rule, _EVENT_RULE_KEYS, f"{where}.runtime_event_rule")
            if rule.get("time_window") != "while_flag_enabled":
                raise _fail(where, "runtime_event_rule.time_window must be 'while_flag_enabled'")
            if rule.get("duration") not in (None, "end_of_session", "indefinitely"):
                raise _fail(where, "runtime_event_rule.duration must be 'end_of_session' or 'indefinitely'")


def check_ruleset(ruleset: Any) -> None:
    """Refuse a ruleset the server would reject (or that cannot mean what was intended)."""
    if not isinstance(ruleset, Mapping):
        raise _fail("ruleset", f"must be an object with variants and rollout, got {type(ruleset).__name__}")
    _unknown(ruleset, _RULESET_KEYS, "ruleset")
    if "variants" not in ruleset or "rollout" not in ruleset:
        raise _fail("ruleset", "variants and rollout are both required (rollout may be [])")
    keys = _check_variants(ruleset["variants"])
    _check_rollout(ruleset["rollout"], keys)
    test = ruleset.get("test")
    if test is not None:
        ok = isinstance(test, Mapping) and all(
            isinstance(inner, Mapping) and all(isinstance(k, str) and isinstance(v, str) for k, v in inner.items())
            for inner in test.values()
        )
        if not ok:
            raise _fail("ruleset.test", 'must look like {"users": {distinct_id: variant_key}}')


def users_by_distinct_id(users: Mapping[str, str], keys: list[str]) -> dict[str, str]:
    """``users`` as ``{distinct_id: variant_key}``, whichever way round it was given.

    ``{"On": "user-1"}`` (the seed's variant -> user) and ``{"user-1": "On"}`` both give ``{"user-1": "On"}``.
    A map whose direction cannot be told from the flag's variant keys is refused.
    """
    if not isinstance(users, Mapping):
        raise InputError("users must be a map of variant key -> distinct_id (or distinct_id -> variant key)")
    known = set(keys)
    shown = ", ".join(repr(k) for k in keys) or "none"
    for k, v in users.items():
        if not isinstance(k, str) or not isinstance(v, str) or not k or not v:
            raise InputError(f"users: {k!r} -> {v!r} must be two non-empty strings", field="users")
        if k not in known and v not in known:
            raise InputError(
                f"users: neither {k!r} nor {v!r} is a variant of this flag (variants: {shown}); nothing was sent",
                field="users",
            )
    keys_are_variants = all(k in known for k in users)
    values_are_variants = all(v in known for v in users.values())
    if keys_are_variants and values_are_variants and users:
        raise InputError(
            "users: every key and every value is a variant key, so the direction is ambiguous; "
            "rename the distinct ids or the variants; nothing was sent",
            field="users",
        )
    if values_are_variants:
        return dict(users)
    if keys_are_variants:
        flipped: dict[str, str] = {}
        for variant, user in users.items():
            if user in flipped:
                raise InputError(f"users: {user!r} is assigned to two variants; nothing was sent", field="users")
            flipped[user] = variant
        return flipped
    raise InputError(
        "users mixes {variant: user} and {user: variant} entries; use one direction; nothing was sent", field="users"
    )
