"""Restore rules, one module per family, and what a plan says a restore cannot bring back.

>>> from mpnb.restore import restore_losses
>>> restore_losses("reports")                          # what no restore brings back, before you delete

Each ``mpnb/restore/<family>.py`` holds that family's ``RESTORE`` rules (create params, create, finish,
losses); the generic restore in ``mpnb.frames._restore`` reads only these, the family's registry entry
(order, references to rewrite) and the backup (what the project graph said went with the delete).
"""

from __future__ import annotations

from collections import Counter

from mpnb._families import REGISTRY
from mpnb.restore._rules import Dependant, Raw, RestoreRules

__all__ = [
    "RULES",
    "Dependant",
    "RestoreRules",
    "extra_dependants",
    "extra_notes",
    "loss_notes",
    "restore_losses",
    "rules_for",
]

RULES: dict[str, RestoreRules] = REGISTRY.slices("mpnb.restore", "RESTORE")


def rules_for(family: str) -> RestoreRules:
    """The restore rules of ``family`` (or one of its other words)."""
    return RULES[REGISTRY.get(family).name]


def restore_losses(family: str) -> list[str]:
    """What a restore of ``family`` can never bring back (new ids, creator, dates, views, history, ...)."""
    return list(rules_for(family).lost)


def extra_dependants(family: str, records: list[Raw]) -> list[Dependant]:
    """What a delete of ``records`` touches that is not an entity (a report's card on its board); no reads."""
    rules = rules_for(family)
    return rules.extra_dependants(records) if rules.extra_dependants is not None else []


def extra_notes(rows: list[Dependant]) -> list[str]:
    """Lines for a plan, one per kind of extra dependant: ``2 cards (card on the board it is saved to): ..."``."""
    counts = Counter((d["family"], d["relation"], d["effect"], d["restore"]) for d in rows)
    return [f"{n} {fam} ({rel}): {effect}; restore: {back}" for (fam, rel, effect, back), n in counts.items()]


def loss_notes(family: str, records: list[Raw], cascades: dict[str, list[Raw]]) -> list[str]:
    """Lines for a delete's plan: the views that restore starts at 0, and what restore cannot bring back for
    the rows and for what is deleted with them."""
    notes = []
    for fam, rows in [(family, records), *cascades.items()]:
        viewed = [r for r in rows if r.get("total_view_count")]
        if viewed:
            total = sum(int(r["total_view_count"]) for r in viewed)
            notes.append(f"{len(viewed)} of the {fam} to delete have {total} views; restore starts them at 0")
    if records:
        notes.append(f"restore cannot bring back: {'; '.join(restore_losses(family))}")
    for fam, rows in cascades.items():
        if rows and fam != family:
            lost = "; ".join(restore_losses(fam))
            notes.append(f"for the {fam} deleted with them, restore cannot bring back: {lost}")
    return notes
