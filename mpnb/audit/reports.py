"""Report rules: unused, duplicated, untitled or undescribed reports, and reports of departed owners.

Mixpanel's report list carries view counts but no last-viewed time, so "not viewed in N days" is
approximated by "not changed in N days and viewed at most a few times" (see docs/unverified.md).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from mpnb.audit._core import AuditContext, Finding, rule
from mpnb.audit._rows import departed, findings
from mpnb.frames import params_keys

__all__ = [
    "departed_owner_report",
    "duplicate_report",
    "near_duplicate_report",
    "never_viewed_report",
    "stale_report",
    "undescribed_report",
    "untitled_report",
]

SAME_QUERY_SHOWN = 10  # ids of the other copies kept in a finding's evidence (``copies`` has the count)
_EVIDENCE = ["dashboard_id", "bookmark_type", "unique_view_count", "age_days", "idle_days"]


def _reports(ctx: AuditContext) -> pd.DataFrame:
    """The reports frame with the audit's helper columns (idle days, query key, alerts on each report)."""
    if "reports+" not in ctx.cache:
        df = ctx.frame("reports").copy()
        df["idle_days"] = ctx.days(df["modified"]).array
        df["age_days"] = ctx.days(df["created"]).array
        df["params_key"] = params_keys(df)
        alerts = ctx.frame("alerts")
        counts: dict[Any, int] = alerts["report_id"].value_counts().to_dict() if "report_id" in alerts else {}
        df["alert_count"] = pd.array([counts.get(i, 0) for i in df.index], dtype="Int64")
        ctx.cache["reports+"] = df
    out: pd.DataFrame = ctx.cache["reports+"]
    return out


def _kept(df: pd.DataFrame, recent_days: int) -> pd.Series:
    """Why a person would keep each report (empty: no reason): one duplicate policy for the audit and the
    notebooks. Never proposed for deletion: a report people view, one edited lately, one an alert watches."""
    views = df["unique_view_count"].fillna(0).astype("int64")
    reasons = [
        f"viewed by {v} people"
        if v
        else f"edited {d} days ago"
        if d < recent_days
        else "an alert watches it"
        if a
        else ""
        for v, d, a in zip(
            views.tolist(), df["idle_days"].fillna(0).astype("int64").tolist(), df["alert_count"].tolist()
        )
    ]
    return pd.Series(reasons, index=df.index, dtype=object)


def _split(df: pd.DataFrame, evidence: list[str], recent_days: int) -> list[Finding]:
    """Delete findings for the rows nobody would keep; review findings, with the reason, for the others."""
    why = _kept(df, recent_days)
    out = findings(df, why.eq(""), "name", evidence, "delete")
    kept = findings(df, why.ne(""), "name", [*evidence, "alert_count"], "review")
    for f in kept:
        f.keep_reason = str(why[f.id])
    return out + kept


@rule("reports", "medium", needs=["alerts"])
def never_viewed_report(ctx: AuditContext, *, min_age_days: int = 30, recent_days: int = 90) -> list[Finding]:
    """Reports nobody has opened since they were made, older than ``min_age_days``.

    A report no one ever looked at is clutter in search and on boards. Young reports are left alone (their
    author may still be building them); one edited in the last ``recent_days`` or watched by an alert is
    shown for review with that reason, never proposed for deletion.
    """
    df = _reports(ctx)
    mask = (df["unique_view_count"].fillna(0) == 0) & (df["age_days"] >= min_age_days)
    return _split(df[mask.fillna(False)], _EVIDENCE, recent_days)


@rule("reports", "low", needs=["alerts"])
def stale_report(ctx: AuditContext, *, idle_days: int = 180, max_views: int = 5) -> list[Finding]:
    """Reports not changed in ``idle_days`` and viewed at most ``max_views`` times (never-viewed excluded).

    Mixpanel does not expose when a report was last viewed; an old, barely viewed report is the closest
    sign that nobody relies on it. Suggested for review, not deletion: views are lifetime counts.
    """
    df = _reports(ctx)
    views = df["unique_view_count"].fillna(0)
    mask = (df["idle_days"] >= idle_days) & (views > 0) & (views <= max_views)
    return findings(df, mask, "name", _EVIDENCE)


@rule("reports", "medium", needs=["alerts"])
def duplicate_report(ctx: AuditContext, *, recent_days: int = 30) -> list[Finding]:
    """Exact duplicates: the same type and params on the same board. The most viewed copy stays.

    Two identical cards on one board add nothing. The copy with the most views (then the oldest) stays; another
    copy is proposed for deletion only when nobody views it, nobody edited it in the last ``recent_days`` and no
    alert watches it. The other copies are shown for review with the reason they are kept (the same policy
    notebook 02 follows: copies on different boards are never duplicates, they belong to other boards' readers).
    """
    df = _reports(ctx)
    dup = df[df.duplicated(["params_key", "dashboard_id"], keep=False)]
    views = dup["unique_view_count"].fillna(0).astype("int64")
    order = dup.assign(_v=-views, _i=dup.index.astype("int64")).sort_values(["_v", "_i"], kind="stable")
    groups = order.groupby(["params_key", "dashboard_id"], dropna=False, sort=False)
    rank = groups.cumcount().to_numpy()
    order = order.assign(kept=groups["_i"].transform("first"), copies=groups["_i"].transform("size"))
    return _split(order[rank > 0], [*_EVIDENCE, "kept", "copies"], recent_days)


@rule("reports", "low", needs=["alerts"])
def near_duplicate_report(ctx: AuditContext) -> list[Finding]:
    """The same query (type and params) saved on different boards: one finding per query, never deleted.

    Copies on several boards drift apart when one is edited. Which one is right is a person's call, and
    deleting a copy takes it off a board someone reads, so the suggested action is always review. The finding
    is the most viewed copy, with how many copies there are, on which boards, and some of the others' ids.
    """
    df = _reports(ctx)
    boards = df.groupby("params_key")["dashboard_id"].nunique()
    sub = df[df["params_key"].map(boards) > 1]
    views = sub["unique_view_count"].fillna(0).astype("int64")
    order = sub.assign(_v=-views, _i=sub.index.astype("int64")).sort_values(["_v", "_i"], kind="stable")
    ids = order.groupby("params_key", sort=False)["_i"].agg(list).to_dict()
    on = sub.groupby("params_key")["dashboard_id"].agg(lambda s: sorted(set(s.dropna().astype(int)))).to_dict()
    firsts = order.drop_duplicates("params_key")
    out = findings(firsts, [True] * len(firsts), "name", [*_EVIDENCE, "params_key"])
    for f in out:
        key = f.evidence.pop("params_key")
        f.evidence["same_query_as"] = [i for i in ids[key] if i != f.id][:SAME_QUERY_SHOWN]
        f.evidence["copies"] = len(ids[key])
        f.evidence["boards"] = on[key][:SAME_QUERY_SHOWN]
    return out


@rule("reports", "low")
def untitled_report(ctx: AuditContext, *, prefixes: tuple[str, ...] = ("untitled",)) -> list[Finding]:
    """Reports whose name is empty or starts with one of ``prefixes`` (Mixpanel's default names).

    An untitled report cannot be found by search. Only a person can name it, so the action is review.
    """
    df = ctx.frame("reports")
    names = df["name"].fillna("").str.strip().str.lower()
    mask = names.eq("") | names.str.startswith(tuple(p.lower() for p in prefixes))
    return findings(df, mask, "name", ["dashboard_id", "bookmark_type", "unique_view_count"])


@rule("reports", "low")
def undescribed_report(ctx: AuditContext, *, min_views: int = 0) -> list[Finding]:
    """Reports without a description, viewed more than ``min_views`` times.

    Readers of a board need to know what a report answers. A placeholder text would hide the gap, so the
    action is review: the author writes it.
    """
    df = ctx.frame("reports")
    mask = df["description"].fillna("").str.strip().eq("") & (df["unique_view_count"].fillna(0) > min_views)
    return findings(df, mask, "name", ["dashboard_id", "creator_name", "unique_view_count"])


@rule("reports", "medium")
def departed_owner_report(ctx: AuditContext, *, members: tuple[str, ...] | None = None) -> list[Finding]:
    """Reports whose creator is no longer in the project (``members``: emails, names or ids still in it).

    Nobody answers questions about an orphaned report. Mixpanel's app API does not list a project's
    members, so the rule runs only when ``members`` is given (or ``ws.audit(members=...)``).
    """
    known = ctx.members if members is None else frozenset(str(m).strip().lower() for m in members)
    if known is None:
        return []
    df = ctx.frame("reports")
    mask = [departed([r.creator_id, r.creator_email, r.creator_name], known) for r in df.itertuples()]
    return findings(df, mask, "name", ["creator_name", "creator_email", "dashboard_id", "unique_view_count"])
