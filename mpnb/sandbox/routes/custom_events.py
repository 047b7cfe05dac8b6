"""Sandbox route of custom event creation: ``POST custom_events/``, form-encoded only (no JSON, as Mixpanel).

``name`` and ``alternatives`` (JSON text of ``[{"event": name}, ...]``, 1 to 25 known events) make the
definition, answered as ``{"custom_event": {...}}``, and its Lexicon row (``routes/events.py`` serves it).
"""

from __future__ import annotations

import json
from typing import Any

from mpnb.sandbox.router import Ctx, Request, Routes, SandboxError
from mpnb.sandbox.routes.lexicon_model import CUSTOM_EVENTS, EVENTS, check_name, event_row

__all__ = ["MAX_ALTERNATIVES", "ROUTES", "make_custom_event"]

ROUTES = Routes()
MAX_ALTERNATIVES = 25


def make_custom_event(ctx: Ctx, project_id: int, name: str, events: list[str], **fields: Any) -> dict[str, Any]:
    """Store a custom event's Lexicon row (with its ``alternatives``); its definition as created."""
    ceid = ctx.new_id(CUSTOM_EVENTS)
    alternatives = [{"event": e, "valid_segfilter": None} for e in events]
    row = event_row(ctx, name, customEventId=ceid, alternatives=alternatives, isMixpanelDefinition=False, **fields)
    ctx.store.put(CUSTOM_EVENTS, ceid, row)
    return {
        "id": ceid,
        "name": name,
        "alternatives": [dict(a, serialized=json.dumps({"event": a["event"]})) for a in alternatives],
        "deleted": False,
        "is_collect_everything_event": False,
        "is_visibility_restricted": False,
        "project_id": project_id,
        "user_id": ctx.user["id"],
    }


def _alternatives(ctx: Ctx, text: Any) -> list[str]:
    try:
        items = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        items = None
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise SandboxError(400, 'alternatives must be JSON text of a non-empty list of {"event": name}')
    names = [check_name(i.get("event"), "alternatives[].event") for i in items]
    if len(names) > MAX_ALTERNATIVES:
        raise SandboxError(400, f"A custom event can include up to {MAX_ALTERNATIVES} events")
    unknown = [n for n in names if ctx.store.get(EVENTS, n) is None]
    if unknown:
        raise SandboxError(400, f"Unknown event: {unknown[0]!r}")
    return list(dict.fromkeys(names))


@ROUTES.add("POST", "custom_events", slash="yes")
def create_custom_event(ctx: Ctx, req: Request) -> dict[str, Any]:
    if not req.form:
        raise SandboxError(400, "custom_events takes a form-encoded body (name, alternatives), not JSON")
    body = req.json_object()
    name = check_name(body.get("name"), "name")
    if any(r["name"] == name for r in ctx.store.table(CUSTOM_EVENTS).values()):
        raise SandboxError(400, f"A custom event named {name!r} already exists")
    events = _alternatives(ctx, body.get("alternatives"))
    return {"custom_event": make_custom_event(ctx, req.project_id, name, events)}
