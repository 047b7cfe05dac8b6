"""Custom events: read-only, whether a custom event's Lexicon row carries its ``alternatives`` (LX-h). No
scratch cycle: a custom event is created form-encoded in the real dictionary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mpnb.doctor._kit import FamilyDoctor, Raw, Verdict, check, not_tested

Probe = Callable[[str, Callable[[], Any]], Any]


def _alternatives(ws: Any, records: list[Raw], probe: Probe) -> list[Verdict]:
    claim = "a custom event's Lexicon row carries its alternatives (the events it counts)"
    if not records:
        return [not_tested("LX-h", claim, "no custom events")]
    holding = sum(1 for r in records if isinstance(r.get("alternatives"), list))
    return [check("LX-h", claim, holding == len(records), f"{holding} of {len(records)} rows")]


DOCTOR = FamilyDoctor(family="custom_events", reads=(_alternatives,), items=("LX-h",))
