"""Sandbox routes for annotations and annotation tags, after the official Annotations spec.

Answers follow the spec's schemas exactly: an annotation is ``{id, date, description, user, tags}``
(``additionalProperties: false``, so no ``project_id``); create answers 201; delete answers
``{"results": {"id": N}}``; the tag list and a created tag are bare JSON (no envelope). Paths are served on
the project scope with and without a trailing slash (the spec has none, the catalog's client adds one),
and on the workspace scope too, where the catalog's client sends them when a workspace is pinned.
The ``tags`` list filter is not in the spec, so it is ignored here: the client filters on its side.
The date is immutable: a PATCH that names it is refused.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mpnb.sandbox.router import Ctx, Reply, Request, Routes, SandboxError, require

ROUTES = Routes()
T = "annotations"
TAGS = "annotation_tags"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
MAX_DESCRIPTION = 512


# -- rendering ---------------------------------------------------------------------------------------
def _tag_out(ctx: Ctx, tag: dict[str, Any], project_id: int) -> dict[str, Any]:
    used = any(tag["id"] in a["_tag_ids"] for a in ctx.store.table(T).values())
    return {"id": tag["id"], "name": tag["name"], "project_id": project_id, "has_annotations": used}


def _annotation_out(ctx: Ctx, a: dict[str, Any]) -> dict[str, Any]:
    tags = [ctx.store.get(TAGS, tid) for tid in a["_tag_ids"]]
    return {
        "id": a["id"],
        "date": a["date"],
        "description": a["description"],
        "user": dict(a["user"]),
        "tags": [{"id": t["id"], "name": t["name"]} for t in tags if t is not None],
    }


def _user_of(uid: int, name: str) -> dict[str, Any]:
    first, _, last = name.partition(" ")
    return {"id": uid, "first_name": first, "last_name": last}


# -- checks ------------------------------------------------------------------------------------------
def _get(ctx: Ctx, annotation_id: int) -> dict[str, Any]:
    a = ctx.store.get(T, annotation_id)
    if a is None:
        raise SandboxError(404, f"Annotation {annotation_id} not found")
    return a


def _description(body: dict[str, Any]) -> str:
    text: str = require(body, "description", str)
    if not text.strip():
        raise SandboxError(400, "description must not be empty")
    if len(text) > MAX_DESCRIPTION:
        raise SandboxError(400, f"description must be at most {MAX_DESCRIPTION} characters")
    return text


def _tag_ids(ctx: Ctx, body: dict[str, Any]) -> list[int]:
    tags = body.get("tags")
    if tags is None:
        return []
    if not isinstance(tags, list) or any(isinstance(t, bool) or not isinstance(t, (int, float)) for t in tags):
        raise SandboxError(400, "tags must be a list of tag ids")
    ids = list(dict.fromkeys(int(t) for t in tags))
    unknown = [t for t in ids if ctx.store.get(TAGS, t) is None]
    if unknown:
        raise SandboxError(400, f"Unknown annotation tag id(s): {', '.join(map(str, unknown))}")
    return ids


def _day(req: Request, name: str) -> str | None:
    value = req.query.get(name)
    if value is None or value == "":
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").strftime("%Y-%m-%d")
    except ValueError:
        raise SandboxError(400, f"{name} must be a date in yyyy-mm-dd format") from None


# -- routes ------------------------------------------------------------------------------------------
@ROUTES.add("GET", "annotations", slash="both")
def list_annotations(ctx: Ctx, req: Request) -> list[dict[str, Any]]:
    start, end = _day(req, "fromDate"), _day(req, "toDate")
    rows = sorted(ctx.store.table(T).values(), key=lambda a: (a["date"], a["id"]))
    return [
        _annotation_out(ctx, a)
        for a in rows
        if (start is None or a["date"][:10] >= start) and (end is None or a["date"][:10] <= end)
    ]


@ROUTES.add("POST", "annotations", slash="both")
def create_annotation(ctx: Ctx, req: Request) -> Reply:
    body = req.json_object()
    raw_date = require(body, "date", str)
    try:
        when = datetime.strptime(raw_date, DATE_FORMAT).strftime(DATE_FORMAT)
    except ValueError:
        raise SandboxError(400, 'date must be a string in "YYYY-MM-DD HH:mm:ss" format') from None
    description = _description(body)
    tag_ids = _tag_ids(ctx, body)
    aid = ctx.new_id(T)
    record = {
        "id": aid,
        "date": when,
        "description": description,
        "user": _user_of(ctx.user["id"], ctx.user["name"]),
        "_tag_ids": tag_ids,
        "_created": ctx.now(),
    }
    ctx.store.put(T, aid, record)
    return Reply(201, {"status": "ok", "results": _annotation_out(ctx, record)})


@ROUTES.add("GET", "annotations/{id:int}", slash="both")
def get_annotation(ctx: Ctx, req: Request) -> dict[str, Any]:
    return _annotation_out(ctx, _get(ctx, req.params["id"]))


@ROUTES.add("PATCH", "annotations/{id:int}", slash="both")
def patch_annotation(ctx: Ctx, req: Request) -> dict[str, Any]:
    a = _get(ctx, req.params["id"])
    body = req.json_object()
    if "date" in body:
        raise SandboxError(400, "The date of an annotation cannot be changed")
    if "description" in body:
        a["description"] = _description(body)
    if "tags" in body:
        a["_tag_ids"] = _tag_ids(ctx, body)
    return _annotation_out(ctx, a)


@ROUTES.add("DELETE", "annotations/{id:int}", slash="both")
def delete_annotation(ctx: Ctx, req: Request) -> dict[str, Any]:
    a = _get(ctx, req.params["id"])
    ctx.store.pop(T, a["id"])
    return {"id": a["id"]}


@ROUTES.add("GET", "annotations/tags", slash="both")
def list_annotation_tags(ctx: Ctx, req: Request) -> Reply:
    tags = sorted(ctx.store.table(TAGS).values(), key=lambda t: t["id"])
    return Reply(200, [_tag_out(ctx, t, req.project_id) for t in tags])


@ROUTES.add("POST", "annotations/tags", slash="both")
def create_annotation_tag(ctx: Ctx, req: Request) -> Reply:
    name = require(req.json_object(), "name", str).strip()
    if not name:
        raise SandboxError(400, "name must not be empty")
    if any(t["name"].lower() == name.lower() for t in ctx.store.table(TAGS).values()):
        raise SandboxError(400, f"An annotation tag named {name!r} already exists")
    tid = ctx.new_id(TAGS)
    tag = ctx.store.put(TAGS, tid, {"id": tid, "name": name})
    return Reply(200, _tag_out(ctx, tag, req.project_id))
