"""Cleanup audit: what in a project is stale, broken, duplicated or orphaned, across all eight families.

>>> audit = ws.audit()               # one list call per family, plus a few named extra reads
>>> audit.findings                   # family, id, name, rule, severity, action, changes, evidence
>>> audit.plan(rules=["orphaned_alert", "stale_flag"]).apply()

Each rule is a small function in this package's family modules (``mpnb.audit.reports`` ...), registered in
``RULES`` with its thresholds as keyword parameters. Importing this package does not import pandas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mpnb.audit._audit import Audit, AuditPlan

if TYPE_CHECKING:
    from mpnb.audit._core import Rule

__all__ = ["Audit", "AuditPlan", "rules"]


def rules() -> dict[str, Rule]:
    """Every audit rule by name (family, severity, thresholds, docstring)."""
    from mpnb.audit._core import RULES, _load

    _load()
    return dict(RULES)
