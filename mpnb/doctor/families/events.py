"""Event definitions: read-only, whether a row carries ``modifiedUtc`` as its last change (LX-o). No scratch
cycle: a PATCH of a new name would make a definition in the real dictionary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mpnb.doctor._kit import FamilyDoctor, Raw, Verdict, check

Probe = Callable[[str, Callable[[], Any]], Any]


def _modified(ws: Any, records: list[Raw], probe: Probe) -> list[Verdict]:
    dated = sum(1 for r in records if r.get("modifiedUtc") is not None)
    claim = "an event's row carries modifiedUtc (its last change)"
    return [check("LX-o", claim, dated == len(records) if records else None, f"on {dated} of {len(records)} rows")]


DOCTOR = FamilyDoctor(family="events", reads=(_modified,), items=("LX-o",))
