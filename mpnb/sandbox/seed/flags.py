"""Demo data of the sandbox's flags: deterministic, realistically messy."""

from __future__ import annotations

import copy
from typing import Any

from mpnb.sandbox.routes.flags import H, T, make_flag
from mpnb.sandbox.routes.flags_rules import STATUSES
from mpnb.sandbox.seed import PEOPLE, Seeder

__all__ = ["AFTER", "seed"]

AFTER = ("cohorts",)  # the shared random stream, drawn after the cohorts


def _variants(*specs: tuple[str, Any, float], control: str, sticky: bool = False) -> list[dict[str, Any]]:
    return [
        {"key": k, "value": v, "description": None, "is_control": k == control, "split": s, "is_sticky": sticky}
        for k, v, s in specs
    ]


def _group(name: str, pct: float, splits: dict[str, float], **extra: Any) -> dict[str, Any]:
    return {"name": name, "rollout_percentage": pct, "variant_splits": splits, **extra}


_GATE = _variants(("On", True, 1.0), ("Off", False, 0.0), control="Off")
_AB = _variants(("control", False, 0.5), ("treatment", True, 0.5), control="control", sticky=True)
_ABC = _variants(("control", "classic", 0.34), ("A", "compact", 0.33), ("B", "cards", 0.33), control="control")
_STAFF = {"cohort_definition": {"raw_cohort": {"name": "Internal staff", "filter": "email ends with @example.com"}}}
_MOBILE = {"runtime_evaluation_rule": {"in": [{"var": "platform"}, ["ios", "android"]]}}
_TEMPLATES: list[tuple[str, str, str | None, list[str], str, str, list[dict[str, Any]], list[dict[str, Any]]]] = [
    ("Night Theme", "night_theme", "Dark theme across web and mobile", ["ui", "theme"], "distinct_id", "client", _GATE,
     [_group("Everyone", 1.0, {"On": 1.0, "Off": 0.0})]),
    ("New Checkout Flow", "new_checkout_flow", "Single-page checkout", ["checkout", "revenue"], "distinct_id",
     "server", _AB, [_group("Staff", 1.0, {"control": 0.0, "treatment": 1.0}, **_STAFF),
                     _group("Everyone else", 0.2, {"control": 0.5, "treatment": 0.5})]),
    ("Pricing Page Layout", "pricing_page_layout", None, ["pricing", "experiment"], "device_id", "remote_only", _ABC,
     [_group("Mobile web", 0.5, {"control": 0.34, "A": 0.33, "B": 0.33}, **_MOBILE),
      _group("Desktop", 0.1, {"control": 0.34, "A": 0.33, "B": 0.33})]),
    ("Team Workspaces", "team_workspaces", "Shared boards per account", ["b2b"], "account_id", "remote_or_local",
     _GATE, [_group("Beta accounts", 1.0, {"On": 1.0, "Off": 0.0}, cohort_hash="c0ffee12"),
             _group("Rest", 0.05, {"On": 1.0, "Off": 0.0})]),
    ("Search Ranking v2", "search_ranking_v2", "Embedding-based ranking", ["search", "ml"], "distinct_id", "server",
     _AB, []),
    ("Onboarding Checklist", "onboarding_checklist", "", [], "distinct_id", "client", _GATE,
     [_group("New users", 0.25, {"On": 1.0, "Off": 0.0})]),
    ("Legacy CSV Export", "legacy_csv_export", "Kill switch for the old exporter", ["ops", "kill-switch"],
     "distinct_id", "server", _GATE, [_group("Everyone", 1.0, {"On": 1.0, "Off": 0.0})]),
    ("Free Shipping Banner", "free_shipping_banner", "Holiday promo banner", ["marketing", "promo"], "device_id",
     "client", _GATE, [_group("EU visitors", 0.0, {"On": 1.0, "Off": 0.0})]),
    ("Recommendations Carousel", "recs_carousel", "Home page carousel", ["home", "experiment"], "distinct_id",
     "remote_only", _AB, [_group("Everyone", 0.5, {"control": 0.5, "treatment": 0.5})]),
    ("AI Summary (beta)", "ai_summary_beta", "Summaries of long reports", ["beta", "ml"], "account_id", "server",
     _GATE, [_group("Design partners", 1.0, {"On": 1.0, "Off": 0.0}, **_STAFF)]),
    ("Copy of Night Theme", "night_theme_copy", "Dark theme across web and mobile", ["ui", "theme"], "distinct_id",
     "client", _GATE, []),
    ("untitled flag", "tmp_flag_1", None, ["tmp"], "distinct_id", "client", _GATE, []),
]  # fmt: skip
_QA = ["qa-ana", "qa-ben", "qa-chen", "qa-dana"]
GRACE_STEP = 5  # the demo's flag allowance: the live flag count rounded down to a multiple of this


def seed(s: Seeder) -> None:
    """A dozen or more flags in every status, with real rulesets, QA testers, contexts and serving methods.

    The demo account is over its flag allowance in a grace period (it outgrew a smaller plan): the limits
    call shows more flags in use than the limit, and the audit's flag-limit finding has something to show.
    New flags can still be made meanwhile (the sandbox refuses them only on an active contract).
    """
    count = max(len(_TEMPLATES), min(40, s.size // 3))
    cycle = ["enabled", "disabled", "archived", "enabled", "disabled"]
    for i in range(count):
        name, key, desc, tags, context, serving, variants, rollout = _TEMPLATES[i % len(_TEMPLATES)]
        if i >= len(_TEMPLATES):
            name, key = f"{name} {i // len(_TEMPLATES) + 1}", f"{key}_{i // len(_TEMPLATES) + 1}"
        ruleset: dict[str, Any] = {"variants": copy.deepcopy(variants), "rollout": copy.deepcopy(rollout)}
        if s.rng.random() < 0.4:
            testers = s.rng.sample(_QA, 2)
            ruleset["test"] = {"users": {u: s.rng.choice(variants)["key"] for u in testers}}
        status = cycle[i % len(cycle)] if i < 10 else s.rng.choice(STATUSES)
        body: dict[str, Any] = {"name": name, "key": key, "description": desc, "tags": tags, "context": context}
        body.update(serving_method=serving, ruleset=ruleset, status=status)
        pid_, pname, pmail = s.rng.choice(PEOPLE)
        age = s.rng.uniform(5, 400)
        when = s.days_ago(age) + "Z"
        flag = make_flag(
            s.ctx,
            body,
            project_id=s.config.project_id,
            workspace_id=1,
            fid=s.uuid(),
            when=when,
            creator={"id": pid_, "name": pname, "email": pmail},
        )
        history = s.store.table(H).setdefault(flag["id"], {"events": []})["events"]
        history.append([1, "created", when, pmail, {}])
        if status != "disabled":
            flag["modified"] = s.days_ago(age * s.rng.uniform(0.1, 0.9)) + "Z"
            flag["enabled_at"] = flag["modified"]
            history.append([2, "updated", flag["modified"], pmail, {"status": ["disabled", "enabled"]}])
        if status == "archived":
            flag["deleted"] = flag["modified"]
            history[-1][4] = {"status": ["enabled", "disabled"]}
            history.append([3, "archived", flag["modified"], pmail, {}])
    live = sum(1 for f in s.store.table(T).values() if f["status"] != "archived")
    s.store.meta["flag_limit"] = max(1, live - live % GRACE_STEP)  # a round allowance the account outgrew
    s.store.meta["flag_contract_status"] = "grace_period"
