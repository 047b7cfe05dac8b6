"""Restore one family's records: rewrite references to what this restore recreated, create on a bounded pool,
journal every create, and after a failure or an interrupted run recognise what the server holds by the
identity rule (never by a name alone: a look-alike is ``ambiguous`` and nothing is written for it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mpnb._bulk import run_concurrently
from mpnb._families import REGISTRY
from mpnb.errors import MpnbError
from mpnb.frames._restore_journal import RestoreJournal
from mpnb.graph import match
from mpnb.restore import RestoreRules

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["Item", "restore_family"]

Raw = dict[str, Any]
IdMap = dict[str, dict[Any, Any]]


@dataclass
class Item:
    """One record to recreate and its result row."""

    family: str
    record: Raw
    old_id: Any
    row: dict[str, Any] = field(default_factory=dict)
    fields: Raw = field(default_factory=dict)


def _why(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _rewrite(family: str, fields: Raw, id_map: IdMap, attempted: dict[str, set[str]]) -> tuple[Raw, str]:
    """``fields`` with every reference to an entity this restore recreated pointed at its new id; a
    reference to one it tried and failed is a problem (the record is not created)."""
    fam = REGISTRY.get(family)
    for ref in fam.references:
        made = id_map.get(ref.target, {})
        for old in ref.find(fields):
            if old not in made and str(old) in attempted.get(ref.target, set()):
                return fields, f"its {ref.field} {old} ({ref.target}) was not restored"
        if made:
            fields = ref.rewrite(fields, made.get)
    return fields, ""


def restore_family(
    ws: Workspace,
    rules: RestoreRules,
    items: list[Item],
    id_map: IdMap,
    journal: RestoreJournal,
    attempted: dict[str, set[str]],
    concurrency: int | None,
    tick: Callable[[int], None],
) -> None:
    """Recreate ``items`` (one family); fills each item's row and ``id_map[family]``."""
    fam = REGISTRY.get(rules.family)
    made = id_map.setdefault(fam.name, {})
    todo: list[Item] = []
    pending: list[Item] = []
    for it in items:
        lost = "; ".join([*rules.lost, *rules.row_lost(it.record)])
        it.row = {"family": fam.name, "old_id": it.old_id, "new_id": None, "role": "entity", "of": None}
        it.row.update(status="", detail="", lost=lost)
        key = (fam.name, str(it.old_id))
        if key in journal.done:
            made[it.old_id] = journal.done[key]
            it.row.update(new_id=journal.done[key], status="already restored", detail="restored before (journal)")
            tick(1)
            continue
        it.fields, missing = _rewrite(fam.name, rules.fields(it.record), id_map, attempted)
        if missing:
            it.row.update(status="error", detail=missing)
            tick(1)
            continue
        (pending if key in journal.pending else todo).append(it)
    if pending:  # an intent without an outcome (a restore was cut short): look before creating again
        left = _recover(ws, rules, [(it, "an earlier restore was interrupted") for it in pending], made, journal)
        retry = [it for it in left if it.row["status"] == "error"]  # read back and absent: create it
        tick(len(pending) - len(retry))
        todo += retry
    if not todo:
        return
    try:  # what exists already is never mistaken for something this restore made
        journal.note_before(fam.name, [fam.id_of(r) for r in ws.records(fam.name).read_all()])
    except MpnbError as exc:
        for it in todo:
            it.row.update(status="error", detail=f"could not list {fam.name} first ({_why(exc)}); nothing was sent")
        tick(len(todo))
        return
    for it in todo:
        journal.write("intent", fam.name, it.old_id)
    done = run_concurrently(lambda it: rules.create(ws, it.fields), todo, concurrency=concurrency, progress=tick)
    failed: list[tuple[Item, str]] = []
    for it, o in zip(todo, done):
        new = o.result if isinstance(o.result, dict) else None
        new_id = fam.id_of(new) if new is not None else None
        if o.status == "ok" and new_id is not None:
            made[it.old_id] = new_id
            journal.write("done", fam.name, it.old_id, new_id)
            it.row.update(new_id=new_id, status="ok", detail="recreated")
        else:
            failed.append((it, o.error or "no id in the answer"))
    if failed:
        _recover(ws, rules, failed, made, journal)


def _recover(
    ws: Workspace, rules: RestoreRules, failed: list[tuple[Item, str]], made: dict[Any, Any], journal: RestoreJournal
) -> list[Item]:
    """One list call after failures, then the identity rule among the records that were not there before
    and are not claimed: ``ok``/``partial`` when found, ``error`` when absent, ``ambiguous`` when look-alikes
    cannot be told apart (nothing is written for those). Returns the items not found."""
    fam = REGISTRY.get(rules.family)
    try:
        now = ws.records(fam.name).read_all()
    except MpnbError as exc:
        for it, error in failed:
            it.row.update(
                status="unknown",
                detail=f"{error}; could not read back ({_why(exc)}): check ws.{fam.name} before restoring again",
            )
        return [it for it, _ in failed]
    taken = journal.before.get(fam.name, set()) | {str(v) for v in made.values()}
    fresh = [r for r in now if str(fam.id_of(r)) not in taken]
    found = match(fam, {i: it.fields for i, (it, _) in enumerate(failed)}, fresh)
    left = []
    for i, (it, error) in enumerate(failed):
        m = found[i]
        if m.status == "ambiguous":
            it.row.update(status="ambiguous", detail=f"{error}; {m.why}; nothing was written for it")
            left.append(it)
            continue
        if m.record is None:  # read back and absent: it was not created, whatever the failure said
            it.row.update(status="error", detail=f"not created ({error})" + (f"; {m.why}" if m.why else ""))
            left.append(it)
            continue
        new_id = fam.id_of(m.record)
        made[it.old_id] = new_id
        journal.write("done", fam.name, it.old_id, new_id)
        missing = rules.finish(ws, it.record, m.record) if rules.finish is not None else ""
        it.row.update(
            new_id=new_id,
            status="partial" if missing else "ok",
            detail=f"recreated (found on the server after: {error})" + (f"; {missing}" if missing else ""),
        )
    return left
