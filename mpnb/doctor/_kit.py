"""What the doctor's checks are made of: an item's verdict, a family's doctor entry, and the scratch cycle.

A check answers one item of ``docs/unverified.md`` with a ``Verdict``: ``confirmed``, ``refuted`` (with what
was seen) or ``not tested`` (with why). What was seen is counts, field names and types only: never a value,
an entity's name or description, or a secret, so the report can be shared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "FamilyDoctor",
    "Outcome",
    "Raw",
    "Read",
    "Scratch",
    "SpecRef",
    "Verdict",
    "check",
    "not_tested",
]

Raw = dict[str, Any]
Outcome = Literal["confirmed", "refuted", "not tested"]


@dataclass(frozen=True)
class Verdict:
    """One item's answer: what was claimed, what the doctor saw, and whether the two agree."""

    item: str
    outcome: Outcome
    claim: str
    seen: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.item, "verdict": self.outcome, "claim": self.claim, "seen": self.seen}


def check(item: str, claim: str, holds: bool | None, seen: str) -> Verdict:
    """``confirmed`` when ``holds``, ``refuted`` when not, ``not tested`` when it could not be told (None)."""
    outcome: Outcome = "not tested" if holds is None else "confirmed" if holds else "refuted"
    return Verdict(item, outcome, claim, seen)


def not_tested(item: str, claim: str, why: str) -> Verdict:
    return Verdict(item, "not tested", claim, why)


@dataclass(frozen=True)
class SpecRef:
    """Where a family's list answer is described in Mixpanel's official specs (``specs/mixpanel-openapi``)."""

    file: str
    path: str
    verb: str = "get"
    status: int = 200


# A read-only check of one family: (workspace, the records its list call gave, probe) -> verdicts.
# ``probe(what, fn)`` runs one extra read, records its answer's shape under ``what`` and returns its result
# (None when it failed; the failure is recorded).
Read = Callable[[Any, list[Raw], Callable[[str, Callable[[], Any]], Any]], list[Verdict]]


@dataclass(frozen=True)
class Scratch:
    """How the doctor makes, edits and deletes one scratch entity of a family (all through public calls).

    ``create(cycle)`` makes the entity named ``cycle.name(...)`` and returns its id; ``edit`` is the field the
    update, the bulk update (where the family has one) and the frames edit each set to ``value(cycle, step)``;
    ``update(cycle, id, value)`` is the typed update; ``delete(ws, id)`` the typed delete (it writes a backup).
    ``questions`` answer items of ``docs/unverified.md`` on scratch entities; ``after_restore`` checks the
    entity a restore brought back.
    """

    create: Callable[[Any], Any]
    edit: str
    value: Callable[[Any, str], Any]
    update: Callable[[Any, Any, Any], None]
    delete: Callable[[Any, Any], None]
    needs: tuple[str, ...] = ()
    questions: tuple[Callable[[Any], list[Verdict]], ...] = ()
    after_restore: Callable[[Any, Any], list[Verdict]] | None = None
    items: tuple[str, ...] = ()  # the items only a write run answers (a read-only report says so)
    what: str = ""  # what the cycle makes, in a few words (a dry run and the docs say it)


@dataclass(frozen=True)
class FamilyDoctor:
    """One family's part of the doctor (``mpnb/doctor/families/<family>.py``, found through the registry).

    ``missing(ws)`` reads an id that cannot exist (the error answer's shape); ``path_item`` is the item about
    the family's path, confirmed when the list call answers on the path mpnb uses; ``reads`` are extra
    read-only checks; ``scratch`` is the write cycle.
    """

    family: str
    missing: Callable[[Any], Any] | None = None
    path_item: str | None = None
    spec: SpecRef | None = None
    reads: tuple[Read, ...] = ()
    scratch: Scratch | None = None
    error_type_item: str | None = None  # the item about the ``type`` its error answers carry (flags, experiments)
    items: tuple[str, ...] = ()  # the items its read-only checks answer
