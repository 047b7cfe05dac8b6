"""Data dictionary rule on Lexicon tags: tags nothing carries."""

from __future__ import annotations

from mpnb.audit._core import AuditContext, Finding, rule
from mpnb.frames import plain

__all__ = ["unused_tag"]


@rule("tags", "low", needs=["events", "custom_events"])
def unused_tag(ctx: AuditContext) -> list[Finding]:
    """Lexicon tags that no event or custom event carries: clutter in every tag picker.

    The fix deletes them (the backup keeps them; a restore makes them again).
    """
    carried: set[str] = set()
    for family in ("events", "custom_events"):
        for tags in ctx.frame(family)["tags"]:
            carried.update(plain(tags) or [])
    return [Finding(name, str(name), {}, "delete") for name in ctx.frame("tags").index if name not in carried]
