"""The scratch cycle: for every family, on entities the run makes and names itself: create, read back,
update, bulk update (where the family has one), a frames plan/apply of one edit, the family's questions,
then delete (with its backup), restore, and delete again.

Families are made in the registry's creation order (a board before its report, a report before its alert)
and taken apart in the reverse order. Only public calls are used: the typed methods, ``ws.records``,
``ws.<family>.plan``, ``ws.restore``. A frames plan that would touch any row but the scratch entity's is
refused, never applied.
"""

from __future__ import annotations

from typing import Any

from mpnb._families import REGISTRY
from mpnb._registry import Family
from mpnb.doctor._cycle import TRANSIENT, Cycle, Skip
from mpnb.doctor._kit import Scratch, check
from mpnb.doctor.families import DOCTORS

__all__ = ["scratch_cycle", "scratch_order", "write_plan"]

_READS_AFTER_CREATE = 3


def scratch_order(families: list[str] | None) -> list[Family]:
    """The families whose cycle runs (with what they are made on), in creation order."""
    wanted = set(families or REGISTRY.names)
    grew = True
    while grew:
        needs = {n for f in wanted if DOCTORS[f].scratch for n in DOCTORS[f].scratch.needs}  # type: ignore[union-attr]
        grew = not needs <= wanted
        wanted |= needs
    return [f for f in REGISTRY.creation_order() if f.name in wanted and DOCTORS[f.name].scratch is not None]


def write_plan(families: list[str] | None = None) -> list[str]:
    """What a write run makes, one line per family, then what it does with each (for a dry run, the docs)."""
    lines = [f"{fam.name}: {_scratch(fam).what}" for fam in scratch_order(families)]
    return [
        *lines,
        "each: create, read back, update, bulk update (where the family has one), one frames edit, its questions,",
        "delete (a backup first), restore, delete again; then it deletes everything it made",
    ]


def _scratch(fam: Family) -> Scratch:
    found = DOCTORS[fam.name].scratch
    assert found is not None
    return found


def _wire(fam: Family, field: str) -> str:
    info = fam.model.model_fields.get(field)
    return (info.alias if info is not None and info.alias else None) or field


def _shows(cycle: Cycle, fam: Family, eid: Any, field: str, value: Any) -> bool:
    found = cycle.records(fam.name, [eid])
    return bool(found) and found[0].get(_wire(fam, field)) == value


def _create(cycle: Cycle, fam: Family) -> None:
    scratch = _scratch(fam)
    with cycle.step(fam.name, "create"):
        for need in scratch.needs:
            cycle.first(need)
        scratch.create(cycle)
    with cycle.step(fam.name, "read back"):
        eid = cycle.first(fam.name)
        shown = [bool(cycle.records(fam.name, [eid]))]
        while not shown[-1] and len(shown) < _READS_AFTER_CREATE:  # a list that lags behind its create
            shown.append(bool(cycle.records(fam.name, [eid])))
        cycle.shown_after_create[fam.name] = shown[0]
        if not shown[-1]:
            cycle.differs(fam.name, "read back", f"not listed in {_READS_AFTER_CREATE} reads after its create")


def _edits(cycle: Cycle, fam: Family) -> None:
    scratch, ws = _scratch(fam), cycle.ws
    with cycle.step(fam.name, "update"):
        eid, value = cycle.first(fam.name), scratch.value(cycle, "update")
        cycle.again(lambda: scratch.update(cycle, eid, value))
        if not _shows(cycle, fam, eid, scratch.edit, value):
            cycle.differs(fam.name, "update", "the read-back shows another value")
    with cycle.step(fam.name, "bulk update"):
        eid, value = cycle.first(fam.name), scratch.value(cycle, "bulk update")
        if fam.bulk_update_key is None:
            raise Skip(f"{fam.name} have no bulk update")
        entry = {fam.id_key: eid, **fam.wire({_wire(fam, scratch.edit): value})}
        cycle.again(lambda: ws.records(fam.name).bulk_update([entry]))
        if not _shows(cycle, fam, eid, scratch.edit, value):
            cycle.differs(fam.name, "bulk update", "the read-back shows another value")
    with cycle.step(fam.name, "frames edit"):
        _frames_edit(cycle, fam, cycle.first(fam.name), scratch.edit, scratch.value(cycle, "frames edit"))


def _frames_edit(cycle: Cycle, fam: Family, eid: Any, field: str, value: Any) -> None:
    """One cell of the scratch entity's row, through ``ws.<family>.plan(df).apply()``."""
    frames = cycle.ws.frames(fam.name)
    for attempt in range(3):
        try:
            outcome = _frames_attempt(frames, eid, field, value)
        except TRANSIENT:
            if attempt == 2:
                raise
            continue
        if outcome in ("not in the frame", "more than the one edit"):
            cycle.differs(
                fam.name, "frames edit", f"the plan held {outcome}; not applied" if "edit" in outcome else outcome
            )
            return
        if outcome == "ok":
            break
    if not _shows(cycle, fam, eid, field, value):
        cycle.differs(fam.name, "frames edit", "the read-back shows another value")


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # pandas' NA has no truth value
        return False


def _frames_attempt(frames: Any, eid: Any, field: str, value: Any) -> str:
    """One read, edit, plan and apply; ``ok``, ``again`` (the apply did not settle) or why it was not sent."""
    query = {"ids": [eid]} if "ids" in frames.spec.filters else {}
    df = frames.frame(cleanup=False, **query)
    if eid not in df.index:
        return "not in the frame"
    if _same(df.at[eid, field], value):
        return "ok"  # an apply whose answer was lost did land
    df = df.loc[[eid]].copy()
    df.loc[eid, field] = value
    plan = frames.plan(df)
    rows = plan.to_frame()
    if set(rows["action"]) != {"update"} or set(rows["id"].astype(str)) != {str(eid)}:
        return "more than the one edit"
    result = plan.apply(confirm=True, progress=False)
    return "ok" if set(result["status"]) == {"ok"} else "again"


def _questions(cycle: Cycle, fam: Family) -> None:
    for question in _scratch(fam).questions:
        with cycle.step(fam.name, question.__name__.strip("_").replace("_", " ")):
            cycle.note(*question(cycle))


def _backups(cycle: Cycle, family: str) -> set[Any]:
    return set(cycle.ws.backups.list(family))


def _delete_restore(cycle: Cycle, fam: Family) -> None:
    scratch, ws = _scratch(fam), cycle.ws
    backup: list[Any] = []
    with cycle.step(fam.name, "delete"):
        eid = cycle.first(fam.name)
        before = _backups(cycle, fam.name)
        cycle.delete(fam.name, eid, scratch.delete)
        backup[:] = sorted(_backups(cycle, fam.name) - before)
        if not cycle.gone(fam.name, eid):
            cycle.differs(fam.name, "delete", "still listed after the delete")
    restored: list[Any] = []
    with cycle.step(fam.name, "restore"):
        if not ws.backups.enabled:
            raise Skip("backups are off on this Workspace")
        if not backup:
            raise Skip("the delete wrote no backup")
        eid = cycle.first(fam.name)
        for _ in range(3):  # a re-run of a restore recreates only what is still missing (its journal)
            result = cycle.again(lambda: ws.restore(backup[-1], progress=False))
            new_id = (result.id_map.get(fam.name) or {}).get(eid)
            if new_id is not None:
                break
        if new_id is None or not cycle.records(fam.name, [new_id]):
            cycle.differs(fam.name, "restore", f"not listed after the restore ({result.counts()})")
            return
        restored.append(new_id)
        if scratch.after_restore is not None:
            cycle.note(*scratch.after_restore(cycle, new_id))
    with cycle.step(fam.name, "delete again"):
        if not restored:
            raise Skip("nothing was restored")
        cycle.delete(fam.name, restored[0], scratch.delete)
        if not cycle.gone(fam.name, restored[0]):
            cycle.differs(fam.name, "delete again", "still listed after the delete")


def scratch_cycle(cycle: Cycle, families: list[str] | None = None) -> None:
    """The whole cycle; every step's outcome lands in ``cycle.steps``. The caller sweeps afterwards."""
    order = scratch_order(families)
    for fam in order:
        _create(cycle, fam)
    for fam in order:
        _edits(cycle, fam)
    for fam in order:
        _questions(cycle, fam)
    for fam in reversed(order):
        _delete_restore(cycle, fam)
    shown = cycle.shown_after_create
    late = sorted(f for f, ok in shown.items() if not ok)
    seen = f"the first list call showed the new entity in {len(shown) - len(late)} of {len(shown)} families"
    cycle.note(
        check(
            "FR-b",
            "a list call right after a create shows it",
            (not late) if shown else None,
            seen + (f"; not in {', '.join(late)}" if late else ""),
        )
    )
