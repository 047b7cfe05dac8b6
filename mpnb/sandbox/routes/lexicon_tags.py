"""Sandbox routes of Lexicon tags: ``data-definitions/tags/``.

The list answers bare names (as live Mixpanel was seen to). POST ``{"name"}`` creates a tag (a name in use
is a 400) and answers ``{id, name}``; POST ``{"delete": true, "name"}`` deletes one (the path has no DELETE)
and takes it off every definition; PATCH ``tags/{id}/`` renames it everywhere.
"""

from __future__ import annotations

from typing import Any

from mpnb.sandbox.router import Ctx, Request, Routes, SandboxError
from mpnb.sandbox.routes.lexicon_model import CUSTOM_EVENTS, EVENTS, TAGS, check_name

__all__ = ["ROUTES"]

ROUTES = Routes()


def _retag(ctx: Ctx, old: str, new: str | None) -> None:
    """Every definition naming tag ``old`` names ``new`` instead (or no longer names it)."""
    for table in (EVENTS, CUSTOM_EVENTS):
        rows = ctx.store.table(table)
        for key in list(rows):
            row = rows[key]
            if old in (row.get("tags") or []):
                tags = [new if t == old else t for t in row["tags"] if new is not None or t != old]
                row["tags"] = list(dict.fromkeys(tags))
                ctx.store.put(table, key, row)


@ROUTES.add("GET", "data-definitions/tags", slash="yes")
def list_tags(ctx: Ctx, req: Request) -> list[str]:
    return [t["name"] for t in sorted(ctx.store.table(TAGS).values(), key=lambda t: t["id"])]


@ROUTES.add("POST", "data-definitions/tags", slash="yes")
def create_or_delete_tag(ctx: Ctx, req: Request) -> dict[str, Any]:
    body = req.json_object()
    name = check_name(body.get("name"), "name")
    if body.get("delete") is True:
        if ctx.store.pop(TAGS, name) is None:
            raise SandboxError(404, f"Tag {name!r} not found")
        _retag(ctx, name, None)
        return {}
    if ctx.store.get(TAGS, name) is not None:
        raise SandboxError(400, f"A tag named {name!r} already exists")
    tag = {"id": ctx.new_id(TAGS), "name": name}
    ctx.store.put(TAGS, name, tag)
    return dict(tag)


@ROUTES.add("PATCH", "data-definitions/tags/{id:int}", slash="yes")
def rename_tag(ctx: Ctx, req: Request) -> dict[str, Any]:
    tid = req.params["id"]
    keys = ctx.store.keys_where(TAGS, "$.id", tid)
    if not keys:
        raise SandboxError(404, f"Tag {tid} not found")
    old = next(iter(keys))
    body = req.json_object()
    if "name" not in body:
        return dict(ctx.store.table(TAGS)[old])
    new = check_name(body["name"], "name")
    if new != old and ctx.store.get(TAGS, new) is not None:
        raise SandboxError(400, f"A tag named {new!r} already exists")
    tag = {"id": tid, "name": new}
    ctx.store.pop(TAGS, old)
    ctx.store.put(TAGS, new, tag)
    if new != old:
        _retag(ctx, old, new)
    return dict(tag)
