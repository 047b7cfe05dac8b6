"""Demo data of the sandbox's experiments: deterministic, realistically messy."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from mpnb.sandbox.routes.experiments import FLAGS, make_experiment
from mpnb.sandbox.seed import Seeder

__all__ = ["AFTER", "seed"]

AFTER = ("flags",)  # the flags to link

DEMO = [
    ("Pricing Table Refresh", "draft", False, "A simpler pricing table lifts upgrades"),
    ("Onboarding Checklist v2", "draft", False, None),
    ("Untitled experiment", "draft", False, None),
    ("Search Ranking Tweak", "active", False, "Boosting recent items improves clicks"),
    ("Free Shipping Banner", "active", False, "A banner raises cart completion"),
    ("Night Theme Default", "active", False, None),
    ("Checkout One-Page", "concluded", False, "One page checkout reduces drop-off"),
    ("Trial Length 14 vs 30", "concluded", False, "Shorter trials convert better"),
    ("Referral Bonus", "success", False, "A bonus increases invites"),
    ("Homepage Hero Video", "fail", False, "Video increases signups"),
    ("Old Nav Redesign", "fail", True, "A mega-menu helps discovery"),
    ("Holiday Promo 2025", "success", True, None),
    ("Abandoned Draft", "draft", True, None),
]
# the guide decides a concluded experiment with variant "simplified": this concluded demo one has it
SIMPLIFIED = "Checkout One-Page"
# an active experiment with a planned end date long past: nobody concluded it (an overdue experiment)
OVERDUE = ("Free Shipping Banner", 28)
METRIC_EVENTS = ["Purchase", "Sign Up", "Add to Cart", "Checkout", "Invite Sent", "Search"]


def seed(s: Seeder) -> None:
    """An experiment in every state (some archived), dated consistently; a few linked to seeded flags."""
    flags = [f for _, f in sorted(s.store.table(FLAGS).items()) if f.get("status") != "archived"]
    linked = 0
    for name, status, archived, hypothesis in DEMO:
        variants: list[dict[str, Any]] = [
            {"key": "control", "name": "Control", "is_control": True, "split": 0.5},
            {
                "key": "simplified" if SIMPLIFIED in name or "Pricing" in name else "variant_a",
                "name": "Variant",
                "split": 0.5,
            },
        ]
        event = s.rng.choice(METRIC_EVENTS)
        e = make_experiment(
            s.ctx,
            {
                "name": name,
                "description": None if s.rng.random() < 0.3 else f"{name}: measured on {event}",
                "hypothesis": hypothesis,
                "variants": variants,
                "metrics": [{"name": f"{event} conversion", "type": "primary", "event": event}],
                "settings": {"confidence_level": s.rng.choice([0.9, 0.95]), "min_sample_size": 1000},
            },
            eid=s.uuid(),
        )
        pid, pname, email = s.person()
        e.update(creator_id=pid, creator_name=pname, creator_email=email)
        age = s.rng.randint(40, 400)
        e["created"] = s.days_ago(age)
        e["tags"] = s.rng.sample(["growth", "pricing", "ux", "q3", "mobile"], s.rng.randint(0, 2))
        if status != "draft":
            start = s.rng.randint(5, age - 1)
            e["start_date"] = s.days_ago(start)
            if status == "active":  # long-running: started in Q1 2026, so a dated conclude has room
                begun = datetime(2026, 1, 5) + timedelta(days=s.rng.randint(0, 80), hours=s.rng.randint(8, 18))
                e["start_date"] = begun.strftime("%Y-%m-%dT%H:%M:%S")
                e["created"] = (begun - timedelta(days=s.rng.randint(3, 30))).strftime("%Y-%m-%dT%H:%M:%S")
            e["exposures_cache"] = {v["key"]: s.rng.randint(200, 20000) for v in variants}
            if status != "active":
                e["end_date"] = s.days_ago(s.rng.randint(1, start - 1) if start > 2 else 1)
                lift = round(s.rng.uniform(-0.05, 0.2), 3)
                e["results_cache"] = {"lift": lift, "p_value": round(s.rng.uniform(0.001, 0.3), 3)}
            if flags and linked < 3 and not archived:
                flag = flags[linked % len(flags)]
                e["feature_flag"] = {k: flag.get(k) for k in ("id", "key", "name", "status")}
                e["settings"]["feature_flag_key"] = flag.get("key")
                linked += 1
        e["status"] = status
        e["modified"] = e["end_date"] or e["start_date"] or e["created"]
        if status in ("success", "fail") and e["end_date"]:
            e["modified"] = e["end_date"][:10] + "T17:30:00"  # decided later on the day it ended
        if status in ("success", "fail"):
            e["_decision"] = {"success": status == "success", "variant": None, "message": None}
        if archived:
            e["deleted"] = s.days_ago(s.rng.randint(0, 5))
        if name == OVERDUE[0] and status == "active" and e["start_date"]:  # after every draw: the rest stays
            planned = datetime.fromisoformat(e["start_date"]) + timedelta(days=OVERDUE[1])
            e["end_date"] = planned.strftime("%Y-%m-%dT%H:%M:%S")
