"""Restore rules, one module per family, and what a delete takes with it.

>>> from mpnb.restore import find_dependants, restore_losses
>>> restore_losses("reports")                          # what no restore brings back, before you delete
>>> pd.DataFrame(find_dependants(ws, "reports", [12, 13]))   # alerts, board cards, ... one row each

Each ``mpnb/restore/<family>.py`` holds that family's ``RESTORE`` rules (order, create params, references,
dependants, losses); the generic restore in ``mpnb.frames._restore`` reads only these.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from mpnb._families import REGISTRY
from mpnb.errors import InputError, MpnbError
from mpnb.restore._rules import Dependant, Raw, RestoreRules, dependant

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = [
    "RULES",
    "Dependant",
    "RestoreRules",
    "backup_dependants",
    "delete_notes",
    "find_dependants",
    "plan_notes",
    "restore_losses",
    "rules_for",
]

RULES: dict[str, RestoreRules] = {
    r.family: r for r in sorted(REGISTRY.slices("mpnb.restore", "RESTORE").values(), key=lambda r: r.order)
}


def rules_for(family: str) -> RestoreRules:
    try:
        return RULES[family]
    except KeyError:
        raise InputError(f"unknown family {family!r}; known: {', '.join(sorted(RULES))}", field="family") from None


def restore_losses(family: str) -> list[str]:
    """What a restore of ``family`` can never bring back (new ids, creator, dates, views, history, ...)."""
    return list(rules_for(family).lost)


def find_dependants(
    ws: Workspace,
    family: str,
    ids: list[Any],
    records: list[Raw] | None = None,
    cascades: dict[str, list[Raw]] | None = None,
) -> list[Dependant]:
    """What goes with deleting ``ids`` of ``family``: one dict per dependant (family, id, name, of_family,
    of_id, relation, effect, restore, record). ``records`` saves the read of the entities themselves."""
    rules = rules_for(family)
    if rules.dependants is None:
        return []
    if records is None:
        wanted = {str(i) for i in ids}
        assert rules.list_raw is not None
        records = [r for r in rules.list_raw(ws) if str(r.get(rules.id_key)) in wanted]
    return rules.dependants(ws, list(ids), records, dict(cascades or {}))


def backup_dependants(
    ws: Any, family: str, ids: list[Any], records: list[Raw], cascades: dict[str, list[Raw]] | None
) -> list[Dependant]:
    """Dependants for a delete's backup. A failed read does not stop a delete the caller asked for: the
    backup then holds one row saying its dependants are unknown, and restore lists it."""
    try:
        return find_dependants(ws, family, ids, records, cascades)
    except Exception as exc:  # any failure is recorded in the backup; the asked-for delete goes ahead
        why = f"{type(exc).__name__}: {exc}" if isinstance(exc, MpnbError) else type(exc).__name__
        return [
            dependant(
                "unknown",
                None,
                family,
                None,
                "not read",
                f"what goes with the delete could not be read ({' '.join(why.split())})",
                "nothing: restore cannot bring back what this backup does not hold",
            )
        ]


def delete_notes(family: str, records: list[Raw], deps: list[Dependant]) -> list[str]:
    """Short lines for a delete's plan: what goes with it (counted), and what a restore cannot bring back."""
    notes = []
    groups = Counter((d["family"], d["relation"], d["effect"], d["restore"]) for d in deps)
    owners: dict[tuple[str, str, str, str], set[Any]] = {}
    for d in deps:
        owners.setdefault((d["family"], d["relation"], d["effect"], d["restore"]), set()).add(str(d["of_id"]))
    boards: dict[tuple[str, str, str, str], set[Any]] = {}
    for d in deps:
        if d.get("board") is not None:
            boards.setdefault((d["family"], d["relation"], d["effect"], d["restore"]), set()).add(d["board"])
    for key, n in sorted(groups.items(), key=lambda kv: -kv[1]):
        fam, relation, effect, restore = key
        where = f" on {len(boards[key])} boards" if key in boards else ""
        notes.append(
            f"the delete also touches {n} {fam}{where} ({relation}; {len(owners[key])} of the {family}): "
            f"{effect}; restore: {restore}"
        )
    viewed = [r for r in records if r.get("total_view_count")]
    if viewed:
        total = sum(int(r["total_view_count"]) for r in viewed)
        notes.append(f"{len(viewed)} of the {family} to delete have {total} views; restore starts them at 0")
    if records:
        notes.append(f"restore cannot bring back: {'; '.join(restore_losses(family))}")
    return notes


def plan_notes(
    ws: Workspace, family: str, ids: list[Any], records: list[Raw], cascades: dict[str, list[Raw]] | None = None
) -> list[str]:
    """The delete notes of a plan: its dependants counted, then what restore loses; a failed read is a note."""
    wanted = {str(i) for i in ids}
    records = [r for r in records if str(r.get(rules_for(family).id_key)) in wanted]
    try:
        deps = find_dependants(ws, family, ids, records, cascades)
    except MpnbError as exc:
        return [
            f"what goes with the delete could not be read ({exc}); the backup will say so",
            *delete_notes(family, records, []),
        ]
    return delete_notes(family, records, deps)
