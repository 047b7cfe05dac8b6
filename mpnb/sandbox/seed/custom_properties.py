"""Demo data of the sandbox's custom properties: formulas over the demo's properties, one over near-duplicate
spellings, one still computed from a dropped property."""

from __future__ import annotations

import random
from typing import Any

from mpnb.sandbox.routes.custom_properties import T, make_custom_property
from mpnb.sandbox.seed import Seeder

__all__ = ["AFTER", "DEMO", "seed"]

AFTER = ("properties",)


def _part(value: str, resource: str, kind: str = "string") -> dict[str, Any]:
    return {"value": value, "resourceType": resource, "type": kind}


DEMO: list[dict[str, Any]] = [
    {
        "name": "Revenue (USD)",
        "resourceType": "events",
        "description": "Amount converted to dollars",
        "displayFormula": 'if(B == "EUR", A * 1.08, A)',
        "composedProperties": {"A": _part("amount", "event", "number"), "B": _part("currency", "event")},
        "propertyType": "number",
    },
    {
        "name": "Campaign Source",
        "resourceType": "events",
        "displayFormula": "if(defined(A), A, if(defined(B), B, C))",
        "composedProperties": {
            "A": _part("utm_source", "event"),
            "B": _part("UTM Source", "event"),
            "C": _part("utmSource", "event"),
        },
    },
    {
        "name": "Full Name",
        "resourceType": "people",
        "displayFormula": 'A + " " + B',
        "composedProperties": {"A": _part("first_name", "user"), "B": _part("last_name", "user")},
    },
    {
        "name": "Is Paying",
        "resourceType": "people",
        "description": "On any plan but free",
        "displayFormula": 'A != "free"',
        "composedProperties": {"A": _part("plan", "user")},
        "propertyType": "boolean",
    },
    {
        "name": "Legacy Score Bucket",
        "resourceType": "events",
        "displayFormula": 'if(A > 50, "high", "low")',
        "composedProperties": {"A": _part("legacy_score", "event", "number")},
    },
]


def seed(s: Seeder) -> None:
    rng = random.Random(f"custom_properties:{s.config.seed}")
    for body in DEMO:
        made = make_custom_property(s.ctx, body)
        age = rng.randint(5, 500)
        made.update(created=s.days_ago(age), modified=s.days_ago(rng.randint(0, age)))
        s.store.put(T, made["customPropertyId"], made)
