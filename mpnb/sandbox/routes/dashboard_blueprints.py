"""Sandbox routes for blueprint and root-cause-analysis boards: boards made from templates.

Split from ``dashboards.py`` to keep files small; it uses that module's board helpers.
"""

from __future__ import annotations

from typing import Any

from mpnb.sandbox.router import Ctx, Reply, Request, Routes, SandboxError, require
from mpnb.sandbox.routes.dashboards_model import (
    TEXT,
    B,
    add_row,
    cards,
    delete_bookmarks,
    drop_cards,
    get_dashboard,
    make_dashboard,
    render,
    text_card,
    touch,
)
from mpnb.sandbox.routes.reports_model import make_bookmark

ROUTES = Routes()

BLUEPRINTS: dict[str, dict[str, Any]] = {
    "product_analytics": {
        "title_key": "Product Analytics",
        "description_key": "Acquisition, activation, engagement and retention in one board",
        "alternative_description_key": "Start here to understand how people use your product",
        "reports": [
            ("insights", "Daily Active Users"),
            ("funnels", "Activation Funnel"),
            ("retention", "Weekly Retention"),
            ("insights", "Top Events"),
        ],
        "variables": {"activation_event": "Sign Up", "engagement_event": "Page View"},
    },
    "onboarding": {
        "title_key": "Get Started",
        "description_key": "Track how new users complete onboarding",
        "reports": [("funnels", "Onboarding Funnel"), ("insights", "New Users")],
        "variables": {"onboarding_start": "Sign Up", "onboarding_done": "Complete Profile"},
    },
    "marketing": {
        "title_key": "Marketing KPIs",
        "description_key": "Campaign reach, conversion and cost",
        "reports": [
            ("insights", "Visits by UTM Source"),
            ("funnels", "Visit to Signup"),
            ("insights", "Signups by Campaign"),
        ],
        "variables": {"visit_event": "Landing Page View"},
    },
    "revenue": {
        "title_key": "Revenue",
        "description_key": "Purchases, revenue and repeat buyers",
        "reports": [("insights", "Revenue per Day"), ("retention", "Repeat Purchases")],
        "variables": {"purchase_event": "Purchase", "revenue_property": "amount"},
    },
}


@ROUTES.add("GET", "dashboards/blueprints-all")
def list_blueprint_templates(ctx: Ctx, req: Request) -> dict[str, Any]:
    with_reports = req.query.get("include_reports") == "true"
    out = {}
    for name, t in BLUEPRINTS.items():
        item = {k: v for k, v in t.items() if k not in ("reports", "variables")}
        item["number_of_reports"] = len(t["reports"])
        item.setdefault("alternative_description_key", None)
        if with_reports:
            item["reports"] = [{"type": kind, "name": n} for kind, n in t["reports"]]
        out[name] = item
    return {"templates": out}


@ROUTES.add("POST", "dashboards/blueprints")
def create_blueprint(ctx: Ctx, req: Request) -> dict[str, Any]:
    kind = require(req.json_object(), "template_type", str)
    t = BLUEPRINTS.get(kind)
    if t is None:
        raise SandboxError(400, f"Unknown template_type {kind!r}")
    d = make_dashboard(
        ctx,
        {
            "title": t["title_key"],
            "description": t["description_key"],
            "template_type": kind,
            "generation_type": "blueprint",
        },
    )
    d["_blueprint"] = {"variables": dict(t["variables"]), "finished": False}
    add_row(ctx, d, [("text", text_card(ctx, d, f"<h2>{t['title_key']}</h2>")["id"])])
    for rkind, name in t["reports"]:
        b = make_bookmark(ctx, name=name, kind=rkind, params=_blueprint_params(rkind, name), dashboard_id=d["id"])
        add_row(ctx, d, [("report", b["id"])])
    return render(ctx, d)


def _blueprint_params(kind: str, name: str) -> dict[str, Any]:
    return {
        "displayOptions": {"chartType": "line" if kind == "insights" else kind},
        "sections": {"show": [{"type": "metric", "behavior": {"type": "event", "name": name}}], "time": []},
    }


@ROUTES.add("GET", "dashboards/{id:int}/blueprint-config")
def get_blueprint_config(ctx: Ctx, req: Request) -> dict[str, Any]:
    d = get_dashboard(ctx, req.params["id"])
    if "_blueprint" not in d:
        raise SandboxError(400, f"Dashboard {d['id']} was not created from a blueprint")
    return {"variables": dict(d["_blueprint"]["variables"])}


@ROUTES.add("PUT", "dashboards/blueprints/cohorts")
def update_blueprint_cohorts(ctx: Ctx, req: Request) -> Reply:
    cohorts = require(req.json_object(), "cohorts", list)
    if not all(isinstance(c, dict) for c in cohorts):
        raise SandboxError(400, "cohorts must be a list of objects")
    ctx.store.meta["blueprint_cohorts"] = cohorts
    return Reply(200, {"status": "ok"})


@ROUTES.add("POST", "dashboards/blueprints/finish")
def finalize_blueprint(ctx: Ctx, req: Request) -> dict[str, Any]:
    body = req.json_object()
    d = get_dashboard(ctx, require(body, "dashboard_id", int))
    cards_in = require(body, "cards", list)
    if "_blueprint" not in d:
        raise SandboxError(400, f"Dashboard {d['id']} was not created from a blueprint")
    on_board = {(c["content_type"], c["content_id"]) for c in cards(d)}
    keep: list[tuple[str, int]] = []
    for i, card in enumerate(cards_in):
        if not isinstance(card, dict) or card.get("type") not in ("report", "text"):
            raise SandboxError(400, f"cards[{i}].type must be 'report' or 'text'")
        ref = ("report", card.get("bookmark_id")) if card["type"] == "report" else ("text", card.get("text_card_id"))
        if ref not in on_board:
            raise SandboxError(400, f"cards[{i}] refers to {ref[0]} {ref[1]!r}, which is not on dashboard {d['id']}")
        keep.append((ref[0], int(ref[1])))
        if card["type"] == "text" and isinstance(card.get("markdown"), str):
            ctx.store.table(TEXT)[str(ref[1])]["markdown"] = card["markdown"]
        if card["type"] == "report" and isinstance(card.get("name"), str):
            ctx.store.table(B)[str(ref[1])]["name"] = card["name"]
    dropped = on_board - set(keep)
    for kind, cid in dropped:
        drop_cards(d, kind, {cid})
    delete_bookmarks(ctx, [cid for kind, cid in dropped if kind == "report"])
    d["_rows"] = []
    for item in keep:
        add_row(ctx, d, [item])
    d["_blueprint"]["finished"] = True
    touch(ctx, d)
    return render(ctx, d)


@ROUTES.add("POST", "dashboards/rca")
def create_rca_dashboard(ctx: Ctx, req: Request) -> dict[str, Any]:
    body = req.json_object()
    source_id = require(body, "rca_source_id", int)
    data = require(body, "rca_source_data", dict)
    kind = require(data, "type", str)
    d = make_dashboard(
        ctx,
        {
            "title": f"Root cause analysis: {kind} {source_id}",
            "description": f"Generated from {kind} {source_id}",
            "generation_type": "rca",
        },
    )
    d["_rca"] = {"rca_source_id": source_id, "rca_source_data": data}
    for name in ("Metric over time", "Top segments", "Contributing events"):
        b = make_bookmark(
            ctx, name=name, kind="insights", params=_blueprint_params("insights", name), dashboard_id=d["id"]
        )
        add_row(ctx, d, [("report", b["id"])])
    return render(ctx, d)
