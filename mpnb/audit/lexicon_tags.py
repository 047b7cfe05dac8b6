"""Data dictionary rule on Lexicon tags: tags nothing carries."""

from __future__ import annotations

from mpnb._families import REGISTRY
from mpnb.audit._core import AuditContext, Finding, rule
from mpnb.audit._dictionary import records_of

__all__ = ["unused_tag"]


@rule("lexicon_tags", "low")
def unused_tag(ctx: AuditContext) -> list[Finding]:
    """Lexicon tags that no definition carries (no event, no custom event): clutter in every tag picker.

    The fix deletes them (the backup keeps them; a restore makes them again).
    """
    carried: set[str] = set()
    for fam, ref in REGISTRY.referencing("lexicon_tags"):  # the families whose records carry tags
        for _, record in records_of(ctx, fam.name):
            carried.update(str(v) for v in ref.find(record))
    return [Finding(name, str(name), {}, "delete") for name in ctx.frame("lexicon_tags").index if name not in carried]
