"""Sandbox routes for reports (bookmarks): CRUD, bulk calls, linked dashboards, history.

A report is created saved to a board (``dashboard_id`` is required, as on Mixpanel) but is not put on
the board's layout until a dashboard PATCH adds it. History pages with an opaque cursor.
"""

from __future__ import annotations

import base64
from typing import Any

from mpnb.sandbox.router import Ctx, Reply, Request, Routes, SandboxError, require
from mpnb.sandbox.routes import dashboards_model as boards
from mpnb.sandbox.routes.dashboards_model import delete_bookmarks
from mpnb.sandbox.routes.reports_model import T, get_bookmark, history, log_change, make_bookmark
from mpnb.sandbox.store import StoredJson, public, public_texts, public_view

ROUTES = Routes()
CREATE_TYPES = ("insights", "funnels", "retention", "flows", "user")
LIST_TYPES = ("insights", "funnels", "retention", "flows", "launch-analysis", "user")
WRITABLE = (
    "name",
    "params",
    "description",
    "icon",
    "dashboard_id",
    "is_visibility_restricted",
    "is_modification_restricted",
)
BULK_WRITABLE = (
    "name",
    "params",
    "description",
    "icon",
    "is_visibility_restricted",
    "is_modification_restricted",
)


def _check_fields(body: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
    if "name" in body and (not isinstance(body["name"], str) or not body["name"].strip()):
        raise SandboxError(400, f"{where}name must be a non-empty string")
    if "params" in body and not isinstance(body["params"], dict):
        raise SandboxError(400, f"{where}params must be a JSON object")
    if "description" in body and body["description"] is not None and not isinstance(body["description"], str):
        raise SandboxError(400, f"{where}description must be a string")
    for key in ("is_visibility_restricted", "is_modification_restricted"):
        if key in body and not isinstance(body[key], bool):
            raise SandboxError(400, f"{where}{key} must be a boolean")


def _apply(ctx: Ctx, b: dict[str, Any], body: dict[str, Any], allowed: tuple[str, ...]) -> None:
    changes = {k: {"before": b.get(k), "after": body[k]} for k in allowed if k in body and b.get(k) != body[k]}
    for key in changes:
        b[key] = body[key]
    if changes:
        boards.touch(ctx, b)
        log_change(ctx, b, "updated", changes)


@ROUTES.add("GET", "bookmarks")
def list_bookmarks(ctx: Ctx, req: Request) -> list[dict[str, Any]] | StoredJson:
    kind = req.query.get("type")
    if kind is not None and kind not in LIST_TYPES:
        raise SandboxError(400, f"type must be one of {', '.join(LIST_TYPES)}")
    wanted = boards.ids_query(req.query.get("ids"))
    keys = None if wanted is None else {str(i) for i in wanted}
    stored = ctx.store.stored_texts(T, keys) if kind is None else None
    if stored is not None:  # the stored JSON as it is: no parse and re-encode of 20,000 reports
        return public_texts([text for text, *_ in stored])
    rows = ctx.store.table(T).values() if keys is None else ctx.store.rows(T, keys)
    # encoded at once by the engine: no deep copy needed
    return [public_view(b) for b in rows if kind is None or b["type"] == kind]


@ROUTES.add("POST", "bookmarks")
def create_bookmark(ctx: Ctx, req: Request) -> dict[str, Any]:
    body = req.json_object()
    name = require(body, "name", str)
    kind = require(body, "type", str)
    if kind not in CREATE_TYPES:
        raise SandboxError(400, f"type must be one of {', '.join(CREATE_TYPES)}")
    params = require(body, "params", dict)
    _check_fields(body, WRITABLE, "")
    dash = body.get("dashboard_id")
    if dash is None or ctx.store.get(boards.T, dash) is None:
        raise SandboxError(400, "Dashboard doesn't exist")
    extra = {k: body[k] for k in ("icon", "is_visibility_restricted", "is_modification_restricted") if k in body}
    b = make_bookmark(
        ctx,
        name=name,
        kind=kind,
        params=params,
        dashboard_id=dash,
        description=body.get("description"),
        **extra,
    )
    return public(b)


@ROUTES.add("GET", "bookmarks/{id:int}")
def get_bookmark_route(ctx: Ctx, req: Request) -> dict[str, Any]:
    return public(get_bookmark(ctx, req.params["id"]))


@ROUTES.add("PATCH", "bookmarks/{id:int}")
def update_bookmark(ctx: Ctx, req: Request) -> dict[str, Any]:
    b = get_bookmark(ctx, req.params["id"])
    body = req.json_object()
    _check_fields(body, WRITABLE, "")
    if "dashboard_id" in body and ctx.store.get(boards.T, body["dashboard_id"]) is None:
        raise SandboxError(400, "Dashboard doesn't exist")
    if body.get("deleted") is True:
        delete_bookmarks(ctx, [b["id"]])
        return public(b)
    _apply(ctx, b, body, WRITABLE)
    return public(b)


@ROUTES.add("DELETE", "bookmarks/{id:int}")
def delete_bookmark(ctx: Ctx, req: Request) -> Reply:
    get_bookmark(ctx, req.params["id"])
    delete_bookmarks(ctx, [req.params["id"]])
    return Reply(200, {"status": "ok"})


@ROUTES.add("POST", "bookmarks/bulk-delete")
def bulk_delete_bookmarks(ctx: Ctx, req: Request) -> Reply:
    ids = require(req.json_object(), "bookmark_ids", list)
    missing = [i for i in ids if ctx.store.get(T, i) is None]
    if missing:
        raise SandboxError(400, f"Bookmarks not found: {missing}")
    delete_bookmarks(ctx, ids)
    return Reply(200, {"status": "ok"})


@ROUTES.add("POST", "bookmarks/bulk-update")
def bulk_update_bookmarks(ctx: Ctx, req: Request) -> Reply:
    entries = require(req.json_object(), "bookmarks", list)
    ids = {str(e["id"]) for e in entries if isinstance(e, dict) and isinstance(e.get("id"), int)}
    ctx.store.rows(T, ids)  # one read for the batch (a SQLite store keeps them for the lookups below)
    for i, e in enumerate(entries):  # validate the whole batch first: all or nothing
        if not isinstance(e, dict) or not isinstance(e.get("id"), int):
            raise SandboxError(400, f"bookmarks[{i}].id is required")
        if ctx.store.get(T, e["id"]) is None:
            raise SandboxError(400, f"bookmarks[{i}]: bookmark {e['id']} not found")
        _check_fields(e, BULK_WRITABLE, f"bookmarks[{i}].")
    for e in entries:
        _apply(ctx, ctx.store.table(T)[str(e["id"])], e, BULK_WRITABLE)
    return Reply(200, {"status": "ok"})


@ROUTES.add("GET", "bookmarks/{id:int}/linked-dashboard-ids")
def bookmark_linked_dashboard_ids(ctx: Ctx, req: Request) -> list[int]:
    get_bookmark(ctx, req.params["id"])
    return boards.dashboards_showing(ctx, req.params["id"])


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def _offset(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith("o:"):
            raise ValueError
        return int(raw[2:])
    except ValueError:
        raise SandboxError(400, "invalid cursor") from None


@ROUTES.add("GET", "bookmarks/{id:int}/history")
def get_bookmark_history(ctx: Ctx, req: Request) -> dict[str, Any]:
    b = get_bookmark(ctx, req.params["id"])
    try:
        size = int(req.query.get("page_size", "20"))
    except ValueError:
        raise SandboxError(400, "page_size must be an integer") from None
    if not 1 <= size <= 100:
        raise SandboxError(400, "page_size must be within 1..100")
    start = _offset(req.query["cursor"]) if req.query.get("cursor") else 0
    entries = history(ctx, b)
    page = entries[start : start + size]
    nxt = _cursor(start + size) if start + size < len(entries) else None
    prev = _cursor(max(0, start - size)) if start > 0 else None
    return {"results": page, "pagination": {"page_size": size, "next_cursor": nxt, "previous_cursor": prev}}
