"""Sandbox routes for feature flags: an independent reading of the Feature Flags Management spec.

Bodies of POST/PUT are checked against the spec's ``FeatureFlagRequest`` (unknown or read-only fields are a
400); keys are unique per project; ``context`` is frozen once a flag has been enabled; an enabled flag cannot
be deleted; archive only from disabled; restore lands in disabled; archived flags leave the list unless
``include_archived=true``. Errors follow ``ManagementApiErrorResponse``: ``{"status", "error", "type"}``.
The experiments slice reads table ``feature_flags`` (``find_flag``) to link experiments.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from mpnb.sandbox.router import Ctx, Request, Routes, SandboxError
from mpnb.sandbox.routes.flags_rules import LIMIT, bad, check_request, stamp
from mpnb.sandbox.store import public

__all__ = ["ROUTES", "H", "T", "find_flag", "make_flag"]

ROUTES = Routes()
T = "feature_flags"
H = "feature_flag_history"


def _log(ctx: Ctx, fid: str, action: str, details: dict[str, Any] | None = None) -> None:
    """Events are positional, newest last in storage: ``[id, action, timestamp, user email, details]``."""
    events = ctx.store.table(H).setdefault(fid, {"events": []})["events"]
    events.append([len(events) + 1, action, stamp(ctx), ctx.user["email"], details or {}])


def find_flag(ctx: Ctx, flag_id: str) -> dict[str, Any] | None:
    """The stored flag (not a copy), or ``None``."""
    return ctx.store.get(T, flag_id)


def _flag(ctx: Ctx, flag_id: str) -> dict[str, Any]:
    f = find_flag(ctx, flag_id)
    if f is None:
        raise SandboxError(404, f"Feature flag {flag_id} not found", type="not_found")
    return f


def _key_taken(ctx: Ctx, key: str, but: str | None = None) -> bool:
    return any(k != but for k in ctx.store.keys_where(T, "$.key", key))  # (flags are stored under their id)


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
    now = when or stamp(ctx)
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
    f["modified"] = stamp(ctx)
    f["last_modified_by_id"] = ctx.user["id"]
    f["last_modified_by_name"] = ctx.user["name"]
    f["last_modified_by_email"] = ctx.user["email"]


def _live(ctx: Ctx) -> int:
    return sum(1 for f in ctx.store.table(T).values() if f["status"] != "archived")


def _contract(ctx: Ctx) -> str:
    """``active``, or ``grace_period``: over the limit, new flags still allowed (assumed; docs/unverified.md)."""
    return str(ctx.store.meta.get("flag_contract_status", "active"))


@ROUTES.add("GET", "feature-flags", scopes=("pw",), slash="both")
def list_feature_flags(ctx: Ctx, req: Request) -> list[dict[str, Any]]:
    flag = req.query.get("include_archived", "false")
    if flag not in ("true", "false"):
        raise bad("include_archived: must be 'true' or 'false'")
    rows = [f for f in ctx.store.table(T).values() if flag == "true" or f["status"] != "archived"]
    return [public(f) for f in sorted(rows, key=lambda f: (f["created"], f["id"]), reverse=True)]


@ROUTES.add("POST", "feature-flags", scopes=("pw",), slash="both")
def create_feature_flag(ctx: Ctx, req: Request) -> dict[str, Any]:
    body = req.json_object()
    check_request(body)
    if body.get("status") == "archived":
        raise bad("status: a flag cannot be created archived", "invalid_state")
    if _key_taken(ctx, body["key"]):
        raise bad(f"A feature flag with key '{body['key']}' already exists", "duplicate_key")
    if _live(ctx) >= int(ctx.store.meta.get("flag_limit", LIMIT)) and _contract(ctx) != "grace_period":
        raise bad("Feature flag limit reached for this project", "limit_reached")
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
    check_request(body)
    status = body.get("status", "disabled")
    if _key_taken(ctx, body["key"], but=f["id"]):
        raise bad(f"A feature flag with key '{body['key']}' already exists", "duplicate_key")
    if body["context"] != f["context"] and (f["enabled_at"] or f["status"] == "enabled"):
        raise bad("context: cannot be changed once the flag has been enabled", "invalid_state")
    if f["status"] == "archived" and status != "archived":
        raise bad("This feature flag is archived; restore it first", "invalid_state")
    if status == "archived" and f["status"] == "enabled":
        raise bad("Only a disabled feature flag can be archived", "invalid_state")
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
        f["enabled_at"] = stamp(ctx)
    f["deleted"] = (f["deleted"] or stamp(ctx)) if status == "archived" else None
    if changes:
        _touch(ctx, f)
        _log(ctx, f["id"], "updated", changes)
    return public(f)


@ROUTES.add("DELETE", "feature-flags/{id}", scopes=("pw",), slash="both")
def delete_feature_flag(ctx: Ctx, req: Request) -> dict[str, Any]:
    f = _flag(ctx, req.params["id"])
    if f["status"] == "enabled":
        raise bad("Cannot delete an enabled feature flag. Disable it first.", "invalid_state")
    ctx.store.pop(T, f["id"])
    ctx.store.pop(H, f["id"])
    return {"id": f["id"]}


@ROUTES.add("POST", "feature-flags/{id}/archive", scopes=("pw",), slash="yes")
def archive_feature_flag(ctx: Ctx, req: Request) -> dict[str, Any]:
    """Archive a disabled flag; archiving an archived one again is a no-op (a retry must not fail)."""
    f = _flag(ctx, req.params["id"])
    if f["status"] == "enabled":
        raise bad("Only a disabled feature flag can be archived; disable it first", "invalid_state")
    if f["status"] == "disabled":
        f["status"], f["deleted"] = "archived", stamp(ctx)
        _touch(ctx, f)
        _log(ctx, f["id"], "archived")
    return public(f)


@ROUTES.add("DELETE", "feature-flags/{id}/archive", scopes=("pw",), slash="yes")
def restore_feature_flag(ctx: Ctx, req: Request) -> dict[str, Any]:
    """Restore an archived flag into ``disabled``; a disabled one is left as is."""
    f = _flag(ctx, req.params["id"])
    if f["status"] == "enabled":
        raise bad("This feature flag is not archived", "invalid_state")
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
        raise bad('body must be {"users": {distinct_id: variant_key}}')
    keys = [v["key"] for v in f["ruleset"]["variants"]]
    for user, variant in body["users"].items():
        if not isinstance(variant, str) or variant not in keys:
            raise bad(f"users.{user}: {variant!r} is not a variant of this flag ({', '.join(keys)})")
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
        raise bad("page and page_size must be integers") from None
    if page < 1 or not 1 <= size <= 1000:
        raise bad("page must be >= 1 and page_size within 1..1000")
    events = list(reversed((ctx.store.get(H, f["id"]) or {"events": []})["events"]))
    return {"events": events[(page - 1) * size : page * size], "count": len(events)}


@ROUTES.add("GET", "feature-flags/limits", scopes=("p",), slash="yes")
def get_flag_limits(ctx: Ctx, req: Request) -> dict[str, Any]:
    return {
        "limit": int(ctx.store.meta.get("flag_limit", LIMIT)),
        "is_trial": False,
        "current_usage": _live(ctx),
        "contract_status": _contract(ctx),
    }
