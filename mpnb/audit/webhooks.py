"""Webhook rules: failing their test call (only when asked: it sends one request per webhook), unused.

The test call is made with the URL only: Mixpanel never returns a webhook's password, so a webhook with
Basic auth is tested without it and a receiver that insists on it may answer 401 (evidence says so).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from mpnb.audit._core import AuditContext, Finding, rule
from mpnb.audit._rows import findings, truthy

__all__ = ["failing_webhook", "unused_webhook"]

_USERINFO = re.compile(r"(://)[^/@\s]+@")


def _alert_targets(ctx: AuditContext) -> set[str]:
    out: set[str] = set()
    for subs in ctx.frame("alerts")["subscriptions"]:
        for s in subs or []:
            if isinstance(s, dict) and s.get("type") == "webhook" and s.get("value") is not None:
                out.add(str(s["value"]))
    return out


@rule("webhooks", "high", extra="webhook test calls", opt_in=True)
def failing_webhook(ctx: AuditContext) -> list[Finding]:
    """Enabled webhooks whose test call fails. Opt-in: it asks Mixpanel to call each receiver once.

    A webhook that cannot be reached drops every delivery. The suggested update disables it until fixed.
    """
    from mpnb.entities.webhooks import WebhookTestParams

    df = ctx.frame("webhooks")
    enabled = df[truthy(df["is_enabled"])]

    def run() -> dict[Any, Any]:
        return {i: ctx.ws.test_webhook(WebhookTestParams(url=str(u))) for i, u in enabled["url"].items()}

    results = ctx.extra(f"webhook test calls ({len(enabled)})", run)
    out = []
    for wid, res in results.items():
        if not res.success:
            row = enabled.loc[wid]
            basic = str(row["auth_type"]) == "basic"
            message = _USERINFO.sub(r"\1***@", res.message)  # a receiver's answer may echo a URL's credentials
            evidence = {"status_code": res.status_code, "message": message, "basic_auth": bool(basic)}
            out.append(Finding(wid, str(row["name"]), evidence, "update", {"is_enabled": False}))
    return out


@rule("webhooks", "low", needs=["alerts"])
def unused_webhook(ctx: AuditContext, *, days: int = 30, unreferenced: bool = False) -> list[Finding]:
    """Webhooks disabled and unchanged for more than ``days``; with ``unreferenced=True`` also enabled
    webhooks no alert subscription names.

    A disabled webhook delivers nothing. The API does not show which cohort syncs use a webhook, so
    "no alert names it" is only a hint (off by default), suggested for review.
    """
    df = ctx.frame("webhooks").copy()
    df["idle_days"] = ctx.days(df["modified"]).array
    enabled = truthy(df["is_enabled"])
    out = findings(df, ~enabled & (df["idle_days"] > days), "name", ["is_enabled", "idle_days"], "delete")
    if unreferenced:
        used = _alert_targets(ctx)
        named = [str(i) in used or str(u) in used or str(n) in used for i, u, n in zip(df.index, df["url"], df["name"])]
        unnamed = enabled & ~pd.Series(named, index=df.index, dtype=bool)
        out += findings(df, unnamed, "name", ["is_enabled", "idle_days"])
    return out
