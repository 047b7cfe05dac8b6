"""Lexicon tags: read-only, whether the list answers bare names, without ids (LX-f). No scratch cycle: a deleted
tag comes off every definition that carried it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mpnb.doctor._kit import FamilyDoctor, Raw, Verdict, check, not_tested

Probe = Callable[[str, Callable[[], Any]], Any]


def _bare_names(ws: Any, records: list[Raw], probe: Probe) -> list[Verdict]:
    claim = "the tags list answers bare names (no ids)"
    if not records:
        return [not_tested("LX-f", claim, "no tags")]
    bare = sum(1 for r in records if r.get("id") is None)
    return [check("LX-f", claim, bare == len(records), f"{bare} of {len(records)} entries without an id")]


DOCTOR = FamilyDoctor(family="lexicon_tags", reads=(_bare_names,), items=("LX-f",))
