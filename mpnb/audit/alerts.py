"""Alert rules: alerts on a report that is gone or not alertable, long paused, without subscribers, never fired."""

from __future__ import annotations

import pandas as pd

from mpnb.audit._core import AuditContext, Finding, rule
from mpnb.audit._rows import findings, truthy
from mpnb.entities.alerts_models import ALERTABLE_REPORT_TYPES

__all__ = ["never_fired_alert", "orphaned_alert", "paused_alert", "silent_alert"]


@rule("alerts", "high", needs=["reports"])
def orphaned_alert(ctx: AuditContext) -> list[Finding]:
    """Alerts whose report no longer exists, is no longer alertable, or that Mixpanel marks invalid.

    Such an alert can never fire again: it only adds noise to the alert list and the alert count.
    """
    df = ctx.frame("alerts").copy()
    reports = ctx.frame("reports")
    kinds = reports["bookmark_type"]
    df["reason"] = None
    gone = ~df["report_id"].isin(reports.index)
    not_alertable = df["report_id"].map(kinds).isin(list(ALERTABLE_REPORT_TYPES)).eq(False) & ~gone
    invalid = ~truthy(df["valid"])
    df.loc[invalid, "reason"] = "invalid"
    df.loc[not_alertable, "reason"] = "report not alertable"
    df.loc[gone, "reason"] = "report gone"
    return findings(df, df["reason"].notna(), "name", ["report_id", "reason", "valid"], "delete")


@rule("alerts", "low")
def paused_alert(ctx: AuditContext, *, days: int = 90) -> list[Finding]:
    """Alerts paused and unchanged for more than ``days``.

    An alert paused for months is not coming back; deleting it (with a backup) shortens the list and
    frees room under the alert limit.
    """
    df = ctx.frame("alerts").copy()
    df["idle_days"] = ctx.days(df["modified"]).array
    mask = truthy(df["paused"]) & (df["idle_days"] > days)
    return findings(df, mask, "name", ["report_id", "idle_days"], "delete")


@rule("alerts", "medium")
def silent_alert(ctx: AuditContext) -> list[Finding]:
    """Live alerts with no subscribers: they are checked, and they fire, but nobody is told.

    The suggested update pauses them until someone subscribes.
    """
    df = ctx.frame("alerts")
    none = pd.Series([not s for s in df["subscriptions"]], index=df.index)
    return findings(df, none & ~truthy(df["paused"]), "name", ["report_id", "frequency"], "update", {"paused": True})


@rule("alerts", "low")
def never_fired_alert(ctx: AuditContext, *, min_age_days: int = 30) -> list[Finding]:
    """Live alerts older than ``min_age_days`` that have never fired.

    A condition that never triggers may be set wrong (a threshold out of reach); review it.
    """
    df = ctx.frame("alerts").copy()
    df["age_days"] = ctx.days(df["created"]).array
    mask = df["last_fired"].isna() & ~truthy(df["paused"]) & (df["age_days"] >= min_age_days)
    return findings(df, mask, "name", ["report_id", "age_days", "last_checked"])
