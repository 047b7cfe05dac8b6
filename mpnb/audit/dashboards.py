"""Dashboard rules: empty boards, boards whose reports are all stale, private boards of departed owners.

Mixpanel's dashboard list does not carry the cards; which reports sit on a board comes from the reports
list (each report's ``dashboard_id``). Text cards are not visible there (see docs/unverified.md).
"""

from __future__ import annotations

import pandas as pd

from mpnb.audit._core import AuditContext, Finding, rule
from mpnb.audit._rows import departed, findings, truthy

__all__ = ["departed_owner_private_dashboard", "empty_dashboard", "stale_dashboard"]


def _boards(ctx: AuditContext) -> pd.DataFrame:
    df: pd.DataFrame = ctx.frame("dashboards").copy()
    reports = ctx.frame("reports")
    counts = reports["dashboard_id"].value_counts().to_dict()
    df["report_count"] = pd.array([counts.get(i, 0) for i in df.index], dtype="Int64")
    df["age_days"] = ctx.days(df["created"]).array
    return df


@rule("dashboards", "medium", needs=["reports"])
def empty_dashboard(ctx: AuditContext, *, min_age_days: int = 7) -> list[Finding]:
    """Boards with no report on them, older than ``min_age_days``.

    An empty board clutters the board list and the home page. Text-only boards look empty here too
    (the list does not show text cards): the plan's backup keeps the board's layout.
    """
    df = _boards(ctx)
    mask = (df["report_count"] == 0) & (df["age_days"] >= min_age_days)
    return findings(df, mask, "title", ["report_count", "age_days", "unique_view_count", "creator_name"], "delete")


@rule("dashboards", "low", needs=["reports"])
def stale_dashboard(ctx: AuditContext, *, idle_days: int = 180, max_views: int = 5) -> list[Finding]:
    """Boards whose every report is stale: unchanged in ``idle_days`` and viewed at most ``max_views`` times.

    A board of abandoned reports still shows up in search and misleads readers with old numbers.
    Suggested for review: the board may be an archive people keep on purpose.
    """
    df = _boards(ctx)
    reports = ctx.frame("reports")
    idle = ctx.days(reports["modified"]).to_numpy()
    stale = (idle >= idle_days) & (reports["unique_view_count"].fillna(0).to_numpy() <= max_views)
    fresh_boards = set(reports.loc[~stale, "dashboard_id"].dropna().astype(int))
    mask = (df["report_count"] > 0) & ~df.index.isin(fresh_boards)
    return findings(df, mask, "title", ["report_count", "unique_view_count", "creator_name"])


@rule("dashboards", "medium")
def departed_owner_private_dashboard(ctx: AuditContext, *, members: tuple[str, ...] | None = None) -> list[Finding]:
    """Private boards whose creator is no longer in the project (``members`` as for reports).

    Nobody else can see a private board, so once its owner leaves it is dead weight. Mixpanel's app API
    does not list project members: the rule runs only when members are given.
    """
    known = ctx.members if members is None else frozenset(str(m).strip().lower() for m in members)
    if known is None:
        return []
    df = ctx.frame("dashboards")
    gone = [departed([r.creator_id, r.creator_email, r.creator_name], known) for r in df.itertuples()]
    mask = truthy(df["is_private"]) & pd.Series(gone, index=df.index, dtype=bool)
    return findings(df, mask, "title", ["creator_name", "creator_email", "is_private"])
