"""Sandbox routes for dashboards (boards): CRUD, content actions, layout, blueprints, RCA, ERF.

Semantics follow Mixpanel's: adding an existing report creates a linked copy
(unless the report was saved to this board and is not on it yet); deleting a board deletes the reports
saved to it and their linked copies; a layout PATCH takes ``rows_order`` + a list of rows, never
``version``.
"""

from __future__ import annotations

from typing import Any

from mpnb.sandbox.router import Ctx, Reply, Request, Routes, SandboxError, require
from mpnb.sandbox.routes.dashboards_model import (
    METADATA,
    TEXT,
    B,
    T,
    add_row,
    cards,
    content_action,
    content_item,
    dashboards_showing,
    delete_dashboards,
    get_dashboard,
    ids_query,
    layout_patch,
    linked_copy,
    make_dashboard,
    render,
    report_ids_on,
    text_card,
    touch,
)

ROUTES = Routes()


@ROUTES.add("GET", "dashboards")
def list_dashboards(ctx: Ctx, req: Request) -> list[dict[str, Any]]:
    wanted = ids_query(req.query.get("ids"))
    rows = ctx.store.table(T).values()
    return [render(ctx, d, full=False) for d in rows if wanted is None or d["id"] in wanted]


@ROUTES.add("POST", "dashboards")
def create_dashboard(ctx: Ctx, req: Request) -> dict[str, Any]:
    body = req.json_object()
    title = require(body, "title", str)
    if not title.strip() or len(title) > 255:
        raise SandboxError(400, "title must be 1 to 255 characters")
    rows = body.get("rows") or []
    if not isinstance(rows, list):
        raise SandboxError(400, "rows must be a list")
    source = None
    if body.get("duplicate") is not None:
        source = get_dashboard(ctx, body["duplicate"])
    d = make_dashboard(ctx, body)
    try:
        for row in rows:
            contents = row.get("contents") if isinstance(row, dict) else None
            if not isinstance(contents, list) or not 1 <= len(contents) <= 4:
                raise SandboxError(400, "each row needs 1 to 4 contents")
            add_row(
                ctx,
                d,
                [content_item(ctx, d, c.get("content_type"), c.get("content_params")) for c in contents],
            )
    except SandboxError:
        delete_dashboards(ctx, [d["id"]])
        raise
    if source is not None:
        for c in cards(source):
            if c["content_type"] == "text":
                md = ctx.store.table(TEXT)[str(c["content_id"])]["markdown"]
                add_row(ctx, d, [("text", text_card(ctx, d, md)["id"])])
            else:
                add_row(
                    ctx,
                    d,
                    [("report", linked_copy(ctx, ctx.store.table(B)[str(c["content_id"])], d["id"])["id"])],
                )
    return render(ctx, d)


@ROUTES.add("GET", "dashboards/{id:int}")
def get_dashboard_route(ctx: Ctx, req: Request) -> dict[str, Any]:
    return render(ctx, get_dashboard(ctx, req.params["id"]))


@ROUTES.add("PATCH", "dashboards/{id:int}")
def update_dashboard(ctx: Ctx, req: Request) -> dict[str, Any]:
    d = get_dashboard(ctx, req.params["id"])
    body = req.json_object()
    if "title" in body and (not isinstance(body["title"], str) or not body["title"].strip()):
        raise SandboxError(400, "title must be a non-empty string")
    if "content" in body:
        content_action(ctx, d, body["content"])
    if "layout" in body:
        layout_patch(d, body["layout"])
    for key in METADATA:
        if key in body:
            d[key] = body[key]
    touch(ctx, d)
    return render(ctx, d)


@ROUTES.add("DELETE", "dashboards/{id:int}")
def delete_dashboard(ctx: Ctx, req: Request) -> Reply:
    get_dashboard(ctx, req.params["id"])
    delete_dashboards(ctx, [req.params["id"]])
    return Reply(200, {"status": "ok"})


@ROUTES.add("POST", "dashboards/bulk-delete")
def bulk_delete_dashboards(ctx: Ctx, req: Request) -> Reply:
    ids = require(req.json_object(), "dashboard_ids", list)
    missing = [i for i in ids if ctx.store.get(T, i) is None]
    if missing:
        raise SandboxError(400, f"Dashboards not found: {missing}")
    delete_dashboards(ctx, ids)
    return Reply(200, {"status": "ok"})


def _flag(attr: str, on: bool) -> Any:
    def handler(ctx: Ctx, req: Request) -> Reply:
        d = get_dashboard(ctx, req.params["id"])
        if attr == "is_favorited":
            d["is_favorited"] = on
        else:
            d["pinned_date"] = ctx.now() if on else None
        return Reply(200, {"status": "ok"})

    return handler


ROUTES.add("POST", "dashboards/{id:int}/favorites")(_flag("is_favorited", True))
ROUTES.add("DELETE", "dashboards/{id:int}/favorites")(_flag("is_favorited", False))
ROUTES.add("POST", "dashboards/{id:int}/pin")(_flag("pinned_date", True))
ROUTES.add("DELETE", "dashboards/{id:int}/pin")(_flag("pinned_date", False))


@ROUTES.add("GET", "dashboards/bookmarks/{bid:int}/dashboard-ids")
def get_bookmark_dashboard_ids(ctx: Ctx, req: Request) -> list[int]:
    if ctx.store.get(B, req.params["bid"]) is None:
        raise SandboxError(404, f"Bookmark {req.params['bid']} not found")
    return dashboards_showing(ctx, req.params["bid"])


@ROUTES.add("GET", "dashboards/{id:int}/erf")
def get_dashboard_erf(ctx: Ctx, req: Request) -> dict[str, Any]:
    d = get_dashboard(ctx, req.params["id"])
    metrics = []
    for bid in report_ids_on(d):
        b = ctx.store.get(B, bid)
        if b is not None:
            metrics.append({"bookmark_id": bid, "name": b["name"], "type": b["type"]})
    return {"dashboard_id": d["id"], "metrics": metrics}


@ROUTES.add("PATCH", "dashboards/{id:int}/report-links/{link_id:int}")
def update_report_link(ctx: Ctx, req: Request) -> Reply:
    d = get_dashboard(ctx, req.params["id"])
    body = req.json_object()
    require(body, "type", str)
    if req.params["link_id"] not in report_ids_on(d):
        raise SandboxError(404, f"Report link {req.params['link_id']} not found on dashboard {d['id']}")
    d["_links"][str(req.params["link_id"])] = body
    touch(ctx, d)
    return Reply(200, {"status": "ok"})


@ROUTES.add("PATCH", "dashboards/{id:int}/text-cards/{card_id:int}")
def update_text_card(ctx: Ctx, req: Request) -> Reply:
    d = get_dashboard(ctx, req.params["id"])
    body = req.json_object()
    on_board = [c["content_id"] for c in cards(d) if c["content_type"] == "text"]
    if req.params["card_id"] not in on_board:
        raise SandboxError(404, f"Text card {req.params['card_id']} not found on dashboard {d['id']}")
    card = ctx.store.table(TEXT)[str(req.params["card_id"])]
    if "markdown" in body:
        if not isinstance(body["markdown"], str):
            raise SandboxError(400, "markdown must be a string")
        card["markdown"] = body["markdown"]
    touch(ctx, d)
    return Reply(200, {"status": "ok"})
