"""The one rule of identity: an entity is its id; a natural key stands in for an id only when it is unique on
both sides and the content agrees.

Restore recovery (after a lost answer or an interrupted run), copy matching without a journal, the frames'
read-back of a create and re-runs all decide "is this record the one I made / I mean?" here, so that a
look-alike (another "Untitled" report, with other params) is never taken for the entity. A record that
cannot be told apart is ``ambiguous``: nothing is written for it until the user maps it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from mpnb.entities._family import Family, Raw

__all__ = ["Match", "match", "match_one"]

Status = Literal["found", "absent", "ambiguous"]


@dataclass(frozen=True)
class Match:
    """``found``: ``record`` is the entity; ``absent``: nothing is; ``ambiguous``: look-alikes, ``why`` says."""

    status: Status
    record: Raw | None = None
    why: str = ""


def match(fam: Family, wanted: Mapping[Hashable, Raw], candidates: Iterable[Raw]) -> dict[Hashable, Match]:
    """For each wanted record (create params or a source record, by the caller's key), the candidate that is
    the same entity by the identity rule. Linear in both sides (an index by natural key)."""
    by_key: dict[tuple[Any, ...], list[Raw]] = defaultdict(list)
    for c in candidates:
        by_key[fam.key_of(c)].append(c)
    keys = {k: fam.key_of(w) for k, w in wanted.items()}
    asked: dict[tuple[Any, ...], int] = defaultdict(int)
    for key in keys.values():
        asked[key] += 1
    return {k: _decide(fam, w, by_key.get(keys[k], []), asked[keys[k]]) for k, w in wanted.items()}


def match_one(fam: Family, wanted: Raw, candidates: Iterable[Raw]) -> Match:
    """``match`` for one record."""
    return match(fam, {0: wanted}, candidates)[0]


def _decide(fam: Family, wanted: Raw, same_key: list[Raw], asked: int) -> Match:
    named = ", ".join(f"{k}={v!r}" for k, v in zip(fam.natural_key, fam.key_of(wanted)))
    if not same_key:
        return Match("absent")
    if fam.key_unique:  # the server allows one per key (a flag's key): the key is the identity
        return Match("found", same_key[0]) if len(same_key) == 1 else Match("ambiguous", why=f"several with {named}")
    mine = fam.fingerprint(wanted)
    same = [c for c in same_key if fam.fingerprint(c) == mine]
    if not same:
        return Match("absent", why=f"a different {fam.singular} with {named} exists (other content)")
    if len(same_key) == 1 and asked == 1:
        return Match("found", same[0])
    return Match(
        "ambiguous",
        why=f"{len(same_key)} {fam.name} with {named} ({len(same)} with the same content) for {asked} wanted; "
        "map it by id",
    )
