"""Data dictionary rule on custom events: ones counting events that are gone or dropped."""

from __future__ import annotations

from mpnb.audit._core import AuditContext, Finding, rule
from mpnb.audit._rows import truthy
from mpnb.frames import plain

__all__ = ["broken_custom_event"]


@rule("custom_events", "high", needs=["events"])
def broken_custom_event(ctx: AuditContext) -> list[Finding]:
    """Custom events counting an event that has no definition or is dropped: they count less than their
    name says. Review."""
    events = ctx.frame("events")
    dropped = set(events.index[truthy(events["dropped"])])
    known = set(events.index)
    df = ctx.frame("custom_events")
    out = []
    for ceid, name, alts in zip(df.index, df["name"], df["alternatives"]):
        names = [a.get("event") for a in plain(alts) or [] if isinstance(a, dict)]
        missing = [n for n in names if n not in known]
        gone = [n for n in names if n in dropped]
        if missing or gone:
            out.append(Finding(plain(ceid), str(name), {"undefined": missing, "dropped": gone}))
    return out
