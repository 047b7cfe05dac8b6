"""The sandbox's report records (bookmarks): making one, its change history, looking one up, dropping it.

Apart from the routes so the dashboard model can make and delete reports without importing the routes
(which import the dashboard model): the imports run one way, routes -> dashboards_model -> reports_model.
"""

from __future__ import annotations

from typing import Any

from mpnb.sandbox.router import Ctx, SandboxError

__all__ = ["H", "T", "drop_bookmarks", "get_bookmark", "history", "log_change", "make_bookmark"]

T = "bookmarks"
H = "bookmark_history"


def make_bookmark(
    ctx: Ctx,
    *,
    name: str,
    kind: str,
    params: dict[str, Any],
    dashboard_id: int,
    description: str | None = None,
    source: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    bid = ctx.new_id(T)
    now = ctx.now()
    b: dict[str, Any] = {
        "id": bid,
        "project_id": None,
        "workspace_id": None,
        "name": name,
        "type": kind,
        "description": description or "",
        "icon": extra.get("icon"),
        "params": params,
        "dashboard_id": dashboard_id,
        "include_in_dashboard": True,
        "is_default": False,
        "creator_id": ctx.user["id"],
        "creator_name": ctx.user["name"],
        "creator_email": ctx.user["email"],
        "created": now,
        "modified": now,
        "last_modified_by_id": ctx.user["id"],
        "last_modified_by_name": ctx.user["name"],
        "last_modified_by_email": ctx.user["email"],
        "metadata": {},
        "is_visibility_restricted": bool(extra.get("is_visibility_restricted", False)),
        "is_modification_restricted": bool(extra.get("is_modification_restricted", False)),
        "can_update_basic": True,
        "can_view": True,
        "can_share": True,
        "generation_type": None,
        "original_type": kind,
        "unique_view_count": 0,
        "total_view_count": 0,
    }
    if source is not None:  # only linked copies carry it: a record without private keys is listed as stored
        b["_source"] = source
    ctx.store.put(T, bid, b)
    log_change(ctx, b, "created", {})
    return b


def log_change(ctx: Ctx, b: dict[str, Any], action: str, changes: dict[str, Any]) -> None:
    entries = ctx.store.table(H).setdefault(str(b["id"]), {"entries": []})["entries"]
    entries.append(
        {
            "id": len(entries) + 1,
            "action": action,
            "timestamp": ctx.now(),
            "user": {"id": ctx.user["id"], "name": ctx.user["name"]},
            "changes": changes,
        }
    )


def history(ctx: Ctx, b: dict[str, Any]) -> list[dict[str, Any]]:
    stored = ctx.store.get(H, b["id"])
    if stored is not None:
        return list(reversed(stored["entries"]))
    out = [
        {
            "id": 1,
            "action": "created",
            "timestamp": b["created"],
            "user": {"id": b.get("creator_id"), "name": b.get("creator_name")},
            "changes": {},
        }
    ]
    if b.get("modified") and b["modified"] != b["created"]:
        out.insert(
            0,
            {
                "id": 2,
                "action": "updated",
                "timestamp": b["modified"],
                "user": {"id": b.get("last_modified_by_id"), "name": b.get("last_modified_by_name")},
                "changes": {},
            },
        )
    return out


def get_bookmark(ctx: Ctx, bookmark_id: int) -> dict[str, Any]:
    b = ctx.store.get(T, bookmark_id)
    if b is None:
        raise SandboxError(404, f"Bookmark {bookmark_id} not found")
    return b


def drop_bookmarks(ctx: Ctx, ids: list[int]) -> None:
    """The records and their history only; ``dashboards_model.delete_bookmarks`` also takes them off boards."""
    for bid in ids:
        ctx.store.pop(T, bid)
        ctx.store.pop(H, bid)
