"""Demo data of the sandbox's data dictionary properties: event and user properties, messy on purpose.

Personal data under many names (``email``, ``user_email``, ``phone``, ``ip_address``, ``$phone``, ...) where
only ``$email`` and ``ssn`` are marked sensitive; the same property under several spellings (``utm_source``,
``UTM Source``, ``utmSource``; ``plan_type``, ``Plan Type``); a dropped ``legacy_score`` a custom property still
computes from. The rest grows with ``size`` (``size * 5 // 2``: 50,000 at 20,000), each event property seen on
one to three events. Deterministic by seed; its own random stream.
"""

from __future__ import annotations

import random
from typing import Any

from mpnb.sandbox.routes.lexicon_model import EVENTS, PROPERTIES, ROWS, property_key
from mpnb.sandbox.seed import Seeder

__all__ = ["AFTER", "EVENT_PROPERTIES", "SENSITIVE", "USER_PROPERTIES", "seed"]

AFTER = ("events",)
EVENT_PROPERTIES = [
    "$browser", "$os", "$city", "$region", "$country_code", "$device", "$referrer", "$current_url",
    "utm_source", "UTM Source", "utmSource", "utm_medium", "utm_campaign", "country", "Country", "platform",
    "plan", "plan_type", "Plan Type", "cart_size", "amount", "currency", "product_id", "productId",
    "search_term", "video_id", "env", "email", "user_email", "phone", "phone_number", "ip", "ip_address",
    "first_name", "last_name", "full_name", "address", "zip_code", "date_of_birth", "ssn", "legacy_score",
]  # fmt: skip
USER_PROPERTIES = [
    "$email", "$name", "$phone", "$city", "$avatar", "$created", "plan", "company", "signup_date", "email",
    "Email", "first_name", "last_name", "lifetime_value", "birthday", "home_address",
]  # fmt: skip
SENSITIVE = {("Event", "ssn"), ("User", "$email")}  # the only ones anybody marked
_FIELDS = [
    "id", "name", "type", "count", "status", "source", "category", "price", "size", "color", "language",
    "version", "duration", "position", "url", "label", "variant", "reason", "step", "total", "score", "rank",
    "region", "tier", "channel",
]  # fmt: skip
_OWNERS = [
    "cart", "order", "product", "video", "search", "page", "button", "checkout", "coupon", "invite", "file",
    "report", "dashboard", "team", "plan", "trial", "payment", "shipping", "review", "banner", "modal", "form",
    "onboarding", "experiment", "campaign", "session", "device", "app", "feed", "story",
]  # fmt: skip


def _row(s: Seeder, rng: random.Random, name: str, kind: str, events: list[str], **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": s.store.next_id(ROWS),
        "name": name,
        "resourceType": kind,
        "displayName": None,
        "description": f"The {name.strip('$').replace('_', ' ')} of the {kind.lower()}" if rng.random() < 0.4 else None,
        "exampleValue": None,
        "hidden": rng.random() < 0.05,
        "dropped": False,
        "merged": False,
        "sensitive": (kind, name) in SENSITIVE,
        "isMixpanelDefinition": name.startswith("$"),
        "_events": events,
    }
    row.update(fields)
    return row


def seed(s: Seeder) -> None:
    rng = random.Random(f"properties:{s.config.seed}")
    events = sorted(s.store.table(EVENTS))
    table = s.store.table(PROPERTIES)

    def put(row: dict[str, Any]) -> None:
        s.store.put(PROPERTIES, property_key(row["resourceType"], row["name"]), row)

    for name in EVENT_PROPERTIES:
        seen = rng.sample(events, min(len(events), rng.randint(2, 6))) if events else []
        put(_row(s, rng, name, "Event", seen, dropped=name == "legacy_score"))
    for name in USER_PROPERTIES:
        put(_row(s, rng, name, "User", []))
    want = max(0, s.size * 5 // 2 - len(table))
    made = n = 0
    while made < want:
        owner, field = _OWNERS[n % len(_OWNERS)], _FIELDS[(n // len(_OWNERS)) % len(_FIELDS)]
        rounds = n // (len(_OWNERS) * len(_FIELDS))
        name = f"{owner}_{field}" if rounds == 0 else f"{owner}_{field}_{rounds}"
        if rng.random() < 0.2:  # another team's spelling
            name = "".join(w.capitalize() if i else w for i, w in enumerate(name.split("_")))
        n += 1
        kind = "User" if rng.random() < 0.1 else "Event"
        if property_key(kind, name) in table:
            continue
        seen = [] if kind == "User" or not events else [rng.choice(events) for _ in range(rng.randint(1, 3))]
        put(_row(s, rng, name, kind, sorted(set(seen))))
        made += 1
