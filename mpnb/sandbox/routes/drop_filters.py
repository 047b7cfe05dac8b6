"""Sandbox routes of drop filters: every verb on ``data-definitions/events/drop-filters/``, the id in the body.

Create, update and delete answer the whole list as it is afterwards; a create beyond the project's limit
(``limits/``) is a 400. Keys are snake_case (``event_name``), as the create body Mixpanel accepted live.
"""

from __future__ import annotations

from typing import Any

from mpnb.sandbox.router import Ctx, Request, Routes, SandboxError
from mpnb.sandbox.routes.lexicon_model import check_name
from mpnb.sandbox.store import public

__all__ = ["DEFAULT_LIMIT", "ROUTES", "T"]

ROUTES = Routes()
T = "drop_filters"
DEFAULT_LIMIT = 10
LIMIT_KEY = "drop_filter_limit"


def _all(ctx: Ctx) -> list[dict[str, Any]]:
    return [public(f) for f in sorted(ctx.store.table(T).values(), key=lambda f: f["id"])]


def _filters(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value or not all(isinstance(f, dict) and f for f in value):
        raise SandboxError(400, "filters must be a non-empty list of filter objects")
    return value


def _get(ctx: Ctx, body: dict[str, Any]) -> dict[str, Any]:
    fid = body.get("id")
    if isinstance(fid, bool) or not isinstance(fid, int):
        raise SandboxError(400, "id is required")
    found = ctx.store.get(T, fid)
    if found is None:
        raise SandboxError(404, f"Drop filter {fid} not found")
    return found


@ROUTES.add("GET", "data-definitions/events/drop-filters", slash="yes")
def list_drop_filters(ctx: Ctx, req: Request) -> list[dict[str, Any]]:
    return _all(ctx)


@ROUTES.add("GET", "data-definitions/events/drop-filters/limits", slash="yes")
def drop_filter_limits(ctx: Ctx, req: Request) -> dict[str, Any]:
    return {"filter_limit": int(ctx.store.meta.get(LIMIT_KEY, DEFAULT_LIMIT))}


@ROUTES.add("POST", "data-definitions/events/drop-filters", slash="yes")
def create_drop_filter(ctx: Ctx, req: Request) -> list[dict[str, Any]]:
    body = req.json_object()
    name = check_name(body.get("event_name"), "event_name")
    filters = _filters(body.get("filters"))
    limit = int(ctx.store.meta.get(LIMIT_KEY, DEFAULT_LIMIT))
    if len(ctx.store.table(T)) >= limit:
        raise SandboxError(400, f"Drop filter limit reached ({limit}); delete one first")
    fid = ctx.new_id(T)
    ctx.store.put(
        T,
        fid,
        {"id": fid, "event_name": name, "filters": filters, "active": True, "display_name": name, "created": ctx.now()},
    )
    return _all(ctx)


@ROUTES.add("PATCH", "data-definitions/events/drop-filters", slash="yes")
def update_drop_filter(ctx: Ctx, req: Request) -> list[dict[str, Any]]:
    body = req.json_object()
    found = _get(ctx, body)
    if "event_name" in body:
        found["event_name"] = found["display_name"] = check_name(body["event_name"], "event_name")
    if "filters" in body:
        found["filters"] = _filters(body["filters"])
    if "active" in body:
        if not isinstance(body["active"], bool):
            raise SandboxError(400, "active must be a boolean")
        found["active"] = body["active"]
    ctx.store.put(T, found["id"], found)
    return _all(ctx)


@ROUTES.add("DELETE", "data-definitions/events/drop-filters", slash="yes")
def delete_drop_filter(ctx: Ctx, req: Request) -> list[dict[str, Any]]:
    found = _get(ctx, req.json_object())
    ctx.store.pop(T, found["id"])
    return _all(ctx)
