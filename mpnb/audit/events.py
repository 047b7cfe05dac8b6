"""Data dictionary rules on events: near duplicates, undescribed, unowned, unverified yet widely used,
hidden or dropped yet still used, and names that break the convention you state.

"Used" comes from the records whose families declare a reference to events (``mpnb.audit._dictionary``).
Mixpanel's own events (``$session_start``, ...) are left out of the description, owner and naming rules.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from mpnb.audit._core import AuditContext, Finding, rule
from mpnb.audit._dictionary import (
    check_convention,
    evidence_of_use,
    in_convention,
    name_key,
    named,
    styled,
    usage,
)
from mpnb.audit._rows import findings, truthy
from mpnb.frames import plain

__all__ = [
    "dropped_referenced_event",
    "event_naming_convention",
    "hidden_used_event",
    "near_duplicate_event",
    "undescribed_event",
    "unowned_event",
    "unverified_used_event",
]


def _events(ctx: AuditContext) -> pd.DataFrame:
    if "events+" not in ctx.cache:
        df = named(ctx.frame("events"))
        df["builtin"] = [str(n).startswith("$") for n in df.index]
        ctx.cache["events+"] = df
    out: pd.DataFrame = ctx.cache["events+"]
    return out


def _blank(series: pd.Series) -> pd.Series:
    return series.isna() | (series.astype("string").str.strip() == "")


def _empty_list(series: pd.Series) -> pd.Series:
    return pd.Series([not plain(v) for v in series], index=series.index)


def near_groups(names: list[str]) -> list[list[str]]:
    """Names that differ only in case, separators, camelCase or a plural, in groups of two or more."""
    groups: dict[str, list[str]] = defaultdict(list)
    for n in names:
        groups[name_key(n)].append(n)
    return [sorted(g) for key, g in sorted(groups.items()) if key and len(g) > 1]


@rule("events", "medium")
def near_duplicate_event(ctx: AuditContext) -> list[Finding]:
    """Events tracked under several spellings (``Add to Cart``, ``add_to_cart``, ``addToCart``, plurals).

    Each group keeps its most used spelling (then a verified one); the others are found here. One nobody
    uses is hidden (an update, reversible); one still used is left for review, with where it is used, since
    merging it would change those reports.
    """
    df = _events(ctx)
    use = usage(ctx)
    out: list[Finding] = []
    for group in near_groups([n for n in df.index if not str(n).startswith("$")]):
        ranked = sorted(group, key=lambda n: (-use.event_count(n), not bool(df.at[n, "verified"]), n))
        kept = ranked[0]
        for name in ranked[1:]:
            uses = use.of_event(name)
            evidence = {"kept": kept, "group": group, **evidence_of_use(uses)}
            if uses:
                out.append(Finding(name, name, evidence, "review"))
            elif not bool(df.at[name, "hidden"]):
                out.append(Finding(name, name, evidence, "update", {"hidden": True}))
    return out


@rule("events", "low")
def undescribed_event(ctx: AuditContext) -> list[Finding]:
    """Visible events without a description: nobody can tell from a picker what they count. Review."""
    df = _events(ctx)
    mask = _blank(df["description"]) & ~df["builtin"] & ~truthy(df["hidden"]) & ~truthy(df["dropped"])
    return findings(df, mask, "event", ["display_name", "tags", "contacts"])


@rule("events", "low")
def unowned_event(ctx: AuditContext) -> list[Finding]:
    """Visible events nobody owns (no contacts): nobody answers for what they mean. Review."""
    df = _events(ctx)
    mask = _empty_list(df["contacts"]) & ~df["builtin"] & ~truthy(df["hidden"]) & ~truthy(df["dropped"])
    return findings(df, mask, "event", ["description", "tags"])


@rule("events", "medium")
def unverified_used_event(ctx: AuditContext, *, min_uses: int = 3) -> list[Finding]:
    """Events used by at least ``min_uses`` saved entities (reports, cohorts, custom events, ...), never verified.

    Much depends on them; verifying means someone checked they track what their name says. Review.
    """
    df = _events(ctx)
    use = usage(ctx)
    out = []
    for name in df.index[~truthy(df["verified"])]:
        if use.event_count(name) >= min_uses:
            out.append(Finding(name, name, {"uses": use.event_count(name), **evidence_of_use(use.of_event(name))}))
    return out


@rule("events", "high")
def hidden_used_event(ctx: AuditContext) -> list[Finding]:
    """Hidden events that saved entities (reports, cohorts, custom events, ...) still use.

    Nobody can pick a hidden event, so those reports cannot be rebuilt or edited in kind. The fix shows
    it again (an update).
    """
    df = _events(ctx)
    use = usage(ctx)
    out = []
    for name in df.index[truthy(df["hidden"])]:
        uses = use.of_event(name)
        if uses:
            out.append(Finding(name, name, evidence_of_use(uses), "update", {"hidden": False}))
    return out


@rule("events", "high")
def dropped_referenced_event(ctx: AuditContext) -> list[Finding]:
    """Dropped events (their data discarded at ingestion) that saved entities still use (reports, custom events).

    Those report on nothing new. Un-dropping keeps future data only; whether to drop the reports or the drop
    is a decision: review.
    """
    df = _events(ctx)
    use = usage(ctx)
    return [
        Finding(name, name, evidence_of_use(use.of_event(name)))
        for name in df.index[truthy(df["dropped"])]
        if use.of_event(name)
    ]


@rule("events", "low")
def event_naming_convention(ctx: AuditContext, *, convention: str = "") -> list[Finding]:
    """Event names that break the convention you state: ``snake_case``, ``camelCase``, ``Title Case`` or a
    regular expression (nothing is checked until you state one).

    A tracked name cannot change; the fix gives a named style's event a display name in that style (an
    update) when it has none; with a regular expression it is review.
    """
    pattern = check_convention(convention, "params.event_naming_convention.convention")
    if pattern is None:
        return []
    df = _events(ctx)
    out = []
    for name in df.index[~df["builtin"]]:
        if in_convention(str(name), convention, pattern):
            continue
        fix = styled(str(name), convention)
        evidence: dict[str, Any] = {"convention": convention, "display_name": plain(df.at[name, "display_name"])}
        if fix is not None and evidence["display_name"] is None and fix != name:
            out.append(Finding(name, name, {**evidence, "suggested": fix}, "update", {"display_name": fix}))
        else:
            out.append(Finding(name, name, evidence))
    return out
