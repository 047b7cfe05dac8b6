"""Demo data of the sandbox's cohorts: deterministic, realistically messy."""

from __future__ import annotations

from typing import Any

from mpnb.sandbox.routes.cohorts import make_cohort
from mpnb.sandbox.seed import Seeder

__all__ = ["AFTER", "seed"]

AFTER = ("reports",)  # the shared random stream, drawn after the reports

BASE = [
    ("Power Users", "Used the product on 20+ of the last 30 days", "App Open", 20, 1840),
    ("New Signups (7d)", "Signed up in the last week", "Sign Up", 1, 5230),
    ("Purchasers", "Made at least one purchase", "Purchase", 1, 12877),
    ("Churn Risk", None, "Login", 0, 731),
    ("Trial Users", "On a free trial", "Subscription Started", 1, 2410),
    ("Cart Abandoners", "Added to cart but did not check out", "Add to Cart", 1, 9644),
    ("Newsletter Readers", "", "Page View", 3, 40213),
    ("Beta Testers", "Hand-picked early access group", "Video Played", 1, 57),
    ("Untitled cohort", None, "Search", 1, 0),
    ("Inviters", "Sent an invite", "Invite Sent", 1, 388),
]


def _selector(event: str, times: int) -> dict[str, Any]:
    return {
        "selector": {"operator": "and", "children": [{"property": "behaviors", "value": "bhvr_0"}]},
        "behaviors": {
            "bhvr_0": {
                "count": {"event_selector": {"event": event}, "type": "absolute"},
                "operator": ">=" if times else "==",
                "operand": times,
                "window": {"unit": "day", "value": 30},
            }
        },
    }


def seed(s: Seeder) -> None:
    """Cohorts of many sizes (one empty, one tiny, one huge), some built on others, one in a data group."""
    made: list[dict[str, Any]] = []
    for i, (name, desc, event, times, count) in enumerate(BASE):
        c = make_cohort(s.ctx, dict(_selector(event, times), name=name))
        if desc is not None:
            c["description"] = desc
        pid, pname, email = s.person()
        c["created_by"] = {"id": pid, "name": pname, "email": email}
        age = s.rng.randint(5, 700)
        c["created"] = s.days_ago(age)
        c["last_edited"] = s.days_ago(s.rng.randint(0, age))
        c["last_queried"] = None if count == 0 else s.days_ago(s.rng.randint(0, 30))
        c["count"] = count
        c["verified"] = i < 3
        c["is_locked"] = i == 2
        c["is_visible"] = i != 8
        c["project_id"] = s.config.project_id
        if i == 9:
            c["data_group_id"] = "company"
        made.append(c)
    # cohorts built on others: "Engaged Purchasers" = Power Users AND Purchasers, etc.
    for name, parts in (
        ("Engaged Purchasers", (0, 2)),
        ("At-risk Trials", (3, 4)),
        ("Win-back Targets", (3, 5)),
    ):
        definition = {
            "selector": {
                "operator": "and",
                "children": [{"property": "cohort", "cohort_id": made[p]["id"]} for p in parts],
            }
        }
        c = make_cohort(s.ctx, dict(definition, name=name, description=f"Built from {len(parts)} cohorts"))
        c["count"] = s.rng.randint(10, min(made[p]["count"] for p in parts) or 10)
        c["created"] = c["last_edited"] = s.days_ago(s.rng.randint(1, 90))
        pid, pname, email = s.person()
        c["created_by"] = {"id": pid, "name": pname, "email": email}
        c["project_id"] = s.config.project_id
