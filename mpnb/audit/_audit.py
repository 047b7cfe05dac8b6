"""``ws.audit()``: run the rules on one read of each family, keep the findings as data, plan the fixes.

>>> audit = ws.audit()                                   # reads only; the summary names every request
>>> audit.findings.query("severity == 'high'")
>>> plan = audit.plan(rules=["orphaned_alert", "stale_flag"])   # frames plans, one per family
>>> plan.apply()                                         # backups, confirmation and per-row results
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from mpnb._progress import steps
from mpnb.audit._core import FAMILIES, RULES, SEVERITIES, AuditContext, Rule, select_rules
from mpnb.errors import InputError, NotFoundError, PermissionDeniedError
from mpnb.frames import FamilyFrames
from mpnb.graph import Edge, in_use

if TYPE_CHECKING:
    import pandas as pd

    from mpnb._workspace import Workspace
    from mpnb.frames import Plan

__all__ = ["COLUMNS", "Audit", "AuditPlan", "run_audit"]

COLUMNS = ["family", "id", "name", "rule", "severity", "action", "changes", "evidence", "default", "keep_reason"]
PLANNED = ("delete", "archive", "update")


def run_audit(
    ws: Workspace,
    *,
    families: Iterable[str] | None = None,
    rules: Iterable[str] | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
    members: Iterable[Any] | None = None,
    test_webhooks: bool = False,
    now: datetime | None = None,
    progress: bool = True,
) -> Audit:
    """Run the chosen rules (default: all but opt-in ones) and return the :class:`Audit`."""
    chosen = select_rules(rules, families, opt_in=test_webhooks)
    params = dict(params or {})
    for name, values in params.items():
        if name not in RULES:
            raise InputError(f"params names an unknown rule {name!r}", field="params")
        allowed = RULES[name].thresholds()
        unknown = sorted(set(values) - set(allowed))
        if unknown:
            took = ", ".join(allowed) or "no parameters"
            raise InputError(f"rule {name} takes {took}; not {', '.join(unknown)}", field=f"params.{name}")
        params[name] = {k: _checked(name, k, v, allowed[k]) for k, v in values.items()}
    known = None if members is None else frozenset(str(m).strip().lower() for m in members)
    ctx = AuditContext(ws, now=now or datetime.now(timezone.utc), members=known)
    before = ws.request_count
    found: list[dict[str, Any]] = []
    skipped: dict[str, str] = {}
    with steps("audit", total=len(chosen), enabled=progress) as step:
        for r in chosen:
            step(r.name)
            _run_rule(r, ctx, params, known, found, skipped)
    requests = ws.request_count - before
    return Audit(ws, _frame(found), [r.name for r in chosen], list(ctx.reads), requests, skipped)


def _run_rule(
    r: Rule,
    ctx: AuditContext,
    params: Mapping[str, Mapping[str, Any]],
    known: frozenset[str] | None,
    found: list[dict[str, Any]],
    skipped: dict[str, str],
) -> None:
    """One rule's findings appended to ``found`` (or why it was skipped, in ``skipped``)."""
    if r.name.startswith("departed_owner") and known is None and "members" not in params.get(r.name, {}):
        skipped[r.name] = "needs members= (Mixpanel's API does not list project members)"
        return
    try:
        results = r.fn(ctx, **params.get(r.name, {}))
    except (PermissionDeniedError, NotFoundError) as exc:
        skipped[r.name] = f"a read it needs was refused ({type(exc).__name__})"
        return
    for f in results:
        found.append(
            {
                "family": r.family,
                "id": f.id,
                "name": f.name,
                "rule": r.name,
                "severity": f.severity or r.severity,
                "action": f.action,
                "changes": f.changes,
                "evidence": f.evidence,
                # what a review would do without a person's say: a planned action goes; a copy the policy
                # keeps (with its reason) stays; a plain review is not a proposal at all
                "default": "delete" if f.action in ("delete", "archive") else "keep" if f.keep_reason else None,
                "keep_reason": f.keep_reason,
            }
        )


def _checked(rule: str, key: str, value: Any, default: Any) -> Any:
    """A threshold of the type its default has (refused before any request)."""
    where = f"params.{rule}.{key}"
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise InputError(f"{where} must be true or false, got {value!r}", field=where)
    elif isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"{where} must be a whole number (e.g. 30), got {value!r}", field=where)
    elif isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(f"{where} must be a number (e.g. 0.9), got {value!r}", field=where)
    elif isinstance(default, tuple) or default is None:
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise InputError(f"{where} must be a list of strings, got {value!r}", field=where)
        return tuple(str(v) for v in value)
    return value


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    df = pd.DataFrame(rows, columns=COLUMNS)
    df["family"] = pd.Categorical(df["family"], categories=list(FAMILIES))
    df["severity"] = pd.Categorical(df["severity"], categories=list(reversed(SEVERITIES)), ordered=True)
    for col in ("name", "rule", "action"):
        df[col] = df[col].astype("string")
    out: pd.DataFrame = df.sort_values(["family", "rule"], kind="stable").reset_index(drop=True)
    return out


@dataclass
class Audit:
    """What the audit found; nothing was changed. ``findings`` is a DataFrame (one row per finding)."""

    ws: Workspace = field(repr=False)
    findings: pd.DataFrame
    rules: list[str]
    reads: list[str]
    requests: int
    skipped: dict[str, str] = field(default_factory=dict)

    def summary(self) -> pd.DataFrame:
        """Finding counts by family, rule, severity and suggested action (rules with none included)."""
        import pandas as pd

        counts = self.findings.groupby("rule", observed=True).size()
        rows = []
        for name in self.rules:
            r: Rule = RULES[name]
            sub = self.findings[self.findings["rule"] == name]
            actions = sorted(set(sub["action"].dropna())) if len(sub) else []
            rows.append(
                {
                    "family": r.family,
                    "rule": name,
                    "severity": r.severity,
                    "findings": int(counts.get(name, 0)),
                    "actions": ", ".join(actions),
                    "skipped": self.skipped.get(name, ""),
                }
            )
        out: pd.DataFrame = pd.DataFrame(rows, columns=["family", "rule", "severity", "findings", "actions", "skipped"])
        return out

    def plan(
        self,
        rules: Iterable[str] | None = None,
        *,
        families: Iterable[str] | None = None,
        include_in_use: bool = False,
    ) -> Plan | AuditPlan:
        """The findings' delete/archive/update actions as frames plans (review findings are left out).

        One family: that family's :class:`~mpnb.frames._plan.Plan`. Several: an :class:`AuditPlan` holding
        one Plan per family. Each family is read once more, so the plan compares with the server as it is.
        An entity something live depends on (an active experiment's flag, an enabled flag's cohort, a report
        a running alert watches) is left out of a delete or archive, and the plan says so and why;
        ``include_in_use=True`` puts it back in.
        """
        names = list(rules or self.rules)
        for n in names:
            if n not in RULES:
                raise InputError(f"unknown audit rule {n!r}; rules: {', '.join(sorted(RULES))}", field="rules")
        f = self.findings
        sel = f[f["rule"].isin(names) & f["action"].isin(PLANNED) & f["id"].notna()]
        if families is not None:
            sel = sel[sel["family"].isin(list(families))]
        plans: dict[str, Plan] = {}
        for fam in [x for x in FAMILIES if x in set(sel["family"].astype(str))]:
            plans[fam] = _family_plan(self.ws, fam, sel[sel["family"] == fam], include_in_use)
        if len(plans) == 1:
            return next(iter(plans.values()))
        return AuditPlan(plans)

    def __len__(self) -> int:
        return len(self.findings)

    def __repr__(self) -> str:
        by = self.findings.groupby(["family", "rule"], observed=True).size()
        lines = [
            f"Audit of {self.ws.target.label()}: {len(self.findings)} findings from {len(self.rules)} rules; "
            f"{self.requests} requests ({', '.join(self.reads) or 'none'}); nothing was changed"
        ]
        for key, n in by.items():
            fam, rule = key if isinstance(key, tuple) else (key, "")
            lines.append(f"  {fam!s:<12} {rule!s:<32} {n}")
        lines += [f"  skipped {k}: {v}" for k, v in self.skipped.items()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        s = self.summary()
        sev_color = {"high": "#c0392b", "medium": "#d68910", "low": "#7f8c8d"}
        head = (
            f"<p><b>Audit of {html.escape(self.ws.target.label())}</b>: {len(self.findings)} findings from "
            f"{len(self.rules)} rules. {self.requests} requests: {html.escape(', '.join(self.reads) or 'none')}. "
            "Nothing was changed.</p>"
        )
        body = []
        for fam, group in s.groupby("family", sort=False):
            total = int(group["findings"].sum())
            body.append(f"<tr><th colspan='4' style='text-align:left'>{html.escape(str(fam))} ({total})</th></tr>")
            for r in group.itertuples():
                color = sev_color.get(str(r.severity), "inherit")
                note = html.escape(str(r.skipped or r.actions))
                body.append(
                    f"<tr><td>{html.escape(str(r.rule))}</td><td style='color:{color}'>{r.severity}</td>"
                    f"<td style='text-align:right'>{r.findings}</td><td>{note}</td></tr>"
                )
        table = "<table><tr><th>rule</th><th>severity</th><th>findings</th><th>suggested action</th></tr>"
        return head + table + "".join(body) + "</table>"


def _family_plan(ws: Workspace, family: str, sel: pd.DataFrame, include_in_use: bool) -> Plan:
    frames = FamilyFrames(ws, family)
    df = frames.frame(cleanup=False)
    drop = list(dict.fromkeys(sel.loc[sel["action"].isin(["delete", "archive"]), "id"].tolist()))
    live = in_use(ws, family, drop) if drop else {}
    notes = _in_use_notes(family, live, include_in_use)
    if live and not include_in_use:
        drop = [i for i in drop if i not in live]
    for row in sel[sel["action"] == "update"].itertuples():
        if row.id in df.index and row.id not in drop:  # an entity going away needs no update first
            for col, value in (row.changes or {}).items():
                df.loc[row.id, col] = value
    plan: Plan = frames.plan(df, delete=drop or None, archive=True)
    plan.notes[:0] = notes
    return plan


def _other(family: str, e: Edge) -> str:
    """The live entity of an edge, as ``experiments 7f3... runs on the flag``."""
    fam, eid = (e.source_family, e.source_id) if e.target_family == family else (e.target_family, e.target_id)
    return f"{fam} {eid} {e.via}"


def _in_use_notes(family: str, live: dict[Any, list[Edge]], included: bool) -> list[str]:
    """What the plan says about entities something live depends on: left out, or included on request."""
    if not live:
        return []
    shown = "; ".join(
        f"{eid} ({', '.join(_other(family, e) for e in edges[:2])})" for eid, edges in list(live.items())[:5]
    )
    more = f" and {len(live) - 5} more" if len(live) > 5 else ""
    if included:
        return [f"{len(live)} {family} something live depends on are included (include_in_use=True): {shown}{more}"]
    return [
        f"{len(live)} {family} left out: something live depends on them: {shown}{more}; "
        "include_in_use=True (--include-in-use) puts them back in"
    ]


@dataclass
class AuditPlan:
    """One frames Plan per family; ``apply()`` applies them in turn (each with its backups and results)."""

    plans: dict[str, Plan]

    @property
    def is_empty(self) -> bool:
        return all(p.is_empty for p in self.plans.values())

    def requests(self) -> int:
        return sum(p.requests() for p in self.plans.values())

    def apply(self, *, confirm: bool = False, progress: bool = True, **kwargs: Any) -> pd.DataFrame:
        """Apply every family's plan; one result row per entity, with a ``family`` column."""
        import pandas as pd

        results = []
        for fam, p in self.plans.items():
            if p.is_empty:
                continue
            res = p.apply(confirm=confirm, progress=progress, **kwargs)
            results.append(res.assign(family=fam))
        if not results:
            empty: pd.DataFrame = pd.DataFrame(columns=["family", "id", "action", "status", "error"])
            return empty
        out = pd.concat(results, ignore_index=True)
        ordered: pd.DataFrame = out[["family", *[c for c in out.columns if c != "family"]]]
        return ordered

    def __getitem__(self, family: str) -> Plan:
        return self.plans[family]

    def __repr__(self) -> str:
        return "\n\n".join(repr(p) for p in self.plans.values()) or "Empty audit plan"

    def _repr_html_(self) -> str:
        return "".join(p._repr_html_() for p in self.plans.values())
