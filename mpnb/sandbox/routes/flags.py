"""Sandbox routes for feature flags (F1-F11): an independent reading of the Feature Flags Management spec.

Bodies of POST/PUT are checked against the spec's ``FeatureFlagRequest`` (unknown or read-only fields are a
400); keys are unique per project; ``context`` is frozen once a flag has been enabled; an enabled flag cannot
be deleted; archive only from disabled; restore lands in disabled; archived flags leave the list unless
``include_archived=true``. Errors follow ``ManagementApiErrorResponse``: ``{"status", "error", "type"}``.
The experiments slice reads table ``feature_flags`` (``find_flag``) to link experiments.
"""

from __future__ import annotations

import copy
import math
import uuid
from typing import Any

from mpnb.sandbox.router import Ctx, Request, Routes, SandboxError
from mpnb.sandbox.seed import PEOPLE, Seeder
from mpnb.sandbox.store import public

__all__ = ["ROUTES", "H", "T", "find_flag", "make_flag", "seed"]

ROUTES = Routes()
T = "feature_flags"
H = "feature_flag_history"
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


def _bad(message: str, kind: str = BAD) -> SandboxError:
    return SandboxError(400, message, type=kind)


def _stamp(ctx: Ctx) -> str:
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
        raise _bad(f"{name}: must be a string of {shortest} to {limit} characters")


def _check_ruleset(rs: Any) -> list[str]:
    if not isinstance(rs, dict):
        raise _bad("ruleset: must be an object")
    extra = sorted(set(rs) - {"variants", "rollout", "test"})
    if extra:
        raise _bad(f"ruleset.{extra[0]}: extra inputs are not permitted")
    variants, rollout = rs.get("variants"), rs.get("rollout")
    if not isinstance(variants, list) or not isinstance(rollout, list):
        raise _bad("ruleset: variants and rollout must both be lists")
    if not 1 <= len(variants) <= 11:
        raise _bad("ruleset.variants: a flag has 1 to 11 variants")
    keys: list[str] = []
    for i, v in enumerate(variants):
        if not isinstance(v, dict) or set(v) - VARIANT_FIELDS:
            raise _bad(f"ruleset.variants.{i}: unknown field or not an object")
        if not isinstance(v.get("key"), str) or not v["key"] or v["key"] in keys:
            raise _bad(f"ruleset.variants.{i}.key: must be a unique non-empty string")
        if "value" not in v or not isinstance(v.get("is_control"), bool):
            raise _bad(f"ruleset.variants.{i} ({v['key']}): value and is_control are required")
        if not _is_num(v.get("split")) or not 0 <= v["split"] <= 1:
            raise _bad(f"ruleset.variants.{i} ({v['key']}): split must be within 0 and 1")
        if not isinstance(v.get("is_sticky", False), bool):
            raise _bad(f"ruleset.variants.{i} ({v['key']}): is_sticky must be a boolean")
        if isinstance(v["value"], str) and len(v["value"]) > 32768:
            raise _bad(f"ruleset.variants.{i} ({v['key']}): value is too long")
        keys.append(v["key"])
    if sum(1 for v in variants if v["is_control"]) != 1:
        raise _bad("ruleset.variants: exactly one variant must be the control")
    if abs(sum(v["split"] for v in variants) - 1) > 1e-6:
        raise _bad("ruleset.variants: splits must add up to 1")
    for i, g in enumerate(rollout):
        if not isinstance(g, dict) or set(g) - ROLLOUT_FIELDS:
            raise _bad(f"ruleset.rollout.{i}: unknown field or not an object")
        label = f"ruleset.rollout.{i} ({g.get('name') or 'unnamed'})"
        pct: Any = g.get("rollout_percentage")
        if not _is_num(pct) or not 0 <= pct <= 1:
            raise _bad(f"{label}: rollout_percentage must be within 0 and 1")
        splits = g.get("variant_splits")
        if not isinstance(splits, dict):
            raise _bad(f"{label}: variant_splits is required")
        for name, share in splits.items():
            if name not in keys or not _is_num(share) or not 0 <= share <= 1:
                raise _bad(f"{label}: variant_splits.{name} must name a variant and be within 0 and 1")
        if splits and abs(sum(splits.values()) - 1) > 1e-6:
            raise _bad(f"{label}: variant_splits must add up to 1")
        override = g.get("variant_override")
        if override is not None and (not isinstance(override, dict) or override.get("key") not in keys):
            raise _bad(f"{label}: variant_override must point at a variant")
    test = rs.get("test")
    if test is not None and not (
        isinstance(test, dict)
        and all(isinstance(m, dict) and all(isinstance(x, str) for x in [*m, *m.values()]) for m in test.values())
    ):
        raise _bad("ruleset.test: must be an object of objects of strings")
    return keys


def _check_request(body: dict[str, Any]) -> None:
    """``FeatureFlagRequest`` (additionalProperties: false): required fields, types, enums, lengths."""
    for name in body:
        if name in READ_ONLY:
            raise _bad(f"{name}: is read-only and cannot be written")
        if name not in WRITABLE:
            raise _bad(f"{name}: extra inputs are not permitted")
    for name in REQUIRED:
        if name not in body:
            raise _bad(f"{name}: field required")
    _text(body, "name")
    _text(body, "key")
    _text(body, "context")
    _text(body, "description", nullable=True, limit=10**6, shortest=0)  # the spec sets no minLength
    if not isinstance(body["tags"], list) or not all(isinstance(t, str) for t in body["tags"]):
        raise _bad("tags: must be a list of strings")
    if body.get("status", "disabled") not in STATUSES:
        raise _bad(f"status: must be one of {', '.join(STATUSES)}")
    if body["serving_method"] not in SERVING:
        raise _bad(f"serving_method: must be one of {', '.join(SERVING)}")
    exp = body.get("experiment_id")
    if exp is not None:
        try:
            uuid.UUID(str(exp))
        except ValueError:
            raise _bad("experiment_id: must be a UUID") from None
    salt = body.get("hash_salt")
    if salt is not None and (not isinstance(salt, str) or len(salt) != 32):
        raise _bad("hash_salt: must be 32 characters")
    for name, kinds in (("workspace_id", (int,)), ("is_experiment_active", (bool,)), ("reset_hash_salt", (bool,))):
        v = body.get(name)
        if v is not None and (not isinstance(v, kinds) or (kinds == (int,) and isinstance(v, bool))):
            raise _bad(f"{name}: wrong type")
    dg = body.get("data_group_id")
    if dg is not None and (isinstance(dg, bool) or not isinstance(dg, (str, int))):
        raise _bad("data_group_id: must be a string, an integer or null")
    _check_ruleset(body["ruleset"])


def _log(ctx: Ctx, fid: str, action: str, details: dict[str, Any] | None = None) -> None:
    """Events are positional, newest last in storage: ``[id, action, timestamp, user email, details]``."""
    events = ctx.store.table(H).setdefault(fid, {"events": []})["events"]
    events.append([len(events) + 1, action, _stamp(ctx), ctx.user["email"], details or {}])


def find_flag(ctx: Ctx, flag_id: str) -> dict[str, Any] | None:
    """The stored flag (not a copy), or ``None``."""
    return ctx.store.get(T, flag_id)


def _flag(ctx: Ctx, flag_id: str) -> dict[str, Any]:
    f = find_flag(ctx, flag_id)
    if f is None:
        raise SandboxError(404, f"Feature flag {flag_id} not found", type="not_found")
    return f


def _key_taken(ctx: Ctx, key: str, but: str | None = None) -> bool:
    return any(f["key"] == key and f["id"] != but for f in ctx.store.table(T).values())


def _ruleset(rs: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(rs)
    for v in out["variants"]:
        v.setdefault("is_sticky", False)
        v.setdefault("description", None)
    return out


def make_flag(
    ctx: Ctx,
    body: dict[str, Any],
    *,
    project_id: int,
    workspace_id: int | None,
    fid: str | None = None,
    when: str | None = None,
    creator: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Store a new flag from a checked request body, in the shape the spec's ``FeatureFlagApiResponse`` has."""
    who = creator or {"id": ctx.user["id"], "name": ctx.user["name"], "email": ctx.user["email"]}
    now = when or _stamp(ctx)
    status = body.get("status") or "disabled"
    flag: dict[str, Any] = {
        "id": fid or ctx.new_uuid(),
        "project_id": project_id,
        "workspace_id": body.get("workspace_id", workspace_id),
        "content_type": "feature-flags",
        "name": body["name"],
        "key": body["key"],
        "description": body.get("description"),
        "tags": list(body["tags"]),
        "status": status,
        "context": body["context"],
        "serving_method": body["serving_method"],
        "ruleset": _ruleset(body["ruleset"]),
        "experiment_id": body.get("experiment_id"),
        "is_experiment_active": body.get("is_experiment_active"),
        "data_group_id": body.get("data_group_id"),
        "hash_salt": body.get("hash_salt") or uuid.uuid5(uuid.NAMESPACE_URL, f"{body['key']}/{now}").hex,
        "created": now,
        "modified": now,
        "creator_id": who["id"],
        "creator_name": who["name"],
        "creator_email": who["email"],
        "last_modified_by_id": who["id"],
        "last_modified_by_name": who["name"],
        "last_modified_by_email": who["email"],
        "enabled_at": now if status == "enabled" else None,
        "deleted": now if status == "archived" else None,
        "is_favorited": False,
        "pinned_date": None,
        "content_environments_id": None,
        "project_name": "Sandbox Demo Project",
        "can_update_basic": True,
        "is_superadmin": False,
        "allow_staff_override": False,
        "can_view": True,
        "can_share": True,
        "can_pin": True,
        "is_shared_with_project": True,
    }
    ctx.store.put(T, flag["id"], flag)
    return flag


def _touch(ctx: Ctx, f: dict[str, Any]) -> None:
    f["modified"] = _stamp(ctx)
    f["last_modified_by_id"] = ctx.user["id"]
    f["last_modified_by_name"] = ctx.user["name"]
    f["last_modified_by_email"] = ctx.user["email"]


def _live(ctx: Ctx) -> int:
    return sum(1 for f in ctx.store.table(T).values() if f["status"] != "archived")


@ROUTES.add("GET", "feature-flags", scopes=("pw",), slash="both")
def list_feature_flags(ctx: Ctx, req: Request) -> list[dict[str, Any]]:
    flag = req.query.get("include_archived", "false")
    if flag not in ("true", "false"):
        raise _bad("include_archived: must be 'true' or 'false'")
    rows = [f for f in ctx.store.table(T).values() if flag == "true" or f["status"] != "archived"]
    return [public(f) for f in sorted(rows, key=lambda f: (f["created"], f["id"]), reverse=True)]


@ROUTES.add("POST", "feature-flags", scopes=("pw",), slash="both")
def create_feature_flag(ctx: Ctx, req: Request) -> dict[str, Any]:
    body = req.json_object()
    _check_request(body)
    if body.get("status") == "archived":
        raise _bad("status: a flag cannot be created archived", "invalid_state")
    if _key_taken(ctx, body["key"]):
        raise _bad(f"A feature flag with key '{body['key']}' already exists", "duplicate_key")
    if _live(ctx) >= int(ctx.store.meta.get("flag_limit", LIMIT)):
        raise _bad("Feature flag limit reached for this project", "limit_reached")
    flag = make_flag(ctx, body, project_id=req.project_id, workspace_id=req.workspace_id)
    if body.get("reset_hash_salt"):
        flag["hash_salt"] = uuid.uuid4().hex
    _log(ctx, flag["id"], "created")
    return public(flag)


@ROUTES.add("GET", "feature-flags/{id}", scopes=("pw",), slash="both")
def get_feature_flag(ctx: Ctx, req: Request) -> dict[str, Any]:
    return public(_flag(ctx, req.params["id"]))


@ROUTES.add("PUT", "feature-flags/{id}", scopes=("pw",), slash="both")
def update_feature_flag(ctx: Ctx, req: Request) -> dict[str, Any]:
    """A full replacement: fields the body leaves out fall back to the schema's defaults, as on Mixpanel."""
    f = _flag(ctx, req.params["id"])
    body = req.json_object()
    _check_request(body)
    status = body.get("status", "disabled")
    if _key_taken(ctx, body["key"], but=f["id"]):
        raise _bad(f"A feature flag with key '{body['key']}' already exists", "duplicate_key")
    if body["context"] != f["context"] and (f["enabled_at"] or f["status"] == "enabled"):
        raise _bad("context: cannot be changed once the flag has been enabled", "invalid_state")
    if f["status"] == "archived" and status != "archived":
        raise _bad("This feature flag is archived; restore it first", "invalid_state")
    if status == "archived" and f["status"] == "enabled":
        raise _bad("Only a disabled feature flag can be archived", "invalid_state")
    new = {
        "name": body["name"],
        "key": body["key"],
        "description": body.get("description"),
        "tags": list(body["tags"]),
        "status": status,
        "context": body["context"],
        "serving_method": body["serving_method"],
        "ruleset": _ruleset(body["ruleset"]),
        "experiment_id": body.get("experiment_id"),
        "is_experiment_active": body.get("is_experiment_active"),
        "data_group_id": body.get("data_group_id"),
        "workspace_id": body.get("workspace_id", f["workspace_id"]),
        "hash_salt": body.get("hash_salt") or f["hash_salt"],
    }
    if body.get("reset_hash_salt"):
        new["hash_salt"] = uuid.uuid4().hex
    changes = {k: [f.get(k), v] for k, v in new.items() if f.get(k) != v}
    f.update(new)
    if status == "enabled" and not f["enabled_at"]:
        f["enabled_at"] = _stamp(ctx)
    f["deleted"] = (f["deleted"] or _stamp(ctx)) if status == "archived" else None
    if changes:
        _touch(ctx, f)
        _log(ctx, f["id"], "updated", changes)
    return public(f)


@ROUTES.add("DELETE", "feature-flags/{id}", scopes=("pw",), slash="both")
def delete_feature_flag(ctx: Ctx, req: Request) -> dict[str, Any]:
    f = _flag(ctx, req.params["id"])
    if f["status"] == "enabled":
        raise _bad("Cannot delete an enabled feature flag. Disable it first.", "invalid_state")
    ctx.store.pop(T, f["id"])
    ctx.store.pop(H, f["id"])
    return {"id": f["id"]}


@ROUTES.add("POST", "feature-flags/{id}/archive", scopes=("pw",), slash="yes")
def archive_feature_flag(ctx: Ctx, req: Request) -> dict[str, Any]:
    """Archive a disabled flag; archiving an archived one again is a no-op (a retry must not fail)."""
    f = _flag(ctx, req.params["id"])
    if f["status"] == "enabled":
        raise _bad("Only a disabled feature flag can be archived; disable it first", "invalid_state")
    if f["status"] == "disabled":
        f["status"], f["deleted"] = "archived", _stamp(ctx)
        _touch(ctx, f)
        _log(ctx, f["id"], "archived")
    return public(f)


@ROUTES.add("DELETE", "feature-flags/{id}/archive", scopes=("pw",), slash="yes")
def restore_feature_flag(ctx: Ctx, req: Request) -> dict[str, Any]:
    """Restore an archived flag into ``disabled``; a disabled one is left as is."""
    f = _flag(ctx, req.params["id"])
    if f["status"] == "enabled":
        raise _bad("This feature flag is not archived", "invalid_state")
    if f["status"] == "archived":
        f["status"], f["deleted"] = "disabled", None
        _touch(ctx, f)
        _log(ctx, f["id"], "restored")
    return public(f)


@ROUTES.add("POST", "feature-flags/{id}/duplicate", scopes=("pw",), slash="yes")
def duplicate_feature_flag(ctx: Ctx, req: Request) -> dict[str, Any]:
    """A disabled copy named ``<name> (copy)`` with key ``<key>_copy`` (``_copy_2``... when taken)."""
    f = _flag(ctx, req.params["id"])
    key, n = f"{f['key']}_copy", 1
    while _key_taken(ctx, key):
        n += 1
        key = f"{f['key']}_copy_{n}"
    body = {k: copy.deepcopy(f[k]) for k in ("description", "tags", "context", "serving_method", "ruleset")}
    body.update(name=f"{f['name']} (copy)"[:255], key=key[:255], status="disabled", data_group_id=f["data_group_id"])
    made = make_flag(ctx, body, project_id=req.project_id, workspace_id=f["workspace_id"])
    _log(ctx, made["id"], "created", {"duplicated_from": f["id"]})
    return public(made)


@ROUTES.add("PUT", "feature-flags/{id}/test-users", scopes=("pw",), slash="yes")
def set_flag_test_users(ctx: Ctx, req: Request) -> dict[str, Any]:
    """``{"users": {distinct_id: variant_key}}`` replaces the QA testers; ``{}`` clears them."""
    f = _flag(ctx, req.params["id"])
    body = req.json_object()
    if set(body) != {"users"} or not isinstance(body["users"], dict):
        raise _bad('body must be {"users": {distinct_id: variant_key}}')
    keys = [v["key"] for v in f["ruleset"]["variants"]]
    for user, variant in body["users"].items():
        if not isinstance(variant, str) or variant not in keys:
            raise _bad(f"users.{user}: {variant!r} is not a variant of this flag ({', '.join(keys)})")
    before = (f["ruleset"].get("test") or {}).get("users", {})
    f["ruleset"]["test"] = {"users": dict(body["users"])}
    _touch(ctx, f)
    _log(ctx, f["id"], "test_users_updated", {"users": [before, dict(body["users"])]})
    return public(f)


@ROUTES.add("GET", "feature-flags/{id}/history", scopes=("pw",), slash="yes")
def get_flag_history(ctx: Ctx, req: Request) -> dict[str, Any]:
    """Newest first; ``page`` is 1-based, ``page_size`` defaults to 50."""
    f = _flag(ctx, req.params["id"])
    try:
        page = int(req.query.get("page", "1"))
        size = int(req.query.get("page_size", "50"))
    except ValueError:
        raise _bad("page and page_size must be integers") from None
    if page < 1 or not 1 <= size <= 1000:
        raise _bad("page must be >= 1 and page_size within 1..1000")
    events = list(reversed((ctx.store.get(H, f["id"]) or {"events": []})["events"]))
    return {"events": events[(page - 1) * size : page * size], "count": len(events)}


@ROUTES.add("GET", "feature-flags/limits", scopes=("p",), slash="yes")
def get_flag_limits(ctx: Ctx, req: Request) -> dict[str, Any]:
    return {
        "limit": int(ctx.store.meta.get("flag_limit", LIMIT)),
        "is_trial": False,
        "current_usage": _live(ctx),
        "contract_status": "active",
    }


# -- demo data ---------------------------------------------------------------------------------------
def _variants(*specs: tuple[str, Any, float], control: str, sticky: bool = False) -> list[dict[str, Any]]:
    return [
        {"key": k, "value": v, "description": None, "is_control": k == control, "split": s, "is_sticky": sticky}
        for k, v, s in specs
    ]


def _group(name: str, pct: float, splits: dict[str, float], **extra: Any) -> dict[str, Any]:
    return {"name": name, "rollout_percentage": pct, "variant_splits": splits, **extra}


_GATE = _variants(("On", True, 1.0), ("Off", False, 0.0), control="Off")
_AB = _variants(("control", False, 0.5), ("treatment", True, 0.5), control="control", sticky=True)
_ABC = _variants(("control", "classic", 0.34), ("A", "compact", 0.33), ("B", "cards", 0.33), control="control")
_STAFF = {"cohort_definition": {"raw_cohort": {"name": "Internal staff", "filter": "email ends with @example.com"}}}
_MOBILE = {"runtime_evaluation_rule": {"in": [{"var": "platform"}, ["ios", "android"]]}}
_TEMPLATES: list[tuple[str, str, str | None, list[str], str, str, list[dict[str, Any]], list[dict[str, Any]]]] = [
    ("Night Theme", "night_theme", "Dark theme across web and mobile", ["ui", "theme"], "distinct_id", "client", _GATE,
     [_group("Everyone", 1.0, {"On": 1.0, "Off": 0.0})]),
    ("New Checkout Flow", "new_checkout_flow", "Single-page checkout", ["checkout", "revenue"], "distinct_id",
     "server", _AB, [_group("Staff", 1.0, {"control": 0.0, "treatment": 1.0}, **_STAFF),
                     _group("Everyone else", 0.2, {"control": 0.5, "treatment": 0.5})]),
    ("Pricing Page Layout", "pricing_page_layout", None, ["pricing", "experiment"], "device_id", "remote_only", _ABC,
     [_group("Mobile web", 0.5, {"control": 0.34, "A": 0.33, "B": 0.33}, **_MOBILE),
      _group("Desktop", 0.1, {"control": 0.34, "A": 0.33, "B": 0.33})]),
    ("Team Workspaces", "team_workspaces", "Shared boards per account", ["b2b"], "account_id", "remote_or_local",
     _GATE, [_group("Beta accounts", 1.0, {"On": 1.0, "Off": 0.0}, cohort_hash="c0ffee12"),
             _group("Rest", 0.05, {"On": 1.0, "Off": 0.0})]),
    ("Search Ranking v2", "search_ranking_v2", "Embedding-based ranking", ["search", "ml"], "distinct_id", "server",
     _AB, []),
    ("Onboarding Checklist", "onboarding_checklist", "", [], "distinct_id", "client", _GATE,
     [_group("New users", 0.25, {"On": 1.0, "Off": 0.0})]),
    ("Legacy CSV Export", "legacy_csv_export", "Kill switch for the old exporter", ["ops", "kill-switch"],
     "distinct_id", "server", _GATE, [_group("Everyone", 1.0, {"On": 1.0, "Off": 0.0})]),
    ("Free Shipping Banner", "free_shipping_banner", "Holiday promo banner", ["marketing", "promo"], "device_id",
     "client", _GATE, [_group("EU visitors", 0.0, {"On": 1.0, "Off": 0.0})]),
    ("Recommendations Carousel", "recs_carousel", "Home page carousel", ["home", "experiment"], "distinct_id",
     "remote_only", _AB, [_group("Everyone", 0.5, {"control": 0.5, "treatment": 0.5})]),
    ("AI Summary (beta)", "ai_summary_beta", "Summaries of long reports", ["beta", "ml"], "account_id", "server",
     _GATE, [_group("Design partners", 1.0, {"On": 1.0, "Off": 0.0}, **_STAFF)]),
    ("Copy of Night Theme", "night_theme_copy", "Dark theme across web and mobile", ["ui", "theme"], "distinct_id",
     "client", _GATE, []),
    ("untitled flag", "tmp_flag_1", None, ["tmp"], "distinct_id", "client", _GATE, []),
]  # fmt: skip
_QA = ["qa-ana", "qa-ben", "qa-chen", "qa-dana"]


def seed(s: Seeder) -> None:
    """A dozen or more flags in every status, with real rulesets, QA testers, contexts and serving methods."""
    s.store.meta["flag_limit"] = LIMIT
    count = max(len(_TEMPLATES), min(40, s.size // 3))
    cycle = ["enabled", "disabled", "archived", "enabled", "disabled"]
    for i in range(count):
        name, key, desc, tags, context, serving, variants, rollout = _TEMPLATES[i % len(_TEMPLATES)]
        if i >= len(_TEMPLATES):
            name, key = f"{name} {i // len(_TEMPLATES) + 1}", f"{key}_{i // len(_TEMPLATES) + 1}"
        ruleset: dict[str, Any] = {"variants": copy.deepcopy(variants), "rollout": copy.deepcopy(rollout)}
        if s.rng.random() < 0.4:
            testers = s.rng.sample(_QA, 2)
            ruleset["test"] = {"users": {u: s.rng.choice(variants)["key"] for u in testers}}
        status = cycle[i % len(cycle)] if i < 10 else s.rng.choice(STATUSES)
        body: dict[str, Any] = {"name": name, "key": key, "description": desc, "tags": tags, "context": context}
        body.update(serving_method=serving, ruleset=ruleset, status=status)
        pid_, pname, pmail = s.rng.choice(PEOPLE)
        age = s.rng.uniform(5, 400)
        when = s.days_ago(age) + "Z"
        flag = make_flag(
            s.ctx,
            body,
            project_id=s.config.project_id,
            workspace_id=1,
            fid=s.uuid(),
            when=when,
            creator={"id": pid_, "name": pname, "email": pmail},
        )
        history = s.store.table(H).setdefault(flag["id"], {"events": []})["events"]
        history.append([1, "created", when, pmail, {}])
        if status != "disabled":
            flag["modified"] = s.days_ago(age * s.rng.uniform(0.1, 0.9)) + "Z"
            flag["enabled_at"] = flag["modified"]
            history.append([2, "updated", flag["modified"], pmail, {"status": ["disabled", "enabled"]}])
        if status == "archived":
            flag["deleted"] = flag["modified"]
            history[-1][4] = {"status": ["enabled", "disabled"]}
            history.append([3, "archived", flag["modified"], pmail, {}])
