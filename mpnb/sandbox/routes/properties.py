"""Sandbox routes of Lexicon property definitions: ``data-definitions/properties/``.

GET answers one resource type per request: ``resourceType`` ``Event`` (the default) or ``User``, capitalised (a
lower-case value is a 400, as Mixpanel answers); ``name[]`` filters by exact name; ``includeEvents=true`` adds
each property's ``events``; custom properties of that kind are listed too (without a Lexicon ``id``) unless
``includeCustom=false``. PATCH updates one property (``name`` + ``resourceType``, or ``id``; an unknown name
makes a new row) or many with ``{"properties": [...]}``, all or nothing.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from mpnb.sandbox.router import Ctx, Request, Routes, SandboxError
from mpnb.sandbox.routes.custom_properties import T as CUSTOM_PROPERTIES
from mpnb.sandbox.routes.lexicon_model import (
    PROPERTIES,
    RESOURCE_TYPES,
    apply_property_fields,
    check_name,
    property_key,
    property_row,
)
from mpnb.sandbox.store import StoredJson, public, public_texts, public_view

__all__ = ["ROUTES"]

ROUTES = Routes()
BULK_MAX = 5000
_CUSTOM_KIND = {"events": "Event", "people": "User"}


def _kind(value: Any) -> str:
    if value is None:
        return "Event"
    if value not in RESOURCE_TYPES:
        raise SandboxError(400, "Invalid resource type")
    return str(value)


def _custom_rows(ctx: Ctx, kind: str) -> list[dict[str, Any]]:
    """Custom properties as property rows: no Lexicon id, their ``customPropertyId`` instead."""
    out = []
    for cp in sorted(ctx.store.table(CUSTOM_PROPERTIES).values(), key=lambda r: r["customPropertyId"]):
        if _CUSTOM_KIND.get(str(cp.get("resourceType"))) == kind:
            out.append(
                {
                    "name": cp["name"],
                    "resourceType": kind,
                    "displayName": cp.get("displayName"),
                    "description": cp.get("description"),
                    "customPropertyId": cp["customPropertyId"],
                    "hidden": not cp.get("isVisible", True),
                }
            )
    return out


@ROUTES.add("GET", "data-definitions/properties", slash="yes")
def list_properties(ctx: Ctx, req: Request) -> Any:
    kind = _kind(req.query.get("resourceType"))
    names = req.multi.get("name[]")
    with_events = req.query.get("includeEvents", "").lower() == "true"
    customs = [] if req.query.get("includeCustom", "").lower() == "false" else _custom_rows(ctx, kind)
    if names is not None:
        wanted = set(names)
        rows = ctx.store.rows(PROPERTIES, {property_key(kind, n) for n in wanted})
        customs = [c for c in customs if c["name"] in wanted]
    else:
        if not with_events:
            texts = ctx.store.stored_texts(PROPERTIES, strip=("_events",))
            if texts is not None:  # 50,000 properties: filter the stored JSON by kind without parsing it
                tag = f'"resourceType":"{kind}"'
                return StoredJson([*public_texts([t[0] for t in texts if tag in t[0]]), *map(_text, customs)])
        rows = [r for r in ctx.store.table(PROPERTIES).values() if r["resourceType"] == kind]
    out = []
    for r in rows:
        shown = public_view(r)
        if with_events:
            shown["events"] = [{"name": e} for e in r.get("_events") or []]
        out.append(shown)
    return out + customs


def _text(row: dict[str, Any]) -> str:
    return json.dumps(row, separators=(",", ":"), ensure_ascii=False)


def _find(ctx: Ctx, entry: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(key, row as it will be) of the property an entry names: ``id``, else ``name`` + ``resourceType``."""
    if entry.get("id") is not None:
        rid = entry["id"]
        if isinstance(rid, bool) or not isinstance(rid, int):
            raise SandboxError(400, "id must be an integer")
        keys = ctx.store.keys_where(PROPERTIES, "$.id", rid)
        if not keys:
            raise SandboxError(404, f"Property definition {rid} not found")
        key = next(iter(keys))
        return key, copy.deepcopy(ctx.store.table(PROPERTIES)[key])
    if "name" not in entry:
        raise SandboxError(400, "name or id is required")
    name = check_name(entry["name"])
    kind = _kind(entry.get("resourceType"))
    key = property_key(kind, name)
    row = ctx.store.get(PROPERTIES, key)
    return key, property_row(ctx, name, kind) if row is None else copy.deepcopy(row)


@ROUTES.add("PATCH", "data-definitions/properties", slash="yes")
def update_properties(ctx: Ctx, req: Request) -> Any:
    body = req.json_object()
    if "properties" in body:
        entries = body["properties"]
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise SandboxError(400, "properties must be a list of objects")
        if len(entries) > BULK_MAX:
            raise SandboxError(413, f"at most {BULK_MAX} properties per request")
        done = []
        for e in entries:
            key, row = _find(ctx, e)
            done.append((key, apply_property_fields(row, e)))
        if len({k for k, _ in done}) != len(done):
            raise SandboxError(400, "a property appears twice in properties")
        for key, row in done:
            ctx.store.put(PROPERTIES, key, row)
        return [public(r) for _, r in done]
    key, row = _find(ctx, body)
    ctx.store.put(PROPERTIES, key, apply_property_fields(row, body))
    return public(row)
