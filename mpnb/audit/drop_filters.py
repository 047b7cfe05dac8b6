"""Data dictionary rule on drop filters: a project near its limit."""

from __future__ import annotations

from mpnb.audit._core import AuditContext, Finding, rule
from mpnb.audit._rows import truthy
from mpnb.frames import plain

__all__ = ["drop_filter_limit"]


@rule("drop_filters", "medium", extra="drop filter limits")
def drop_filter_limit(ctx: AuditContext, *, free_slots: int = 1) -> list[Finding]:
    """A project with at most ``free_slots`` drop filters left before its limit: the next noisy event cannot
    be dropped. Paused filters still take a slot: each is listed for review (deleting one frees it); with
    none paused, one finding for the project (no id).
    """
    df = ctx.frame("drop_filters")
    limit = ctx.extra("drop filter limits", ctx.ws.get_drop_filter_limits).filter_limit
    if limit - len(df) > free_slots:
        return []
    evidence = {"filters": len(df), "limit": limit, "free": limit - len(df)}
    paused = df.index[~truthy(df["active"])]
    if not len(paused):
        return [Finding(None, "drop filters", evidence)]
    return [Finding(plain(f), str(df.at[f, "event_name"]), {**evidence, "active": False}) for f in paused]
