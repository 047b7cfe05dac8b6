"""Dashboards as the sandbox stores them: records, layout rows and cards, and the checks on what a request
may put on a board (contents and layout), shared by the dashboard, blueprint and report routes."""

from __future__ import annotations

from typing import Any

from mpnb.sandbox.bodies import parse_json
from mpnb.sandbox.router import Ctx, SandboxError
from mpnb.sandbox.routes.reports_model import drop_bookmarks, make_bookmark
from mpnb.sandbox.store import Nested, public

T = "dashboards"
B = "bookmarks"
TEXT = "text_cards"
REPORT_CARDS = Nested("_rows", "cells", ("content_type", "report"), "content_id")  # a board's report cards
METADATA = ("title", "description", "is_private", "is_restricted", "filters", "breakdowns", "time_filter")


# -- helpers shared with the reports routes -----------------------------------------------------------
def get_dashboard(ctx: Ctx, dashboard_id: int) -> dict[str, Any]:
    d = ctx.store.get(T, dashboard_id)
    if d is None:
        raise SandboxError(404, f"Dashboard {dashboard_id} not found")
    return d


def cards(d: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in d["_rows"] for c in row["cells"]]


def report_ids_on(d: dict[str, Any]) -> list[int]:
    return [c["content_id"] for c in cards(d) if c["content_type"] == "report"]


def add_row(ctx: Ctx, d: dict[str, Any], items: list[tuple[str, int]]) -> None:
    """Append one row holding ``items`` [(content_type, content_id)], widths shared out of 12."""
    width = 12 // max(1, len(items))
    row_no = ctx.store.next_id("layout_rows")
    cells = [
        {
            "id": f"cell-{ctx.store.next_id('layout_cells')}",
            "width": width,
            "content_id": cid,
            "content_type": kind,
        }
        for kind, cid in items
    ]
    d["_rows"].append({"id": f"row-{row_no}", "height": 0, "cells": cells})


def drop_cards(d: dict[str, Any], kind: str, content_ids: set[int]) -> bool:
    changed = False
    for row in d["_rows"]:
        keep = [c for c in row["cells"] if not (c["content_type"] == kind and c["content_id"] in content_ids)]
        changed = changed or len(keep) != len(row["cells"])
        row["cells"] = keep
        for c in keep:
            c["width"] = 12 // len(keep)
    d["_rows"] = [r for r in d["_rows"] if r["cells"]]
    return changed


def unplace_reports(ctx: Ctx, bookmark_ids: set[int]) -> None:
    """Take deleted reports off every board (looking up the boards that show them, not reading every board)."""
    for key in ctx.store.keys_holding(T, REPORT_CARDS, bookmark_ids):
        board = ctx.store.get(T, key)
        if board is not None:
            drop_cards(board, "report", bookmark_ids)


def dashboards_showing(ctx: Ctx, bookmark_id: int) -> list[int]:
    """Boards whose layout holds this report or a linked copy of it."""
    family = {bookmark_id} | {int(k) for k in ctx.store.keys_where(B, "$._source", bookmark_id)}
    src = ctx.store.get(B, bookmark_id)
    if src is not None and src.get("_source") is not None:
        family.add(src["_source"])
    return sorted(int(k) for k in ctx.store.keys_holding(T, REPORT_CARDS, family))


def touch(ctx: Ctx, d: dict[str, Any]) -> None:
    d["modified"] = ctx.now()
    d["last_modified_by_id"] = ctx.user["id"]
    d["last_modified_by_name"] = ctx.user["name"]
    d["last_modified_by_email"] = ctx.user["email"]


def linked_copy(ctx: Ctx, original: dict[str, Any], dashboard_id: int) -> dict[str, Any]:
    return make_bookmark(
        ctx,
        name=f"Duplicate of {original['name']}",
        kind=original["type"],
        params=original.get("params") or {},
        dashboard_id=dashboard_id,
        description=original.get("description"),
        source=original["id"],
    )


def render(ctx: Ctx, d: dict[str, Any], *, full: bool = True) -> dict[str, Any]:
    out = public(d)
    if not full:
        return out
    rows = d["_rows"]
    out["layout"] = {
        "version": "2.0.0",
        "order": [r["id"] for r in rows],
        "rows": {r["id"]: {"height": r["height"], "cells": [dict(c) for c in r["cells"]]} for r in rows},
    }
    reports: dict[str, Any] = {}
    texts: dict[str, Any] = {}
    for c in cards(d):
        if c["content_type"] == "report":
            b = ctx.store.get(B, c["content_id"])
            if b is not None:
                entry = public(b)
                entry["source_bookmark_id"] = b.get("_source")
                link = d["_links"].get(str(c["content_id"]))
                if link:
                    entry["link"] = link
                reports[str(b["id"])] = entry
        else:
            t = ctx.store.get(TEXT, c["content_id"])
            if t is not None:
                texts[str(t["id"])] = public(t)
    out["contents"] = {"report": reports, "text": texts}
    return out


def make_dashboard(ctx: Ctx, body: dict[str, Any]) -> dict[str, Any]:
    did = ctx.new_id(T)
    now = ctx.now()
    d: dict[str, Any] = {
        "id": did,
        "title": body["title"],
        "description": body.get("description"),
        "is_private": bool(body.get("is_private", False)),
        "is_restricted": bool(body.get("is_restricted", False)),
        "creator_id": ctx.user["id"],
        "creator_name": ctx.user["name"],
        "creator_email": ctx.user["email"],
        "created": now,
        "modified": now,
        "is_favorited": False,
        "pinned_date": None,
        "layout_version": "2.0.0",
        "unique_view_count": 0,
        "total_view_count": 0,
        "last_modified_by_id": ctx.user["id"],
        "last_modified_by_name": ctx.user["name"],
        "last_modified_by_email": ctx.user["email"],
        "filters": body.get("filters") or [],
        "breakdowns": body.get("breakdowns") or [],
        "time_filter": body.get("time_filter"),
        "generation_type": body.get("generation_type"),
        "parent_dashboard_id": None,
        "child_dashboards": [],
        "can_update_basic": True,
        "can_share": True,
        "can_view": True,
        "can_update_restricted": True,
        "can_update_visibility": True,
        "can_pin": True,
        "is_shared_with_project": not body.get("is_private", False),
        "ancestors": [],
        "template_type": body.get("template_type"),
        "_rows": [],
        "_links": {},
    }
    return ctx.store.put(T, did, d)


def text_card(ctx: Ctx, d: dict[str, Any], markdown: str) -> dict[str, Any]:
    tid = ctx.new_id(TEXT)
    return ctx.store.put(TEXT, tid, {"id": tid, "dashboard_id": d["id"], "markdown": markdown})


def content_item(ctx: Ctx, d: dict[str, Any], kind: Any, params: Any) -> tuple[str, int]:
    """Create one piece of content from ``content_params`` and return its card."""
    if not isinstance(params, dict):
        raise SandboxError(400, "content_params must be an object")
    if kind == "text":
        md = params.get("markdown")
        if not isinstance(md, str):
            raise SandboxError(400, "content_params.markdown is required for text content")
        return ("text", text_card(ctx, d, md)["id"])
    if kind != "report":
        raise SandboxError(400, "content_type must be 'report' or 'text'")
    if "source_bookmark_id" in params:
        src = ctx.store.get(B, params["source_bookmark_id"])
        if src is None:
            raise SandboxError(400, f"Bookmark {params['source_bookmark_id']} not found")
        if src.get("dashboard_id") == d["id"] and src["id"] not in report_ids_on(d):
            return ("report", src["id"])
        return ("report", linked_copy(ctx, src, d["id"])["id"])
    inline = params.get("bookmark")
    if not isinstance(inline, dict):
        raise SandboxError(400, "content_params needs source_bookmark_id or bookmark")
    raw = inline.get("params")
    if not isinstance(raw, str):
        raise SandboxError(400, "bookmark.params must be a JSON string inside a dashboard content action")
    parsed = parse_json(raw, "bookmark.params")
    if not isinstance(parsed, dict) or not isinstance(inline.get("name"), str) or not inline.get("type"):
        raise SandboxError(400, "bookmark needs name, type and params (a JSON object string)")
    b = make_bookmark(
        ctx,
        name=inline["name"],
        kind=str(inline["type"]),
        params=parsed,
        dashboard_id=d["id"],
        description=inline.get("description"),
    )
    return ("report", b["id"])


def content_action(ctx: Ctx, d: dict[str, Any], content: Any) -> None:
    if not isinstance(content, dict):
        raise SandboxError(400, "content must be an object")
    action, kind = content.get("action"), content.get("content_type")
    if kind not in ("report", "text"):
        raise SandboxError(400, "content.content_type must be 'report' or 'text'")
    if action == "create":
        add_row(ctx, d, [content_item(ctx, d, kind, content.get("content_params"))])
        return
    cid = int(content.get("content_id") or 0)
    on_board = [c["content_id"] for c in cards(d) if c["content_type"] == kind]
    if action not in ("delete", "update", "duplicate"):
        raise SandboxError(400, f"content action {action!r} is not supported (create, delete, update, duplicate)")
    if cid not in on_board:
        raise SandboxError(400, f"content {cid!r} of type {kind} is not on dashboard {d['id']}")
    if action == "delete":
        drop_cards(d, kind, {cid})
        if kind == "text":
            ctx.store.pop(TEXT, cid)
        else:
            b = ctx.store.get(B, cid)
            if b is not None and b.get("dashboard_id") == d["id"]:
                delete_bookmarks(ctx, [cid])
    elif action == "update":
        params = content.get("content_params") or {}
        if kind == "text":
            md = params.get("markdown")
            if not isinstance(md, str):
                raise SandboxError(400, "content_params.markdown is required")
            ctx.store.table(TEXT)[str(cid)]["markdown"] = md
        else:
            b = ctx.store.table(B)[str(cid)]
            for key in ("name", "description"):
                if key in (params.get("bookmark") or {}):
                    b[key] = params["bookmark"][key]
    else:
        if kind == "text":
            add_row(ctx, d, [("text", text_card(ctx, d, ctx.store.table(TEXT)[str(cid)]["markdown"])["id"])])
        else:
            add_row(ctx, d, [("report", linked_copy(ctx, ctx.store.table(B)[str(cid)], d["id"])["id"])])


def layout_patch(d: dict[str, Any], layout: Any) -> None:
    if not isinstance(layout, dict):
        raise SandboxError(400, "layout must be an object")
    if "version" in layout:
        raise SandboxError(400, "layout must not include version")
    if "rows_order" not in layout:
        return  # Mixpanel silently ignores a layout without rows_order (e.g. the GET shape's "order")
    rows, order = layout.get("rows"), layout["rows_order"]
    if not isinstance(rows, list) or not isinstance(order, list):
        raise SandboxError(400, "layout needs rows_order (list of row ids) and rows (list of rows)")
    by_id = {r.get("id"): r for r in rows if isinstance(r, dict)}
    if set(order) != set(by_id) or len(order) > 30:
        raise SandboxError(400, "layout.rows_order must name each row exactly once (at most 30 rows)")
    before = sorted((c["content_type"], c["content_id"]) for c in cards(d))
    new_rows = []
    for rid in order:
        r = by_id[rid]
        cells = r.get("cells") or []
        if not 1 <= len(cells) <= 4:
            raise SandboxError(400, f"row {rid} must hold 1 to 4 cells")
        if sum(int(c.get("width", 0)) for c in cells) != 12:
            raise SandboxError(400, f"cell widths in row {rid} must sum to 12")
        new_rows.append(
            {
                "id": rid,
                "height": int(r.get("height", 0)),
                "cells": [
                    {
                        "id": c.get("id"),
                        "width": int(c["width"]),
                        "content_id": c.get("content_id"),
                        "content_type": c.get("content_type"),
                    }
                    for c in cells
                ],
            }
        )
    after = sorted((c["content_type"], c["content_id"]) for r in new_rows for c in r["cells"])
    if before != after:
        raise SandboxError(400, "layout must place every existing card exactly once")
    d["_rows"] = new_rows


def delete_bookmarks(ctx: Ctx, ids: list[int]) -> None:
    """Delete reports: their records and history, and their cards on every board."""
    drop_bookmarks(ctx, ids)
    unplace_reports(ctx, set(ids))


def delete_dashboards(ctx: Ctx, ids: list[int]) -> None:
    """Delete boards, the reports saved to them, and those reports' linked copies."""
    idset = set(ids)
    saved = {int(k) for k in ctx.store.keys_where_in(B, "$.dashboard_id", idset)}
    copies = {int(k) for k in ctx.store.keys_where_in(B, "$._source", saved)}
    for did in ids:
        d = ctx.store.pop(T, did)
        if d is not None:
            for c in cards(d):
                if c["content_type"] == "text":
                    ctx.store.pop(TEXT, c["content_id"])
    delete_bookmarks(ctx, sorted(saved | copies))


# -- routes ----------------------------------------------------------------------------------------------


def ids_query(raw: str | None) -> set[int] | None:
    if not raw:
        return None
    try:
        return {int(x) for x in raw.split(",") if x.strip()}
    except ValueError:
        raise SandboxError(400, "ids must be comma-separated integers") from None
