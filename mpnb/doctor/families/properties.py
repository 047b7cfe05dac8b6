"""Property definitions: read-only, unique row ids across event and user properties (LX-m). No scratch cycle
(Mixpanel has no delete for a property definition)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mpnb.doctor._kit import FamilyDoctor, Raw, Verdict, check

Probe = Callable[[str, Callable[[], Any]], Any]


def _unique_ids(ws: Any, records: list[Raw], probe: Probe) -> list[Verdict]:
    ids = [r.get("id") for r in records]
    claim = "a property row's id is unique across event and user properties"
    seen = f"{len(set(ids))} distinct ids on {len(ids)} rows"
    return [check("LX-m", claim, len(set(ids)) == len(ids) if ids else None, seen)]


DOCTOR = FamilyDoctor(family="properties", reads=(_unique_ids,), items=("LX-m",))
