"""Demo data of the sandbox's drop filters: nine of the project's ten, on noise events (two paused)."""

from __future__ import annotations

import random
from typing import Any

from mpnb.sandbox.routes.drop_filters import LIMIT_KEY, T
from mpnb.sandbox.seed import Seeder

__all__ = ["AFTER", "DEMO", "LIMIT", "seed"]

AFTER = ("events",)
LIMIT = 10


def _cond(prop: str, op: str, value: str) -> list[dict[str, Any]]:
    return [
        {"resourceType": "event", "value": prop, "filterType": "string", "filterOperator": op, "filterValue": value}
    ]


DEMO = [
    ("debug_log", _cond("env", "equals", "dev"), True),
    ("heartbeat", _cond("platform", "equals", "server"), True),
    ("test_event", _cond("env", "equals", "test"), True),
    ("QA Event", _cond("env", "equals", "qa"), True),
    ("internal_ping", _cond("$current_url", "contains", "localhost"), True),
    ("dev_click", _cond("env", "equals", "dev"), False),
    ("load_test", _cond("env", "equals", "load"), True),
    ("$mp_web_page_view", _cond("$current_url", "contains", "staging."), True),
    ("Page View", _cond("$current_url", "contains", "localhost"), False),
]


def seed(s: Seeder) -> None:
    rng = random.Random(f"drop_filters:{s.config.seed}")
    s.store.meta[LIMIT_KEY] = LIMIT
    for event, filters, active in DEMO:
        fid = s.store.next_id(T)
        record = {
            "id": fid,
            "event_name": event,
            "filters": filters,
            "active": active,
            "display_name": event,
            "created": s.days_ago(rng.randint(10, 700)),
        }
        s.store.put(T, fid, record)
