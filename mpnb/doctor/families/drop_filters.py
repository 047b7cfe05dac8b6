"""Drop filters: read-only, snake_case answers (LX-g). No scratch cycle: a drop filter discards real data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mpnb.doctor._kit import FamilyDoctor, Raw, Verdict, check, not_tested

Probe = Callable[[str, Callable[[], Any]], Any]


def _snake_case(ws: Any, records: list[Raw], probe: Probe) -> list[Verdict]:
    claim = "drop filter answers are snake_case (event_name, filter_limit)"
    limits = probe("get_drop_filter_limits", ws.get_drop_filter_limits)  # its model reads filter_limit only
    keys = sorted({k for r in records for k in r if k in ("event_name", "eventName")})
    if not records and limits is None:
        return [not_tested("LX-g", claim, "no drop filters, and the limits could not be read")]
    snake = set(keys) <= {"event_name"} and limits is not None
    return [check("LX-g", claim, snake, f"filter keys {keys}; limits read as filter_limit: {limits is not None}")]


DOCTOR = FamilyDoctor(family="drop_filters", reads=(_snake_case,), items=("LX-g",))
