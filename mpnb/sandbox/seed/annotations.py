"""Demo data of the sandbox's annotations: deterministic, realistically messy."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from mpnb.sandbox.routes.annotations import DATE_FORMAT, TAGS, T, _user_of
from mpnb.sandbox.seed import PEOPLE, Seeder

__all__ = ["seed"]

_EARLY_2025 = [
    ("2025-01-06 09:00:00", "Release v1.9.0: new pricing page", ["release"]),
    ("2025-01-20 00:00:00", "Holiday: MLK day, US traffic low", ["holiday"]),
    (
        "2025-02-11 14:30:00",
        "Incident: event ingestion delayed ~3h; numbers backfilled",
        ["incident", "tracking-change"],
    ),
    ("2025-03-03 10:15:00", "Campaign: spring sale email blast (15% off)", ["campaign"]),
    ("2025-03-31 00:00:00", "End of Q1 2025 tracking audit", []),
]
_TAG_NAMES = ["release", "incident", "campaign", "experiment", "holiday", "tracking-change", "old-q3-planning"]
_EVENTS: list[tuple[str, list[str]]] = [
    ("Release v{v}: new onboarding checklist", ["release"]),
    ("Release v{v} (mobile): dark mode", ["release"]),
    ("Hotfix v{v}: signup button unresponsive on Safari", ["release", "incident"]),
    ("Incident: checkout API latency spike (p95 > 4s)", ["incident"]),
    ("Incident: event ingestion delayed ~2h; numbers backfilled", ["incident", "tracking-change"]),
    ("Outage: payments provider down 40 min", ["incident"]),
    ("Campaign: spring sale email blast (20% off)", ["campaign"]),
    ("Campaign: paid social launch in DE/FR", ["campaign"]),
    ("Black Friday promo starts", ["campaign", "holiday"]),
    ("Holiday: Christmas / New Year low traffic", ["holiday"]),
    ("A/B test started: pricing page v3", ["experiment"]),
    ("Renamed event 'Sign Up' -> 'Signed Up'", ["tracking-change"]),
    ("Bot traffic filtered from this date", []),
    ("Press mention in TechCrunch 🎉", []),
]


def seed(s: Seeder) -> None:
    """Tags and a year of annotations: releases, incidents, campaigns; some untagged, one tag unused, the last
    one marked twice (same day, same text)."""
    rng = random.Random(f"annotations:{s.config.seed}")  # independent of other families' draws
    tag_ids: dict[str, int] = {}
    for name in _TAG_NAMES:
        tid = s.ctx.new_id(TAGS)
        s.store.put(TAGS, tid, {"id": tid, "name": name})
        tag_ids[name] = tid
    for day, text, tags in _EARLY_2025:  # fixed dates, so the guide's 2025-01-01..2025-03-31 range finds some
        uid, name, _ = rng.choice(PEOPLE)
        aid = s.ctx.new_id(T)
        record = {"id": aid, "date": day, "description": text, "user": _user_of(uid, name)}
        s.store.put(T, aid, dict(record, _tag_ids=[tag_ids[t] for t in tags], _created=day.replace(" ", "T")))
    count = max(8, s.size // 3)
    previous: tuple[str, list[str], datetime] | None = None
    for minor in range(1, count + 1):
        text, tags = rng.choice(_EVENTS)
        when = s.today - timedelta(days=rng.randint(1, 365))
        if rng.random() < 0.6:
            when = when.replace(hour=rng.randint(6, 22), minute=rng.choice([0, 15, 30, 45]))
        uid, name, _ = rng.choice(PEOPLE)
        description = text.format(v=f"2.{minor}.0")
        if minor == count and previous is not None:  # two people marked the same thing: a duplicate
            description, tags, when = previous[0], previous[1], previous[2] + timedelta(minutes=10)
        previous = (description, tags, when)
        aid = s.ctx.new_id(T)
        s.store.put(
            T,
            aid,
            {
                "id": aid,
                "date": when.strftime(DATE_FORMAT),
                "description": description,
                "user": _user_of(uid, name),
                "_tag_ids": [tag_ids[t] for t in tags],
                "_created": (when + timedelta(hours=rng.randint(0, 48))).strftime("%Y-%m-%dT%H:%M:%S"),
            },
        )
