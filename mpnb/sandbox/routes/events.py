"""Sandbox routes of Lexicon event definitions: one path, ``data-definitions/events/``, for plain and custom events.

GET lists every row (``name[]`` repeated filters by exact name; ``custom_event=true`` keeps custom events'
rows only). PATCH updates one row, found by the most specific identifier in the body (``customEventId``,
then ``id``, then ``name``; an unknown name makes a new row, as Lexicon does for a name it has not seen), or
many with ``{"events": [...]}`` (all or nothing; the answer is the rows as they are now). DELETE takes the
same identifiers in its body. Custom events are created on ``custom_events/`` (``routes/custom_events.py``).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from mpnb.sandbox.router import Ctx, Request, Routes, SandboxError
from mpnb.sandbox.routes.lexicon_model import (
    CUSTOM_EVENTS,
    EVENTS,
    apply_event_fields,
    check_name,
    event_row,
)
from mpnb.sandbox.store import StoredJson, public, public_texts, public_view

__all__ = ["ROUTES"]

ROUTES = Routes()
BULK_MAX = 5000  # entries per bulk PATCH the sandbox takes (no documented limit; a big body is refused)


def _int(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SandboxError(400, f"{key} must be an integer")
    return value


def _custom_rows(ctx: Ctx) -> list[dict[str, Any]]:
    return sorted(ctx.store.table(CUSTOM_EVENTS).values(), key=lambda r: r["id"])


@ROUTES.add("GET", "data-definitions/events", slash="yes")
def list_events(ctx: Ctx, req: Request) -> Any:
    names = req.multi.get("name[]")
    custom_only = req.query.get("custom_event", "").lower() == "true"
    customs = _custom_rows(ctx)
    if names is not None:
        wanted = set(names)
        found = [] if custom_only else ctx.store.rows(EVENTS, wanted)
        found += [r for r in customs if r["name"] in wanted]
        return [public_view(r) for r in found]
    if custom_only:
        return [public_view(r) for r in customs]
    texts = ctx.store.stored_texts(EVENTS)
    if texts is not None:  # stored JSON joined as it is: no parse, no encode (5,000 events)
        out = public_texts([t[0] for t in texts])
        return StoredJson([*out, *(json.dumps(public(r), separators=(",", ":"), ensure_ascii=False) for r in customs)])
    return [public_view(r) for r in [*ctx.store.table(EVENTS).values(), *customs]]


def _find(ctx: Ctx, entry: dict[str, Any], *, create: bool) -> tuple[str, str, dict[str, Any] | None]:
    """(table, key, row) of the row an entry names: customEventId, then id, then name (None: a new name)."""
    if entry.get("customEventId") is not None:
        ceid = _int(entry["customEventId"], "customEventId")
        row = ctx.store.get(CUSTOM_EVENTS, ceid)
        if row is None:
            raise SandboxError(404, f"Custom event {ceid} not found")
        return CUSTOM_EVENTS, str(ceid), row
    if entry.get("id") is not None:
        rid = _int(entry["id"], "id")
        for table in (EVENTS, CUSTOM_EVENTS):
            keys = ctx.store.keys_where(table, "$.id", rid)
            if keys:
                key = next(iter(keys))
                return table, key, ctx.store.table(table)[key]
        raise SandboxError(404, f"Event definition {rid} not found")
    if "name" not in entry:
        raise SandboxError(400, "name, id or customEventId is required")
    name = check_name(entry["name"])
    row = ctx.store.get(EVENTS, name)
    if row is None and not create:
        raise SandboxError(404, f"Event definition {name!r} not found")
    return EVENTS, name, row


def _update(ctx: Ctx, entry: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """The row ``entry`` names, with its fields applied, on a copy (nothing is stored yet)."""
    table, key, row = _find(ctx, entry, create=True)
    fresh = event_row(ctx, key) if row is None else copy.deepcopy(row)
    return table, key, apply_event_fields(ctx, fresh, entry)


@ROUTES.add("PATCH", "data-definitions/events", slash="yes")
def update_events(ctx: Ctx, req: Request) -> Any:
    body = req.json_object()
    if "events" in body:
        entries = body["events"]
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise SandboxError(400, "events must be a list of objects")
        if len(entries) > BULK_MAX:
            raise SandboxError(413, f"at most {BULK_MAX} events per request")
        done = [_update(ctx, e) for e in entries]  # every entry checked before any is stored
        keys = [(t, k) for t, k, _ in done]
        if len(set(keys)) != len(keys):
            raise SandboxError(400, "an event appears twice in events")
        for table, key, row in done:
            ctx.store.put(table, key, row)
        return [public(row) for _, _, row in done]
    table, key, row = _update(ctx, body)
    ctx.store.put(table, key, row)
    return public(row)


@ROUTES.add("DELETE", "data-definitions/events", slash="yes")
def delete_event(ctx: Ctx, req: Request) -> dict[str, Any]:
    table, key, row = _find(ctx, req.json_object(), create=False)
    if row is None:
        raise SandboxError(404, "Event definition not found")
    ctx.store.pop(table, key)
    return {}
