"""The edits in a frame and the three-way check against the fresh read.

``find_edits`` compares the edited frame with its baseline one column at a time (vectorised; cells that
are the very object that was read are settled before any compare). ``three_way`` drops what the server
already holds and turns edits on rows the server moved into conflicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import pydantic

from mpnb.errors import InputError
from mpnb.frames._changes import Change
from mpnb.frames._compare import diff_mask, plain, same
from mpnb.frames._specs import FamilySpec, Raw
from mpnb.frames._state import FamilyState

if TYPE_CHECKING:
    from mpnb.frames._plandata import PlanData as Plan

__all__ = ["Baseline", "Edits", "find_edits", "three_way", "validate_updates"]

Baseline = Literal["snapshot", "fresh"]


@dataclass
class Edits:
    """What the frame changed: ``changes[id][field] = after``, with each change's value as read."""

    changes: dict[Any, dict[str, Any]] = field(default_factory=dict)
    befores: dict[tuple[Any, str], Any] = field(default_factory=dict)
    moved_rows: set[Any] = field(default_factory=set)  # rows whose ``modified`` is not the baseline's


def find_edits(
    spec: FamilySpec,
    existing: pd.DataFrame,
    base: pd.DataFrame,
    snap: dict[Any, Raw],
    state: FamilyState | None,
    marker: str | None,
) -> Edits:
    """Compare ``existing`` with ``base`` (same ids, same order); refuse edits of read-only columns.

    ``state`` (the snapshot baseline) also gives the nested cells edited in place (only those are looked at).
    """
    out = Edits()
    writable = set(spec.writable_fields)
    fields = set(spec.model.model_fields) - {spec.index}
    # Rows whose ``modified`` differs from the baseline's: the frame is older than the last read (or, for a
    # file, the server moved since the export). Their read-only cells are stale, not edits; their writable
    # edits are conflicts, so an old frame never reverts a newer server state.
    mod = spec.modified
    if mod is not None and mod in existing.columns and mod in base.columns:
        out.moved_rows = set(existing.index[diff_mask(existing[mod], base[mod])])
    read_only_edits: dict[str, list[Any]] = {}
    for col in existing.columns:
        if col == marker or col in spec.derived or col not in base.columns:
            continue
        mask = diff_mask(existing[col], base[col])
        touched = state.touched.get(col) if state is not None and col in writable else None
        in_place = _edited_in_place(existing[col], base[col], touched.before) if touched and touched.before else {}
        if in_place:
            mask[list(in_place)] = True
        if not mask.any():
            continue
        hit = existing.index[mask]
        if col not in writable:
            if col in fields or col in snap.get(hit[0], {}):
                rows = [i for i in hit if i not in out.moved_rows]
                if rows:
                    read_only_edits[col] = rows
            continue
        after_vals = existing[col].to_numpy(dtype=object)[mask]
        before_vals = base[col].to_numpy(dtype=object)[mask]
        for pos, i, a, b in zip(np.flatnonzero(mask), hit, after_vals, before_vals):
            out.changes.setdefault(i, {})[col] = plain(a)
            out.befores[(i, col)] = in_place[int(pos)] if int(pos) in in_place else plain(b)
    if read_only_edits:
        cols = ", ".join(f"{c} (ids {v[:5]})" for c, v in sorted(read_only_edits.items()))
        raise InputError(
            f"read-only columns were edited: {cols}; {spec.name} can change only {', '.join(spec.writable_fields)}",
            field=sorted(read_only_edits)[0],
        )
    return out


def _edited_in_place(edited: pd.Series, base: pd.Series, before: dict[Any, Any]) -> dict[int, Any]:
    """Position -> content as read, of the cells edited in place that still hold the object that was read
    and whose content differs from it now (an edit undone by hand is no change)."""
    ids = list(before)
    positions = edited.index.get_indexer(pd.Index(ids, dtype=object))
    ev, bv = edited.to_numpy(dtype=object), base.to_numpy(dtype=object)
    out: dict[int, Any] = {}
    for rid, pos in zip(ids, positions):
        if pos >= 0 and ev[pos] is bv[pos] and not same(ev[pos], before[rid]):
            out[int(pos)] = before[rid]
    return out


def three_way(plan: Plan, spec: FamilySpec, edits: Edits, snap: dict[Any, Raw], state: FamilyState | None) -> None:
    """Fill ``plan.updates``/``changes``/``conflicts`` from the edits and the plan's fresh read."""
    aliases = spec.alias_map
    own_writes = state.own_writes if state is not None else set()
    mod = spec.modified
    before = edits.befores
    updates, changes_out = plan.updates, plan.changes
    for rid, changes in edits.changes.items():
        fresh = plan.fresh.get(rid)
        old = snap.get(rid, {})
        if fresh is None:
            for f, after in changes.items():
                plan.conflicts.append(Change(rid, f, before[(rid, f)], after, "(deleted on the server)"))
            continue
        todo = {f: a for f, a in changes.items() if not same(fresh.get(aliases.get(f, f)), a)}
        if not todo:
            continue
        moved = rid in edits.moved_rows or (
            mod is not None and rid not in own_writes and not same(fresh.get(mod), old.get(mod))
        )
        if not moved and (mod is None or rid in own_writes):  # no ``modified`` to trust: compare the fields
            moved = any(_moved(fresh, old, rid, f, aliases, state) for f in spec.writable_fields)
        if moved:
            for f, after in todo.items():
                plan.conflicts.append(Change(rid, f, before[(rid, f)], after, fresh.get(aliases.get(f, f))))
            if not plan.overwrite:
                continue
        updates[rid] = todo
        changes_out.extend([Change(rid, f, before[(rid, f)], a) for f, a in todo.items()])


def _moved(fresh: Raw, old: Raw, rid: Any, f: str, aliases: dict[str, str], state: FamilyState | None) -> bool:
    """Did the server's value of ``f`` move since the read? (A cell edited in place is compared with its
    content as read, since the snapshot shares the edited object.)"""
    key = aliases.get(f, f)
    was = state.read_before(f, rid, old.get(key)) if state is not None else old.get(key)
    return not same(fresh.get(key), was)


def validate_updates(plan: Plan, spec: FamilySpec) -> None:
    """Each row's changes must pass the family's update params (flags: the whole entity, filled)."""
    model = spec.update_params
    aliases = spec.alias_map
    for rid, changes in list(plan.updates.items()):
        body = {k: v for k, v in changes.items() if v is not None}
        if spec.full_update:
            fresh = plan.fresh.get(rid, {})
            filled = {f: fresh.get(aliases.get(f, f)) for f in model.model_fields if f not in spec.read_only}
            body = {**{k: v for k, v in filled.items() if v is not None}, **body}
        try:
            model.model_validate(body)
        except pydantic.ValidationError as exc:
            plan.invalid[rid] = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            del plan.updates[rid]
    if plan.invalid:
        plan.changes = [c for c in plan.changes if c.id not in plan.invalid]
