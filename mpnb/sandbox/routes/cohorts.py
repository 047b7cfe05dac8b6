"""Sandbox routes for cohorts: CRUD and the two bulk calls.

A cohort's definition arrives flattened into the body (``selector``, ``behaviors``, ...), so every key
that is not a known cohort field is kept as part of the definition and returned as sent.
``referenced_by`` is derived on every read from the ``cohort_id`` values inside other cohorts'
definitions, so it stays true after edits and deletes.
"""

from __future__ import annotations

from typing import Any

from mpnb.sandbox.router import Ctx, Reply, Request, Routes, SandboxError, require
from mpnb.sandbox.store import public

ROUTES = Routes()
T = "cohorts"
FIELDS = ("name", "description", "data_group_id", "is_locked", "is_visible")
# answered by the server, never taken from a request (ignored, as Django REST framework does)
READ_ONLY = (
    "id",
    "count",
    "created",
    "created_by",
    "last_edited",
    "last_queried",
    "referenced_by",
    "referenced_directly_by",
    "active_integrations",
    "verified",
    "project_id",
)


def _refs(value: Any) -> set[int]:
    """Cohort ids a definition points at (any ``cohort_id`` key, at any depth)."""
    out: set[int] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "cohort_id" and isinstance(v, int) and not isinstance(v, bool):
                out.add(v)
            else:
                out |= _refs(v)
    elif isinstance(value, list):
        for v in value:
            out |= _refs(v)
    return out


def _definition(c: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in c.items() if k not in FIELDS and k not in READ_ONLY and not k.startswith("_")}


def _render(ctx: Ctx, c: dict[str, Any]) -> dict[str, Any]:
    users = sorted(
        int(k) for k, other in ctx.store.table(T).items() if int(k) != c["id"] and c["id"] in _refs(_definition(other))
    )
    out = public(c)
    out["referenced_by"] = users
    out["referenced_directly_by"] = users
    return out


def _get(ctx: Ctx, cohort_id: int) -> dict[str, Any]:
    c = ctx.store.get(T, cohort_id)
    if c is None:
        raise SandboxError(404, f"Cohort {cohort_id} not found")
    return c


def _check(body: dict[str, Any], where: str) -> None:
    if "name" in body and (not isinstance(body["name"], str) or not body["name"].strip()):
        raise SandboxError(400, f"{where}name must be a non-empty string")
    if "description" in body and body["description"] is not None and not isinstance(body["description"], str):
        raise SandboxError(400, f"{where}description must be a string")
    if "data_group_id" in body and body["data_group_id"] is not None and not isinstance(body["data_group_id"], str):
        raise SandboxError(400, f"{where}data_group_id must be a string")
    for key in ("is_locked", "is_visible", "deleted"):
        if key in body and not isinstance(body[key], bool):
            raise SandboxError(400, f"{where}{key} must be a boolean")


def _apply(ctx: Ctx, c: dict[str, Any], body: dict[str, Any]) -> None:
    for key, value in body.items():
        if key in READ_ONLY or key in ("deleted", "id"):
            continue
        c[key] = value
    c["last_edited"] = ctx.now()


def _delete(ctx: Ctx, ids: list[int]) -> None:
    for cid in ids:
        ctx.store.pop(T, cid)


def make_cohort(ctx: Ctx, body: dict[str, Any]) -> dict[str, Any]:
    cid = ctx.new_id(T)
    now = ctx.now()
    c: dict[str, Any] = {
        "id": cid,
        "name": body["name"],
        "description": "",
        "count": None,  # Mixpanel computes the size later
        "is_visible": True,
        "is_locked": False,
        "data_group_id": None,
        "created": now,
        "last_edited": now,
        "created_by": dict(ctx.user),
        "verified": False,
        "last_queried": None,
        "active_integrations": [],
    }
    ctx.store.put(T, cid, c)
    _apply(ctx, c, body)
    c["last_edited"] = now
    return c


@ROUTES.add("GET", "cohorts")
def list_cohorts(ctx: Ctx, req: Request) -> list[dict[str, Any]]:
    group = req.query.get("data_group_id")
    wanted: set[int] | None = None
    if req.query.get("ids"):
        try:
            wanted = {int(x) for x in req.query["ids"].split(",") if x.strip()}
        except ValueError:
            raise SandboxError(400, "ids must be comma-separated integers") from None
    return [
        _render(ctx, c)
        for c in ctx.store.table(T).values()
        if (group is None or c.get("data_group_id") == group) and (wanted is None or c["id"] in wanted)
    ]


@ROUTES.add("POST", "cohorts")
def create_cohort(ctx: Ctx, req: Request) -> dict[str, Any]:
    body = req.json_object()
    require(body, "name", str)
    _check(body, "")
    if body.get("deleted") is True:
        raise SandboxError(400, "cannot create a deleted cohort")
    refs = _refs(_definition(body))
    missing = sorted(r for r in refs if ctx.store.get(T, r) is None)
    if missing:
        raise SandboxError(400, f"referenced cohorts do not exist: {missing}")
    return _render(ctx, make_cohort(ctx, body))


@ROUTES.add("GET", "cohorts/{id:int}")
def get_cohort(ctx: Ctx, req: Request) -> dict[str, Any]:
    return _render(ctx, _get(ctx, req.params["id"]))


@ROUTES.add("PATCH", "cohorts/{id:int}")
def update_cohort(ctx: Ctx, req: Request) -> dict[str, Any]:
    c = _get(ctx, req.params["id"])
    body = req.json_object()
    _check(body, "")
    if c["id"] in _refs(_definition(body)):
        raise SandboxError(400, "a cohort cannot reference itself")
    if body.get("deleted") is True:
        out = _render(ctx, c)
        _delete(ctx, [c["id"]])
        return out
    _apply(ctx, c, body)
    return _render(ctx, c)


@ROUTES.add("DELETE", "cohorts/{id:int}")
def delete_cohort(ctx: Ctx, req: Request) -> Reply:
    _get(ctx, req.params["id"])
    _delete(ctx, [req.params["id"]])
    return Reply(200, {"status": "ok"})


@ROUTES.add("POST", "cohorts/bulk-delete")
def bulk_delete_cohorts(ctx: Ctx, req: Request) -> Reply:
    ids = require(req.json_object(), "cohort_ids", list)
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise SandboxError(400, "cohort_ids must be a list of integers")
    missing = [i for i in ids if ctx.store.get(T, i) is None]
    if missing:
        raise SandboxError(400, f"Cohorts not found: {missing}")
    _delete(ctx, ids)
    return Reply(200, {"status": "ok"})


@ROUTES.add("POST", "cohorts/bulk-update")
def bulk_update_cohorts(ctx: Ctx, req: Request) -> Reply:
    entries = require(req.json_object(), "cohorts", list)
    for i, e in enumerate(entries):  # validate the whole batch first: all or nothing
        if not isinstance(e, dict) or not isinstance(e.get("id"), int) or isinstance(e.get("id"), bool):
            raise SandboxError(400, f"cohorts[{i}].id is required")
        if ctx.store.get(T, e["id"]) is None:
            raise SandboxError(400, f"cohorts[{i}]: cohort {e['id']} not found")
        _check(e, f"cohorts[{i}].")
    for e in entries:
        _apply(ctx, ctx.store.table(T)[str(e["id"])], e)
    return Reply(200, {"status": "ok"})
