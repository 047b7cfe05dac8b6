"""Experiment rules: active past their end date, concluded but undecided, decided but not archived, no flag.

Archived experiments are not read. Dates are the list answer's ``start_date``/``end_date`` strings.
"""

from __future__ import annotations

import pandas as pd

from mpnb.audit._core import AuditContext, Finding, rule
from mpnb.audit._rows import findings

__all__ = ["flagless_experiment", "overdue_experiment", "unarchived_experiment", "undecided_experiment"]


@rule("experiments", "high")
def overdue_experiment(ctx: AuditContext, *, grace_days: int = 0) -> list[Finding]:
    """Active experiments whose end date passed more than ``grace_days`` ago.

    An experiment left running past its planned end keeps splitting traffic for no decision.
    Concluding it is a lifecycle step (``ws.conclude_experiment``), so the action is review.
    """
    df = ctx.frame("experiments").copy()
    df["days_past_end"] = ctx.days(df["end_date"]).array
    mask = df["status"].eq("active") & (df["days_past_end"] > grace_days)
    return findings(df, mask, "name", ["start_date", "end_date", "days_past_end"])


@rule("experiments", "medium")
def undecided_experiment(ctx: AuditContext, *, days: int = 7) -> list[Finding]:
    """Experiments concluded more than ``days`` ago with no decision (success or fail) recorded.

    Results nobody decides on are lost knowledge; deciding is a person's call, hence review.
    """
    df = ctx.frame("experiments").copy()
    df["idle_days"] = ctx.days(df["end_date"].where(df["end_date"].notna(), df["modified"])).array
    mask = df["status"].eq("concluded") & (df["idle_days"] > days)
    return findings(df, mask, "name", ["end_date", "idle_days"])


@rule("experiments", "low")
def unarchived_experiment(ctx: AuditContext, *, days: int = 30) -> list[Finding]:
    """Experiments decided (success or fail) more than ``days`` ago and still not archived.

    A decided experiment is history: archiving takes it out of the active list and keeps its results.
    """
    df = ctx.frame("experiments").copy()
    df["idle_days"] = ctx.days(df["modified"]).array
    decided = df["status"].isin(["success", "fail"]) & df["deleted"].isna()
    return findings(df, decided & (df["idle_days"] > days), "name", ["status", "end_date", "idle_days"], "archive")


@rule("experiments", "medium")
def flagless_experiment(ctx: AuditContext) -> list[Finding]:
    """Launched experiments (not drafts) with no feature flag linked.

    Without a flag, Mixpanel cannot assign variants, so exposures and results cannot be trusted.
    """
    df = ctx.frame("experiments")
    key = [isinstance(s, dict) and bool(s.get("feature_flag_key")) for s in df["settings"]]
    flag = [isinstance(f, dict) and bool(f.get("id") or f.get("key")) for f in df["feature_flag"]]
    none = pd.Series([not (a or b) for a, b in zip(key, flag)], index=df.index)
    mask = ~df["status"].isin(["draft"]) & none
    return findings(df, mask, "name", ["status", "start_date"])
