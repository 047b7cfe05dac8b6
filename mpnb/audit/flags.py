"""Feature flag rules: fully rolled out, long disabled, experiment flags without testers, the flag limit.

Archived flags are not read (they are already cleaned up). "Rolled out since" is ``enabled_at`` (else
``modified``): Mixpanel's list has no separate time for the last rollout change.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from mpnb.audit._core import AuditContext, Finding, rule
from mpnb.audit._rows import findings

__all__ = ["flag_limit", "flag_without_testers", "full_rollout_variant", "rolled_out_flag", "stale_flag"]


def full_rollout_variant(ruleset: Any) -> str | None:
    """The variant every user gets, or None: a 100% rollout rule giving one variant 100%.

    Without rollout rules, a variant split of 1.0 counts as well.
    """
    if not isinstance(ruleset, dict):
        return None
    for r in ruleset.get("rollout") or []:
        if not isinstance(r, dict) or float(r.get("rollout_percentage") or 0) < 1.0:
            continue
        splits = r.get("variant_splits") or {}
        winners = [k for k, v in splits.items() if float(v or 0) >= 1.0]
        if len(winners) == 1:
            return str(winners[0])
        variant = r.get("variant_override") or r.get("variant")
        if isinstance(variant, str):
            return variant
    if not ruleset.get("rollout"):
        full = [v.get("key") for v in ruleset.get("variants") or [] if float(v.get("split") or 0) >= 1.0]
        if len(full) == 1:
            return str(full[0])
    return None


def _since(ctx: AuditContext, df: pd.DataFrame) -> pd.Series:
    when = df["enabled_at"].where(df["enabled_at"].notna(), df["modified"]) if "enabled_at" in df else df["modified"]
    return ctx.days(when)


@rule("flags", "medium")
def rolled_out_flag(ctx: AuditContext, *, days: int = 30) -> list[Finding]:
    """Enabled flags serving one variant to 100% of users for more than ``days``: remove them from code.

    A flag everyone gets the same answer from is dead code in the app and a line in every flag list;
    once the code no longer reads it, archive it. Archiving first would serve every user the fallback
    (and Mixpanel archives only disabled flags), so the action is review: a person removes the code.
    """
    df = ctx.frame("flags").copy()
    df["rolled_out_days"] = _since(ctx, df).array
    df["variant"] = [full_rollout_variant(r) for r in df["ruleset"]]
    mask = df["status"].eq("enabled") & df["variant"].notna() & (df["rolled_out_days"] > days)
    return findings(df, mask, "key", ["name", "variant", "rolled_out_days", "enabled_at"])


@rule("flags", "low")
def stale_flag(ctx: AuditContext, *, days: int = 90) -> list[Finding]:
    """Flags disabled and unchanged for more than ``days``.

    A flag nobody has switched on for months is usually an abandoned idea; archiving keeps its history
    and takes it out of the flag list and the flag limit.
    """
    df = ctx.frame("flags").copy()
    df["idle_days"] = ctx.days(df["modified"]).array
    mask = df["status"].eq("disabled") & (df["idle_days"] > days)
    return findings(df, mask, "key", ["name", "idle_days", "modified"], "archive")


@rule("flags", "medium", needs=["experiments"])
def flag_without_testers(ctx: AuditContext) -> list[Finding]:
    """Flags an experiment uses that have no test users (``ruleset.test.users``).

    Without QA testers pinned to each variant, nobody can check a variant before users see it.
    The link is the flag's ``experiment_id`` or an experiment's ``feature_flag``.
    """
    df = ctx.frame("flags")
    exps = ctx.frame("experiments")
    linked = {str(f.get("id")) for f in exps["feature_flag"] if isinstance(f, dict) and f.get("id")}
    keys = {str(s["feature_flag_key"]) for s in exps["settings"] if isinstance(s, dict) and s.get("feature_flag_key")}
    with_exp = df["experiment_id"].notna() | df.index.isin(linked) | df["key"].isin(keys)
    testers = [len((r.get("test") or {}).get("users") or {}) if isinstance(r, dict) else 0 for r in df["ruleset"]]
    mask = with_exp & (pd.Series(testers, index=df.index) == 0)
    return findings(df, mask, "key", ["name", "status", "experiment_id"])


@rule("flags", "high", extra="flag limits")
def flag_limit(ctx: AuditContext, *, ratio: float = 1.0) -> list[Finding]:
    """The project uses at least ``ratio`` of its flag allowance (1.0: at or over the limit).

    At the limit no new flag can be created; archiving stale flags frees room. One extra read (the
    limits call); the finding is about the project, so its id is empty.
    """
    limits = ctx.extra("flag limits", ctx.ws.get_flag_limits)
    if limits.limit <= 0 or limits.current_usage < ratio * limits.limit:
        return []
    evidence = {"current_usage": limits.current_usage, "limit": limits.limit, "is_trial": limits.is_trial}
    return [Finding(None, "flag limit", evidence, "review")]
