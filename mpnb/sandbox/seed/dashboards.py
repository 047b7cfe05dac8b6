"""Demo data of the sandbox's dashboards: deterministic, realistically messy."""

from __future__ import annotations

from mpnb.sandbox.routes.dashboards_model import make_dashboard
from mpnb.sandbox.seed import Seeder

__all__ = ["OLD_BOARD", "seed"]

# A board of a past quarter nobody opens any more: the reports seeder makes every report on it old and barely
# viewed, so the demo shows a stale board (its position puts it in every demo of 48 reports or more).
OLD_BOARD = "Old Q3 Board"
BOARD_NAMES = [
    "Growth Overview",
    "Weekly KPIs",
    "Onboarding Health",
    "Marketing Funnel",
    "Retention Deep Dive",
    OLD_BOARD,
    "Product Usage",
    "Mobile App",
    "Experiments Review",
    "Exec Summary",
    "Support Signals",
    "Revenue",
    "Scratch",
    "Untitled board",
]


def seed(s: Seeder) -> None:
    """Boards only; the reports seeder fills them (some stay empty on purpose)."""
    count = max(4, s.size // 8)
    for i in range(count):
        name = BOARD_NAMES[i % len(BOARD_NAMES)] + ("" if i < len(BOARD_NAMES) else f" {i // len(BOARD_NAMES) + 1}")
        age = s.rng.randint(5, 900)
        d = make_dashboard(
            s.ctx,
            {
                "title": name,
                "description": None if s.rng.random() < 0.4 else f"{name} for the team",
                "is_private": s.rng.random() < 0.15,
            },
        )
        d.update(s.creator_fields())
        d["created"] = s.days_ago(age)
        d["modified"] = s.days_ago(s.rng.randint(0, age))
        d["last_modified_by_id"], d["last_modified_by_name"], d["last_modified_by_email"] = s.person()
        d["is_favorited"] = s.rng.random() < 0.2
        d["unique_view_count"] = s.rng.randint(0, 400)
        d["total_view_count"] = d["unique_view_count"] * s.rng.randint(1, 6)
        if i == 0:
            d["pinned_date"] = s.days_ago(3)
        if name == OLD_BOARD:  # after every draw, so the other boards' data stays as it was
            d["created"] = s.days_ago(400 + age % 200)
            d["modified"] = s.days_ago(380 + age % 200)
            d["unique_view_count"] %= 4
            d["total_view_count"] = d["unique_view_count"] * 2
            d["is_favorited"] = False
