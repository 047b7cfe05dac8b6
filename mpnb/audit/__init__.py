"""Cleanup audit: what in a project is stale, broken, duplicated or orphaned, across all eight families.

>>> audit = ws.audit()               # one list call per family, plus a few named extra reads
>>> audit.findings                   # family, id, name, rule, severity, action, changes, evidence
>>> audit.plan(rules=["orphaned_alert", "stale_flag"]).apply()

Each rule is a small function in this package's family modules (``mpnb.audit.reports`` ...), registered in
``RULES`` with its thresholds as keyword parameters. Importing this package does not import pandas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.audit._audit import Audit, AuditPlan, run_audit

if TYPE_CHECKING:
    from mpnb.audit._core import Rule

__all__ = ["Audit", "AuditAccess", "AuditPlan", "rules"]


class AuditAccess:
    """What the audit adds to a Workspace: ``ws.audit()`` (``mpnb.Workspace`` is made of this mixin)."""

    def audit(
        self: Any,
        *,
        families: list[str] | None = None,
        rules: list[str] | None = None,
        params: dict[str, dict[str, Any]] | None = None,
        members: list[Any] | None = None,
        test_webhooks: bool = False,
        progress: bool = True,
    ) -> Audit:
        """Find what is stale, broken, duplicated or orphaned; reads each family once and changes nothing.

        ``params`` sets rule thresholds (``{"stale_report": {"idle_days": 90}}``); ``members`` (emails,
        names or ids still in the project) enables the departed-owner rules; ``test_webhooks`` sends one
        test call per enabled webhook. ``audit.plan(rules=[...])`` turns findings into frames plans. An audit
        that takes more than a couple of seconds names each rule on a bar as it runs (``progress=False``: never).
        """
        return run_audit(
            self,
            families=families,
            rules=rules,
            params=params,
            members=members,
            test_webhooks=test_webhooks,
            progress=progress,
        )


def rules() -> dict[str, Rule]:
    """Every audit rule by name (family, severity, thresholds, docstring)."""
    from mpnb.audit._core import RULES, _load

    _load()
    return dict(RULES)
