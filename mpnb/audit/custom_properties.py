"""Data dictionary rule on custom properties: formulas over properties that are gone or dropped."""

from __future__ import annotations

from mpnb.audit._core import AuditContext, Finding, rule
from mpnb.audit._rows import truthy
from mpnb.frames import plain

__all__ = ["broken_custom_property"]

_KINDS = {"event": "Event", "user": "User"}


@rule("custom_properties", "high", needs=["properties"])
def broken_custom_property(ctx: AuditContext) -> list[Finding]:
    """Custom properties computed from a property that has no definition or is dropped: their values are
    empty or stale. Review."""
    props = ctx.frame("properties")
    keys = list(zip(props["resource_type"], props["name"]))
    known = set(keys)
    dropped = {k for k, d in zip(keys, truthy(props["dropped"])) if d}
    df = ctx.frame("custom_properties")
    out = []
    for cpid, name, composed in zip(df.index, df["name"], df["composed_properties"]):
        missing, gone = [], []
        for part in (plain(composed) or {}).values():
            if not isinstance(part, dict) or not isinstance(part.get("value"), str):
                continue
            key = (_KINDS.get(str(part.get("resourceType")).lower(), "Event"), part["value"])
            if key not in known:
                missing.append(part["value"])
            elif key in dropped:
                gone.append(part["value"])
        if missing or gone:
            out.append(Finding(plain(cpid), str(name), {"undefined": missing, "dropped": gone}))
    return out
