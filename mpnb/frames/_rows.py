"""Deletes and creates of a plan: delete markers, mass-delete guard, dependants, and creates that landed.

A delete marker column is read as yes/no in every common spelling (pandas ``True``/``False``, a
spreadsheet's ``TRUE``/``FALSE``, ``yes``/``no``, ``y``/``n``, ``1``/``0``, empty); anything else is
refused naming the row, so a marker file can never delete more than it says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import pydantic

from mpnb.errors import InputError, MpnbError
from mpnb.frames._changes import Create, Delete
from mpnb.frames._compare import is_null, plain
from mpnb.frames._journal import journal_entries
from mpnb.frames._plandata import MASS_DELETE_ROWS, MASS_DELETE_SHARE
from mpnb.frames._specs import FamilySpec
from mpnb.graph import delete_impact, match
from mpnb.restore import extra_dependants, extra_notes, loss_notes

if TYPE_CHECKING:
    from mpnb.frames._plandata import PlanData as Plan

__all__ = [
    "MASS_DELETE_ROWS",
    "MASS_DELETE_SHARE",
    "delete_ids",
    "parse_flag",
    "plan_creates",
    "plan_deletes",
]

_YES = frozenset({"true", "yes", "y", "1", "1.0", "t"})
_NO = frozenset({"false", "no", "n", "0", "0.0", "f", ""})


def parse_flag(value: Any) -> bool | None:
    """A yes/no cell as a bool; None when it is neither."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if not isinstance(value, (dict, list, np.ndarray)) and is_null(value):
        return False
    if isinstance(value, (int, float, np.integer, np.floating)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _YES:
            return True
        if low in _NO:
            return False
    return None


def delete_ids(spec: FamilySpec, df: pd.DataFrame, ids: list[Any], delete: Any) -> list[Any]:
    """The ids to delete: given as a list, or the rows whose marker column says yes."""
    if delete is None:
        return []
    if isinstance(delete, str):
        if delete not in df.columns:
            raise InputError(f"delete={delete!r} names no column of the frame", field="delete")
        present = ~np.asarray(df.index.isna(), dtype=bool)
        marks = df[delete].to_numpy(dtype=object)[present]
        out = []
        for rid, cell in zip(ids, marks):
            flag = parse_flag(cell)
            if flag is None:
                raise InputError(
                    f"delete column {delete!r}, row id {rid}: {cell!r} is not yes/no; write true/false "
                    "(or yes/no, 1/0, empty for no)",
                    field=delete,
                )
            if flag:
                out.append(rid)
        return out
    out = []
    for v in delete:
        v = plain(v)
        if spec.id_type is int and isinstance(v, str) and v.isdigit():
            v = int(v)
        out.append(v)
    return out


def plan_deletes(plan: Plan, spec: FamilySpec, ids: list[Any], archive: bool, edits: dict[Any, dict[str, Any]]) -> None:
    """Deletes (or archives) for ``ids``; the edits their rows had are dropped and said so."""
    if not ids:
        return
    action: Literal["delete", "archive"] = "archive" if (archive and spec.archive is not None) else "delete"
    for rid in ids:
        rec = plan.fresh.get(rid)
        if rec is None:
            plan.gone.append(rid)
            continue
        if rid in edits:
            plan.dropped[rid] = sorted(edits[rid])
        plan.updates.pop(rid, None)
        plan.deletes.append(Delete(rid, rec, action))
        refs = sorted(set(rec.get("referenced_by") or []) | set(rec.get("referenced_directly_by") or []))
        if refs:
            plan.referenced_by[rid] = refs
            plan.notes.append(f"{spec.name} {rid} ({rec.get('name')!r}) is referenced by {refs}: they may break")
    gone = {d.id for d in plan.deletes}
    plan.changes = [c for c in plan.changes if c.id not in gone]
    plan.conflicts = [c for c in plan.conflicts if c.id not in gone]
    if plan.dropped:
        shown = ", ".join(f"{rid} ({', '.join(f)})" for rid, f in list(plan.dropped.items())[:10])
        plan.notes.append(
            f"{len(plan.dropped)} edited rows are deleted instead, so their edits are not sent: {shown}"
            + (" ..." if len(plan.dropped) > 10 else "")
        )
    real = [d.id for d in plan.deletes if d.action == "delete"]
    if real:  # what goes with the delete (the graph: reports, linked copies, alerts; what dangles), and losses
        records = [d.record for d in plan.deletes if d.action == "delete"]
        impact = delete_impact(plan.ws, spec.name, real, records)
        plan.cascades = impact.cascades
        extras = extra_dependants(spec.name, records)
        plan.dependants = impact.dependants() + extras
        plan.fresh_requests += impact.reads
        plan.notes += impact.notes() + extra_notes(extras) + loss_notes(spec.name, records, impact.cascades)
    if plan.mass_delete:
        plan.notes.append(
            f"this deletes {len(real)} of {plan.family_size} {spec.name}: deleting more than {MASS_DELETE_ROWS} "
            f"rows or {MASS_DELETE_SHARE:.0%} of a family needs allow_mass_delete=True"
        )


def plan_creates(plan: Plan, spec: FamilySpec, rows: pd.DataFrame, mask: np.ndarray, frame_ids: set[Any]) -> None:
    """A create per row without an id; rows an earlier apply already created are not sent again."""
    if rows.empty:
        return
    if spec.create_params is None or spec.create_with is None:
        raise InputError(f"rows without an id would create {spec.name}, which frames cannot create", field="id")
    model = spec.create_params
    accepted = set(model.model_fields) | {f.alias for f in model.model_fields.values() if f.alias}
    accepted |= {n for n, f in spec.model.model_fields.items() if f.alias in accepted}
    positions = np.flatnonzero(mask)
    for pos, (_, row) in zip(positions, rows.iterrows()):
        fields = {str(k): plain(v) for k, v in row.items() if k in accepted and not _null_cell(v)}
        key = tuple(fields.get(k) for k in spec.natural_key)
        try:
            model.model_validate(fields)
        except pydantic.ValidationError as exc:
            plan.invalid[f"new row {pos}"] = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
            continue
        plan.creates.append(Create(int(pos), fields, key))
    _landed_before(plan, spec, frame_ids)


def _landed_before(plan: Plan, spec: FamilySpec, frame_ids: set[Any]) -> None:
    """Creates an earlier apply of this frame journaled and that exist on the server: not sent again.

    A create the journal says failed outright (``error``) is sent again; one whose outcome says ``ok``
    with an id is that id if it still exists; one without an outcome (interrupted) or ``unknown`` is looked
    for among the entities the frame does not already hold, by the identity rule (one index of the family:
    linear in both sides); look-alikes that cannot be told apart are held back and named.
    """
    if not plan.creates:
        return
    intents: set[str] = set()
    outcome: dict[str, tuple[str, Any]] = {}
    for line in journal_entries(plan.ws, spec.name, plan.target):
        nk = _key(line.get("natural_key"))
        if line.get("event") == "intent":
            intents.add(nk)
        elif line.get("event") == "outcome" and outcome.get(nk, ("",))[0] != "ok":
            outcome[nk] = (str(line.get("status")), line.get("id"))
    candidates = [c for c in plan.creates if _key(list(c.natural_key)) in intents]
    candidates = [c for c in candidates if outcome.get(_key(list(c.natural_key)), ("",))[0] != "error"]
    if not candidates:
        return
    try:
        records = spec.list_raw(plan.ws)
    except MpnbError as exc:
        plan.notes.append(
            f"{len(candidates)} new rows match creates an earlier apply journaled, but the look-up failed "
            f"({type(exc).__name__}); check before applying: {[c.natural_key for c in candidates[:5]]}"
        )
        return
    plan.fresh_requests += 1
    key = spec.id_key
    by_id = {r.get(key) for r in records}
    unclaimed = [r for r in records if r.get(key) not in frame_ids]
    aliases = spec.alias_map
    wanted = {}
    for c in candidates:
        status, made = outcome.get(_key(list(c.natural_key)), ("", None))
        if status == "ok" and made is not None:
            if made in by_id:
                plan.already_created[c.row] = made
            continue
        wanted[c.row] = {aliases.get(k, k): v for k, v in c.fields.items()}
    found = match(plan.ws.records(spec.name).family_entry, wanted, unclaimed)
    held = [row for row, m in found.items() if m.status == "ambiguous"]
    for row, m in found.items():
        if m.status == "found" and m.record is not None:
            plan.already_created[int(str(row))] = m.record.get(key)
    if held:
        plan.creates = [c for c in plan.creates if c.row not in held]
        plan.notes.append(
            f"{len(held)} new rows look like creates an earlier apply may have made, but several entities fit: "
            f"not sent (rows {held[:10]}); give them ids or remove the look-alikes"
        )
    if plan.already_created:
        plan.creates = [c for c in plan.creates if c.row not in plan.already_created]
        shown = ", ".join(f"row {r} -> {i}" for r, i in list(plan.already_created.items())[:10])
        plan.notes.append(
            f"{len(plan.already_created)} new rows were created by an earlier apply (journal and identity); "
            f"not sent again: {shown}"
        )


def _key(value: Any) -> str:
    return repr([plain(v) for v in value]) if isinstance(value, (list, tuple)) else repr(value)


def _null_cell(v: Any) -> bool:
    return not isinstance(v, (dict, list, np.ndarray)) and is_null(v)
