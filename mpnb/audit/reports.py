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


@rule("reports", "medium", needs=["alerts"])
def never_viewed_report(ctx: AuditContext, *, min_age_days: int = 30) -> list[Finding]:
    """Reports nobody has opened since they were made, older than ``min_age_days``.

    A report no one ever looked at is clutter in search and on boards. Young reports are left alone (their
    author may still be building them), and a report an alert watches is only flagged for review.
    """
    df = _reports(ctx)
    mask = (df["unique_view_count"].fillna(0) == 0) & (df["age_days"] >= min_age_days)
    out = findings(df, mask & (df["alert_count"] == 0), "name", _EVIDENCE, "delete")
    return out + findings(df, mask & (df["alert_count"] > 0), "name", [*_EVIDENCE, "alert_count"], "review")


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
def duplicate_report(ctx: AuditContext) -> list[Finding]:
    """Exact duplicates: the same type and params on the same board. The most viewed copy is kept.

    Two identical cards on one board add nothing. The copy with the most views (then the oldest) stays,
    so a plan never proposes deleting the one people use; copies that alerts watch are left for review.
    """
    df = _reports(ctx)
    dup = df[df.duplicated(["params_key", "dashboard_id"], keep=False)]
    views = dup["unique_view_count"].fillna(0).astype("int64")
    order = dup.assign(_v=-views, _i=dup.index.astype("int64")).sort_values(["_v", "_i"], kind="stable")
    groups = order.groupby(["params_key", "dashboard_id"], dropna=False, sort=False)
    rank = groups.cumcount().to_numpy()
    order = order.assign(kept=groups["_i"].transform("first"), copies=groups["_i"].transform("size"))
    rest = order[rank > 0]
    evidence = [*_EVIDENCE, "kept", "copies"]
    return findings(rest, rest["alert_count"] == 0, "name", evidence, "delete") + findings(
        rest, rest["alert_count"] > 0, "name", [*evidence, "alert_count"], "review"
    )


@rule("reports", "low", needs=["alerts"])
def near_duplicate_report(ctx: AuditContext) -> list[Finding]:
    """The same query (type and params) saved on different boards: reported, never deleted automatically.

    Copies on several boards drift apart when one is edited. Which one is right is a person's call, and
    deleting a copy takes it off a board someone reads, so the suggested action is always review.
    """
    df = _reports(ctx)
    boards = df.groupby("params_key")["dashboard_id"].nunique()
    multi = df["params_key"].map(boards) > 1
    sub = df[multi]
    ids = pd.Series(sub.index.astype("int64"), index=sub.index)
    members = ids.groupby(sub["params_key"]).agg(lambda s: s.head(SAME_QUERY_SHOWN + 1).tolist()).to_dict()
    sizes = sub["params_key"].value_counts().to_dict()
    on = sub.groupby("params_key")["dashboard_id"].agg(lambda s: sorted(set(s.dropna().astype(int)))).to_dict()
    out = findings(sub, [True] * len(sub), "name", [*_EVIDENCE, "params_key"])
    for f in out:
        key = f.evidence.pop("params_key")
        f.evidence["same_query_as"] = [i for i in members[key] if i != f.id][:SAME_QUERY_SHOWN]
        f.evidence["copies"] = sizes[key]
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
