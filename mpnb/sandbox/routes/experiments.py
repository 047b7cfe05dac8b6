"""Sandbox routes for experiments: the spec's paths and bodies, the catalog's §6 state table.

Served at ``/workspaces/{wid}/experiments...`` (the official spec) and ``/projects/{pid}/experiments...``
(where mixpanel-headless sends them without a workspace). The collection answers with and without a
trailing slash (spec: none, catalog: ``experiments/``); ERF only at ``experiments/erf/``.

Like live Mixpanel it is lenient: re-launching an active experiment and concluding a draft answer 200
and change nothing; deciding anything but a concluded experiment is refused. Request bodies are checked
against the spec's request schemas (unknown or read-only fields -> 400); records carry exactly the
fields of the spec's ``ExperimentApiResponse``. Archiving sets ``deleted`` (the only field the schema
offers for it); the decision's variant and message are kept privately.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from mpnb.sandbox.router import Ctx, Reply, Request, Routes, SandboxError
from mpnb.sandbox.store import public

ROUTES = Routes()
T = "experiments"
FLAGS = "feature_flags"  # the flags slice's table, read only
STATUSES = ("draft", "active", "concluded", "success", "fail")
SCOPES: tuple[Any, ...] = ("w", "p")
BAD, MISSING, STATE = "validation_error", "not_found", "invalid_state"

# field -> (JSON type, min length, max length): the spec's request schemas
_Spec = dict[str, tuple[type | tuple[type, ...], int | None, int | None]]
_CREATE: _Spec = {
    "name": (str, 1, 255),
    "description": (str, None, 400),
    "hypothesis": (str, None, None),
    "settings": (dict, None, None),
    "variants": (list, None, None),
    "metrics": (list, None, None),
    "global_access_type": (str, None, None),
}
_UPDATE: _Spec = {
    **_CREATE,
    "status": (str, None, None),
    "start_date": (str, None, None),
    "end_date": (str, None, None),
    "exposures_cache": (dict, None, None),
    "results_cache": (dict, None, None),
    "tags": (list, None, None),
}
_DECIDE: _Spec = {"success": (bool, None, None), "variant": (str, None, None), "message": (str, None, None)}
_CONCLUDE: _Spec = {"end_date": (str, None, None)}
_DUPLICATE: _Spec = {"name": (str, 1, 255)}
_EMPTY: _Spec = {}
RESPONSE_FIELDS = frozenset(
    [
        "id",
        "name",
        "content_type",
        "description",
        "created",
        "creator_id",
        "creator_name",
        "creator_email",
        "modified",
        "deleted",
        "is_favorited",
        "pinned_date",
        "tags",
        "last_modified_by_id",
        "last_modified_by_name",
        "last_modified_by_email",
        "can_view",
        "can_update_basic",
        "can_update_restricted",
        "can_update_visibility",
        "is_superadmin",
        "allow_staff_override",
        "can_share",
        "is_shared_with_project",
        "hypothesis",
        "status",
        "variants",
        "metrics",
        "settings",
        "exposures_cache",
        "results_cache",
        "start_date",
        "end_date",
        "feature_flag",
    ]
)


def _bad(message: str) -> SandboxError:
    return SandboxError(400, message, type=BAD)


def _validate(body: Any, spec: _Spec, *, required: tuple[str, ...] = (), optional_body: bool = False) -> dict[str, Any]:
    """The body checked against one of the spec's request schemas; else 400 with the offending field."""
    if body is None and optional_body:
        return {}
    if not isinstance(body, dict):
        raise _bad("request body must be a JSON object")
    for key, value in body.items():
        if key not in spec:
            if key in RESPONSE_FIELDS:
                raise _bad(f"{key} is read-only")
            raise _bad(f"unknown field: {key}")
        kind, low, high = spec[key]
        if value is None:
            raise _bad(f"{key} must not be null")
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            raise _bad(f"{key} has the wrong type")
        if isinstance(value, str) and low is not None and len(value.strip()) < low:
            raise _bad(f"{key} must not be empty")
        if isinstance(value, str) and high is not None and len(value) > high:
            raise _bad(f"{key} must be at most {high} characters")
    for key in required:
        if body.get(key) is None:
            raise _bad(f"{key} is required")
    if "tags" in body and body["tags"] is not None and not all(isinstance(t, str) for t in body["tags"]):
        raise _bad("tags must be a list of strings")
    if body.get("status") is not None and body["status"] not in STATUSES:
        raise _bad(f"status must be one of {', '.join(STATUSES)}")
    for key in ("start_date", "end_date"):
        if body.get(key) is not None and not _is_date(body[key]):
            raise _bad(f"{key} must be an ISO 8601 date or datetime")
    return body


def _is_date(value: str) -> bool:
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _get(ctx: Ctx, eid: str) -> dict[str, Any]:
    e = ctx.store.get(T, eid)
    if e is None:
        raise SandboxError(404, f"Experiment {eid} not found", type=MISSING)
    return e


def _touch(ctx: Ctx, e: dict[str, Any]) -> None:
    e["modified"] = ctx.now()
    e["last_modified_by_id"] = ctx.user["id"]
    e["last_modified_by_name"] = ctx.user["name"]
    e["last_modified_by_email"] = ctx.user["email"]


def _ok(e: dict[str, Any], status: int = 200) -> Reply:
    return Reply(status, {"status": "ok", "results": public(e)})


def make_experiment(ctx: Ctx, body: dict[str, Any], *, eid: str | None = None) -> dict[str, Any]:
    now = ctx.now()
    e: dict[str, Any] = {
        "id": eid or ctx.new_uuid(),
        "name": body["name"],
        "content_type": "experiment",
        "description": body.get("description"),
        "created": now,
        "creator_id": ctx.user["id"],
        "creator_name": ctx.user["name"],
        "creator_email": ctx.user["email"],
        "modified": now,
        "deleted": None,
        "is_favorited": False,
        "pinned_date": None,
        "tags": [],
        "last_modified_by_id": ctx.user["id"],
        "last_modified_by_name": ctx.user["name"],
        "last_modified_by_email": ctx.user["email"],
        "can_view": True,
        "can_update_basic": True,
        "can_update_restricted": True,
        "can_update_visibility": True,
        "is_superadmin": False,
        "allow_staff_override": False,
        "can_share": True,
        "is_shared_with_project": body.get("global_access_type") not in (None, "none"),
        "hypothesis": body.get("hypothesis"),
        "status": "draft",
        "variants": body.get("variants") or [],
        "metrics": body.get("metrics") or [],
        "settings": body.get("settings") or {},
        "exposures_cache": {},
        "results_cache": {},
        "start_date": None,
        "end_date": None,
        "feature_flag": None,
    }
    if body.get("global_access_type") is not None:
        e["_global_access_type"] = body["global_access_type"]
    ctx.store.put(T, e["id"], e)
    return e


# -- collection ----------------------------------------------------------------------------------------
@ROUTES.add("GET", "experiments", scopes=SCOPES, slash="both")
def list_experiments(ctx: Ctx, req: Request) -> list[dict[str, Any]]:
    archived = req.query.get("include_archived", "false").lower() in ("true", "1")
    rows = [e for e in ctx.store.table(T).values() if archived or e.get("deleted") is None]
    return [public(e) for e in sorted(rows, key=lambda e: e["created"], reverse=True)]


@ROUTES.add("POST", "experiments", scopes=SCOPES, slash="both")
def create_experiment(ctx: Ctx, req: Request) -> Reply:
    body = _validate(req.body, _CREATE, required=("name",))
    return _ok(make_experiment(ctx, body), 201)


@ROUTES.add("GET", "experiments/erf", scopes=SCOPES, slash="yes")
def list_erf_experiments(ctx: Ctx, req: Request) -> list[dict[str, Any]]:
    """Launched, unarchived experiments in the results-framework shape (inferred: the catalog has no sample)."""
    out = []
    for e in sorted(ctx.store.table(T).values(), key=lambda e: e["created"]):
        if e["status"] == "draft" or e.get("deleted") is not None:
            continue
        flag = e.get("feature_flag") or {}
        out.append(
            {
                "id": e["id"],
                "name": e["name"],
                "status": e["status"],
                "start_date": e["start_date"],
                "end_date": e["end_date"],
                "feature_flag_key": flag.get("key") or (e.get("settings") or {}).get("feature_flag_key"),
                "variants": [v.get("key") for v in e.get("variants") or [] if isinstance(v, dict)],
                "metrics": [m.get("name") for m in e.get("metrics") or [] if isinstance(m, dict)],
                "exposures": e.get("exposures_cache") or {},
            }
        )
    return out


# -- one experiment ------------------------------------------------------------------------------------
@ROUTES.add("GET", "experiments/{id}", scopes=SCOPES)
def get_experiment(ctx: Ctx, req: Request) -> Reply:
    return _ok(_get(ctx, req.params["id"]))


@ROUTES.add("PATCH", "experiments/{id}", scopes=SCOPES)
def update_experiment(ctx: Ctx, req: Request) -> Reply:
    e = _get(ctx, req.params["id"])
    body = _validate(req.body, _UPDATE)
    for key, value in body.items():
        if key == "global_access_type":
            e["_global_access_type"] = value
            e["is_shared_with_project"] = value not in (None, "none")
        else:
            e[key] = value
    _touch(ctx, e)
    return _ok(e)


@ROUTES.add("DELETE", "experiments/{id}", scopes=SCOPES)
def delete_experiment(ctx: Ctx, req: Request) -> Reply:
    _get(ctx, req.params["id"])
    ctx.store.pop(T, req.params["id"])
    return Reply(200, {"status": "ok", "results": {}})


# -- lifecycle -----------------------------------------------------------------------------------------
@ROUTES.add("PUT", "experiments/{id}/launch", scopes=SCOPES)
def launch_experiment(ctx: Ctx, req: Request) -> Reply:
    e = _get(ctx, req.params["id"])
    _validate(req.body, _EMPTY, optional_body=True)
    if e["status"] == "active":
        return _ok(e)  # live: re-launching is accepted and changes nothing
    if e["status"] != "draft":
        raise SandboxError(400, "Experiment must be in draft state to launch", type=STATE)
    e["status"] = "active"
    e["start_date"] = ctx.now()
    e["exposures_cache"] = {v["key"]: 0 for v in e["variants"] if isinstance(v, dict) and "key" in v}
    _touch(ctx, e)
    return _ok(e)


@ROUTES.add("PUT", "experiments/{id}/force_conclude", scopes=SCOPES)
def force_conclude_experiment(ctx: Ctx, req: Request) -> Reply:
    e = _get(ctx, req.params["id"])
    body = _validate(req.body, _CONCLUDE)
    if e["status"] == "draft":
        return _ok(e)  # live: concluding a draft is a silent no-op
    if e["status"] != "active":
        raise SandboxError(400, "Experiment must be active to conclude", type=STATE)
    e["status"] = "concluded"
    e["end_date"] = body.get("end_date") or ctx.now()
    _touch(ctx, e)
    return _ok(e)


@ROUTES.add("PATCH", "experiments/{id}/decide", scopes=SCOPES)
def decide_experiment(ctx: Ctx, req: Request) -> Reply:
    e = _get(ctx, req.params["id"])
    body = _validate(req.body, _DECIDE, required=("success",))
    if e["status"] != "concluded":
        raise SandboxError(400, "Experiment must be concluded to decide", type=STATE)
    e["status"] = "success" if body["success"] else "fail"
    _touch(ctx, e)
    e["_decision"] = {
        "success": body["success"],
        "variant": body.get("variant"),
        "message": body.get("message"),
        "decided": e["modified"],
    }
    return _ok(e)


@ROUTES.add("POST", "experiments/{id}/archive", scopes=SCOPES)
def archive_experiment(ctx: Ctx, req: Request) -> Reply:
    e = _get(ctx, req.params["id"])
    _validate(req.body, _EMPTY, optional_body=True)
    if e.get("deleted") is None:  # status is kept (inferred)
        e["deleted"] = ctx.now()
    return Reply(200, {"status": "ok", "results": {}})


@ROUTES.add("DELETE", "experiments/{id}/archive", scopes=SCOPES)
def unarchive_experiment(ctx: Ctx, req: Request) -> Reply:
    e = _get(ctx, req.params["id"])
    e["deleted"] = None
    return _ok(e)


@ROUTES.add("POST", "experiments/{id}/duplicate", scopes=SCOPES)
def duplicate_experiment(ctx: Ctx, req: Request) -> Reply:
    src = _get(ctx, req.params["id"])
    body = _validate(req.body, _DUPLICATE, required=("name",))
    copy = make_experiment(
        ctx,
        {
            "name": body["name"],
            "description": src.get("description"),
            "hypothesis": src.get("hypothesis"),
            "variants": [dict(v) if isinstance(v, dict) else v for v in src.get("variants") or []],
            "metrics": list(src.get("metrics") or []),
            "settings": {k: v for k, v in (src.get("settings") or {}).items() if k != "feature_flag_key"},
        },
    )
    copy["tags"] = list(src.get("tags") or [])
    return _ok(copy)
