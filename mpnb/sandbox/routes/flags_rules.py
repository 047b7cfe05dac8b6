"""What a feature flag request must look like (the spec's ``FeatureFlagRequest``), checked before any write."""

from __future__ import annotations

import math
import uuid
from typing import Any

from mpnb.sandbox.router import Ctx, SandboxError

__all__ = ["LIMIT", "REQUIRED", "SERVING", "STATUSES", "bad", "check_request", "stamp"]

LIMIT = 250
STATUSES = ("enabled", "disabled", "archived")
SERVING = ("client", "server", "remote_or_local", "remote_only")
REQUIRED = ("name", "key", "tags", "context", "serving_method", "ruleset")

WRITABLE = {
    "name",
    "key",
    "description",
    "tags",
    "experiment_id",
    "status",
    "context",
    "data_group_id",
    "serving_method",
    "ruleset",
    "workspace_id",
    "is_experiment_active",
    "hash_salt",
    "reset_hash_salt",
}
READ_ONLY = {
    "id",
    "project_id",
    "content_type",
    "created",
    "modified",
    "creator_id",
    "creator_name",
    "creator_email",
    "last_modified_by_id",
    "last_modified_by_name",
    "last_modified_by_email",
    "is_favorited",
    "pinned_date",
    "enabled_at",
    "deleted",
    "content_environments_id",
    "project_name",
    "can_update_basic",
    "is_superadmin",
    "allow_staff_override",
    "can_view",
    "can_share",
    "can_pin",
    "is_shared_with_project",
}
VARIANT_FIELDS = {"key", "value", "description", "is_control", "split", "is_sticky"}
ROLLOUT_FIELDS = {
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
BAD = "validation_error"  # the `type` values are the sandbox's own choice: the spec names none


def bad(message: str, kind: str = BAD) -> SandboxError:
    return SandboxError(400, message, type=kind)


def stamp(ctx: Ctx) -> str:
    return ctx.now() + "Z"


def _is_num(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _text(body: dict[str, Any], name: str, *, nullable: bool = False, limit: int = 255, shortest: int = 1) -> None:
    if name not in body:
        return
    v = body[name]
    if v is None and nullable:
        return
    if not isinstance(v, str) or not shortest <= len(v) <= limit:
        raise bad(f"{name}: must be a string of {shortest} to {limit} characters")


def _check_ruleset(rs: Any) -> list[str]:
    if not isinstance(rs, dict):
        raise bad("ruleset: must be an object")
    extra = sorted(set(rs) - {"variants", "rollout", "test"})
    if extra:
        raise bad(f"ruleset.{extra[0]}: extra inputs are not permitted")
    variants, rollout = rs.get("variants"), rs.get("rollout")
    if not isinstance(variants, list) or not isinstance(rollout, list):
        raise bad("ruleset: variants and rollout must both be lists")
    if not 1 <= len(variants) <= 11:
        raise bad("ruleset.variants: a flag has 1 to 11 variants")
    keys: list[str] = []
    for i, v in enumerate(variants):
        if not isinstance(v, dict) or set(v) - VARIANT_FIELDS:
            raise bad(f"ruleset.variants.{i}: unknown field or not an object")
        if not isinstance(v.get("key"), str) or not v["key"] or v["key"] in keys:
            raise bad(f"ruleset.variants.{i}.key: must be a unique non-empty string")
        if "value" not in v or not isinstance(v.get("is_control"), bool):
            raise bad(f"ruleset.variants.{i} ({v['key']}): value and is_control are required")
        if not _is_num(v.get("split")) or not 0 <= v["split"] <= 1:
            raise bad(f"ruleset.variants.{i} ({v['key']}): split must be within 0 and 1")
        if not isinstance(v.get("is_sticky", False), bool):
            raise bad(f"ruleset.variants.{i} ({v['key']}): is_sticky must be a boolean")
        if isinstance(v["value"], str) and len(v["value"]) > 32768:
            raise bad(f"ruleset.variants.{i} ({v['key']}): value is too long")
        keys.append(v["key"])
    if sum(1 for v in variants if v["is_control"]) != 1:
        raise bad("ruleset.variants: exactly one variant must be the control")
    if abs(sum(v["split"] for v in variants) - 1) > 1e-6:
        raise bad("ruleset.variants: splits must add up to 1")
    for i, g in enumerate(rollout):
        if not isinstance(g, dict) or set(g) - ROLLOUT_FIELDS:
            raise bad(f"ruleset.rollout.{i}: unknown field or not an object")
        label = f"ruleset.rollout.{i} ({g.get('name') or 'unnamed'})"
        pct: Any = g.get("rollout_percentage")
        if not _is_num(pct) or not 0 <= pct <= 1:
            raise bad(f"{label}: rollout_percentage must be within 0 and 1")
        splits = g.get("variant_splits")
        if not isinstance(splits, dict):
            raise bad(f"{label}: variant_splits is required")
        for name, share in splits.items():
            if name not in keys or not _is_num(share) or not 0 <= share <= 1:
                raise bad(f"{label}: variant_splits.{name} must name a variant and be within 0 and 1")
        if splits and abs(sum(splits.values()) - 1) > 1e-6:
            raise bad(f"{label}: variant_splits must add up to 1")
        override = g.get("variant_override")
        if override is not None and (not isinstance(override, dict) or override.get("key") not in keys):
            raise bad(f"{label}: variant_override must point at a variant")
    test = rs.get("test")
    if test is not None and not (
        isinstance(test, dict)
        and all(isinstance(m, dict) and all(isinstance(x, str) for x in [*m, *m.values()]) for m in test.values())
    ):
        raise bad("ruleset.test: must be an object of objects of strings")
    return keys


def check_request(body: dict[str, Any]) -> None:
    """``FeatureFlagRequest`` (additionalProperties: false): required fields, types, enums, lengths."""
    for name in body:
        if name in READ_ONLY:
            raise bad(f"{name}: is read-only and cannot be written")
        if name not in WRITABLE:
            raise bad(f"{name}: extra inputs are not permitted")
    for name in REQUIRED:
        if name not in body:
            raise bad(f"{name}: field required")
    _text(body, "name")
    _text(body, "key")
    _text(body, "context")
    _text(body, "description", nullable=True, limit=10**6, shortest=0)  # the spec sets no minLength
    if not isinstance(body["tags"], list) or not all(isinstance(t, str) for t in body["tags"]):
        raise bad("tags: must be a list of strings")
    if body.get("status", "disabled") not in STATUSES:
        raise bad(f"status: must be one of {', '.join(STATUSES)}")
    if body["serving_method"] not in SERVING:
        raise bad(f"serving_method: must be one of {', '.join(SERVING)}")
    exp = body.get("experiment_id")
    if exp is not None:
        try:
            uuid.UUID(str(exp))
        except ValueError:
            raise bad("experiment_id: must be a UUID") from None
    salt = body.get("hash_salt")
    if salt is not None and (not isinstance(salt, str) or len(salt) != 32):
        raise bad("hash_salt: must be 32 characters")
    for name, kinds in (("workspace_id", (int,)), ("is_experiment_active", (bool,)), ("reset_hash_salt", (bool,))):
        v = body.get(name)
        if v is not None and (not isinstance(v, kinds) or (kinds == (int,) and isinstance(v, bool))):
            raise bad(f"{name}: wrong type")
    dg = body.get("data_group_id")
    if dg is not None and (isinstance(dg, bool) or not isinstance(dg, (str, int))):
        raise bad("data_group_id: must be a string, an integer or null")
    _check_ruleset(body["ruleset"])
