"""Demo data of the sandbox's custom events: the near-duplicate spellings gathered under one name, and one
counting a hidden and a dropped event."""

from __future__ import annotations

import random

from mpnb.sandbox.routes.custom_events import make_custom_event
from mpnb.sandbox.routes.lexicon_model import CUSTOM_EVENTS, EVENTS
from mpnb.sandbox.seed import Seeder

__all__ = ["AFTER", "DEMO", "seed"]

AFTER = ("events",)
DEMO = [
    ("Cart Added (any spelling)", ["Add to Cart", "add_to_cart", "addToCart", "Add To Cart"], "Every add-to-cart"),
    ("Signed Up (any)", ["Sign Up", "sign_up", "signup", "SignUp"], None),
    ("Engaged Session", ["Page View", "Video Played", "Share"], "Viewed, watched or shared"),
]


def seed(s: Seeder) -> None:
    rng = random.Random(f"custom_events:{s.config.seed}")
    known = set(s.store.table(EVENTS))
    for name, events, description in DEMO:
        made = make_custom_event(s.ctx, s.config.project_id, name, [e for e in events if e in known])
        row = s.store.table(CUSTOM_EVENTS)[str(made["id"])]
        age = rng.randint(10, 400)
        row.update(description=description, createdUtc=s.days_ago(age), modifiedUtc=s.days_ago(age // 2))
        row["lastModified"] = row["modifiedUtc"]
