"""Cohort rules: cohorts nothing uses, cohorts never computed.

"Uses" means: another cohort (``referenced_by`` from Mixpanel), a report's params or a flag's ruleset
naming the cohort id, or an active integration (a cohort sync).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from mpnb.audit._core import AuditContext, Finding, rule
from mpnb.audit._rows import findings

__all__ = ["cohort_ids_in", "never_computed_cohort", "unreferenced_cohort"]


def cohort_ids_in(value: Any) -> set[int]:
    """Cohort ids a nested definition names (``cohort_id`` keys, or ``{"cohort": {"id": N}}``)."""
    out: set[int] = set()
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            for k, item in v.items():
                if k == "cohort_id" and isinstance(item, int) and not isinstance(item, bool):
                    out.add(item)
                elif k == "cohort" and isinstance(item, dict) and isinstance(item.get("id"), int):
                    out.add(item["id"])
                else:
                    stack.append(item)
        elif isinstance(v, list):
            stack.extend(v)
    return out


def _used(ctx: AuditContext) -> set[int]:
    if "cohorts used" not in ctx.cache:
        used: set[int] = set()
        for params in ctx.frame("reports")["params"]:
            used |= cohort_ids_in(params)
        for ruleset in ctx.frame("flags")["ruleset"]:
            used |= cohort_ids_in(ruleset)
        ctx.cache["cohorts used"] = used
    out: set[int] = ctx.cache["cohorts used"]
    return out


def _refs(df: Any) -> list[int]:
    counts = []
    for a, b, c in zip(df["referenced_by"], df["referenced_directly_by"], df["active_integrations"]):
        counts.append(len(set(a or []) | set(b or [])) + len(c or []))
    return counts


@rule("cohorts", "low", needs=["reports", "flags"])
def unreferenced_cohort(ctx: AuditContext, *, min_idle_days: int = 30) -> list[Finding]:
    """Cohorts no report, cohort, flag or sync uses, unchanged for ``min_idle_days``.

    An unused cohort still appears in every cohort picker. It may be used in places the API does not
    show (e.g. saved funnels' filters in other projects' links), so the action is review.
    """
    df = ctx.frame("cohorts").copy()
    df["idle_days"] = ctx.days(df["last_edited"]).array
    used = _used(ctx)
    free = pd.Series([n == 0 and int(i) not in used for i, n in zip(df.index, _refs(df))], index=df.index)
    mask = free & (df["idle_days"].fillna(min_idle_days) >= min_idle_days)
    return findings(df, mask, "name", ["count", "idle_days", "last_queried"])


@rule("cohorts", "medium", needs=["reports", "flags"])
def never_computed_cohort(ctx: AuditContext) -> list[Finding]:
    """Cohorts Mixpanel never computed: no ``last_queried`` time and no member count.

    A cohort that was never computed has never been used in a query; when nothing references it, it is
    safe to delete (the backup keeps its definition). A referenced one is left for review.
    """
    df = ctx.frame("cohorts")
    used = _used(ctx)
    never = df["last_queried"].isna() & (df["count"].fillna(0) == 0)
    free = pd.Series([n == 0 and int(i) not in used for i, n in zip(df.index, _refs(df))], index=df.index)
    return findings(df, never & free, "name", ["count", "last_queried"], "delete") + findings(
        df, never & ~free, "name", ["count", "last_queried", "referenced_by"], "review"
    )
