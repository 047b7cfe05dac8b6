"""Plan = what applying an edited frame would do, three-way: edited vs snapshot vs one fresh read.

A change is edited != snapshot on a writable field. A conflict is a change on a row the server moved since
the snapshot (``modified`` or a writable field differs): shown, and skipped unless ``overwrite=True``. A
change the server already holds is dropped, so a re-run sends only what still differs. Columns absent from
the frame are unchanged; rows absent from it are never deleted; deletes are explicit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import pydantic

from mpnb._bulk import DEFAULT_BATCH_SIZE
from mpnb.errors import InputError
from mpnb.frames._compare import diff_mask, is_null, plain, same
from mpnb.frames._families import SPECS
from mpnb.frames._frame import ATTR_FAMILY, ATTR_TARGET, build_frame
from mpnb.frames._specs import FamilySpec, Raw
from mpnb.frames._state import fingerprint, state_of

if TYPE_CHECKING:
    import os

    from mpnb._workspace import Workspace

__all__ = ["Change", "Create", "Delete", "Plan", "infer_family", "make_plan", "target_of"]

# Above this many characters of ids the fresh read lists the whole family instead (URL length).
FRESH_IDS_MAX_CHARS = 16_000
Baseline = Literal["snapshot", "fresh"]
IN_PLACE = "(edited in place)"  # the "before" of a nested cell changed in place: the read value is gone


@dataclass
class Change:
    id: Any
    field: str
    before: Any
    after: Any
    server: Any = None  # the fresh value, on conflicts


@dataclass
class Create:
    row: Any  # position of the row in the frame
    fields: dict[str, Any]
    natural_key: tuple[Any, ...]


@dataclass
class Delete:
    id: Any
    record: Raw
    action: Literal["delete", "archive"] = "delete"


@dataclass
class Plan:
    """What ``apply()`` will send; nothing has been sent yet. ``plan.apply()`` sends it."""

    ws: Workspace = field(repr=False)
    spec: FamilySpec = field(repr=False)
    target: str
    updates: dict[Any, dict[str, Any]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Change] = field(default_factory=list)
    overwrite: bool = False
    creates: list[Create] = field(default_factory=list)
    deletes: list[Delete] = field(default_factory=list)
    gone: list[Any] = field(default_factory=list)  # asked to delete, already absent
    cascades: dict[str, list[Raw]] = field(default_factory=dict)
    referenced_by: dict[Any, list[Any]] = field(default_factory=dict)  # a deleted cohort's dependants
    invalid: dict[Any, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    fresh: dict[Any, Raw] = field(default_factory=dict, repr=False)
    fresh_requests: int = 0
    applied: bool = False

    @property
    def family(self) -> str:
        """The family the plan is for, e.g. ``"reports"``."""
        return self.spec.name

    @property
    def conflict_ids(self) -> list[Any]:
        """Ids of rows the server changed since your read: shown, not sent (``overwrite=True`` sends them)."""
        return sorted({c.id for c in self.conflicts}, key=str)

    @property
    def is_empty(self) -> bool:
        """True when applying would send nothing."""
        return not (self.updates or self.creates or self.deletes)

    def counts(self) -> dict[str, int]:
        """How many updates, creates, deletes, archives, conflicts and invalid rows the plan holds."""
        return {
            "update": len(self.updates),
            "create": len(self.creates),
            "delete": sum(d.action == "delete" for d in self.deletes),
            "archive": sum(d.action == "archive" for d in self.deletes),
            "conflict": len(self.conflict_ids),
            "invalid": len(self.invalid),
        }

    def requests(self, *, batch_size: int | None = None) -> int:
        """Requests ``apply()`` will take (without retries), as the spec's endpoints dictate."""
        size = batch_size or DEFAULT_BATCH_SIZE
        bulk = self.spec.bulk_fields()
        n_bulk = sum(1 for ch in self.updates.values() if bulk and set(ch) <= bulk)
        n = math.ceil(n_bulk / size) + (len(self.updates) - n_bulk)
        dels = [d for d in self.deletes if d.action == "delete"]
        if self.spec.bulk_delete_key:
            n += math.ceil(len(dels) / size)
        else:
            n += len(dels)
        n += (len(self.deletes) - len(dels)) * self.spec.archive_requests
        return n + self.spec.create_requests * len(self.creates)

    def to_frame(self) -> pd.DataFrame:
        """Every row of the plan (updates per field, deletes, creates, conflicts, invalid), named and typed."""
        from mpnb.frames._render import plan_frame

        return plan_frame(self)

    def to_csv(self, path: str | os.PathLike[str]) -> str:
        """Write the full plan to a CSV file (what the text and HTML only sample); returns the path."""
        from mpnb.frames._render import plan_csv

        return plan_csv(self, path)

    def apply(
        self,
        *,
        confirm: bool = False,
        batch_size: int | None = None,
        concurrency: int | None = None,
        progress: bool = True,
    ) -> pd.DataFrame:
        """Send the plan: one result row per entity (id, action, status, error). Real Mixpanel needs ``confirm``."""
        from mpnb.frames._apply import apply_plan

        return apply_plan(self, confirm=confirm, batch_size=batch_size, concurrency=concurrency, progress=progress)

    def __repr__(self) -> str:
        from mpnb.frames._render import plan_text

        return plan_text(self)

    def _repr_html_(self) -> str:
        from mpnb.frames._render import plan_html

        return plan_html(self)


def target_of(ws: Workspace) -> str:
    return ws.target.label(ws._http._pinned)


def infer_family(columns: Any) -> str | None:
    """The family whose model fields best cover ``columns`` (frames without attrs, e.g. after a merge)."""
    cols = set(map(str, columns))
    best, score = None, 0.0
    for name, spec in SPECS.items():
        if not spec.available():
            continue
        fields = set(spec.model_cls().model_fields) - {"id"}
        hit = len(cols & fields) / max(1, len(fields))
        if hit > score:
            best, score = name, hit
    return best if score >= 0.3 else None


def _check_family(spec: FamilySpec, df: pd.DataFrame, target: str, notes: list[str]) -> None:
    fam = df.attrs.get(ATTR_FAMILY)
    if fam is None:
        fam = infer_family(df.columns)
        if fam is None:
            raise InputError(f"cannot tell which family this frame holds; read it with ws.{spec.name}.frame()")
        notes.append(f"the frame had no mpnb attrs; its columns say it holds {fam}")
    if fam != spec.name:
        raise InputError(f"this frame holds {fam}, not {spec.name}: plan it with ws.{fam}.plan(df)", field="df")
    where = df.attrs.get(ATTR_TARGET)
    if where is not None and where != target:
        raise InputError(f"this frame was read from {where}, not {target}; refusing to plan it here", field="df")


def _ids(spec: FamilySpec, index: pd.Index) -> tuple[list[Any], np.ndarray]:
    """The frame's ids as the family's id type, and the mask of rows without one (creates)."""
    missing = np.asarray(index.isna(), dtype=bool)
    present = index[~missing]
    if spec.id_type is int and (present.dtype.kind in "iu" or str(present.dtype) == "Int64"):
        fast: list[Any] = present.astype("int64").tolist()
        return _unique(fast), missing
    if spec.id_type is str and str(present.dtype) in ("string", "str"):
        return _unique(present.astype(object).tolist()), missing
    out: list[Any] = []
    for v in present:
        v = plain(v)
        if spec.id_type is int:
            if isinstance(v, str) and v.strip().lstrip("-").isdigit():
                v = int(v)
            if isinstance(v, bool) or not isinstance(v, int):
                raise InputError(f"{spec.name} ids are integers; the frame's index holds {v!r}", field="id")
        elif not isinstance(v, str):
            raise InputError(f"{spec.name} ids are strings; the frame's index holds {v!r}", field="id")
        out.append(v)
    return _unique(out), missing


def _unique(ids: list[Any]) -> list[Any]:
    if len(set(ids)) != len(ids):
        dup = pd.Index(ids)[pd.Index(ids).duplicated()].tolist()
        raise InputError(f"the frame's index repeats ids {dup[:10]}; each entity must appear once", field="id")
    return ids


def _fresh(ws: Workspace, spec: FamilySpec, ids: list[Any]) -> tuple[dict[Any, Raw], int]:
    if not ids:
        return {}, 0
    key = spec.aliases().get("id", "id")
    use_ids = spec.ids_filter and len(",".join(map(str, ids))) <= FRESH_IDS_MAX_CHARS
    records = spec.list_raw(ws, {"ids": ids} if use_ids else dict(spec.fresh_filters))
    return {r.get(key): r for r in records}, 1


def _delete_ids(spec: FamilySpec, df: pd.DataFrame, ids: list[Any], delete: Any) -> list[Any]:
    if delete is None:
        return []
    if isinstance(delete, str):
        if delete not in df.columns:
            raise InputError(f"delete={delete!r} names no column of the frame", field="delete")
        marks = df[delete].fillna(False).astype(bool).to_numpy()
        present = ~np.asarray(df.index.isna(), dtype=bool)
        return [i for i, m in zip(ids, marks[present]) if m]
    out = []
    for v in delete:
        v = plain(v)
        if spec.id_type is int and isinstance(v, str) and v.isdigit():
            v = int(v)
        out.append(v)
    return out


def make_plan(
    ws: Workspace,
    spec: FamilySpec,
    df: pd.DataFrame,
    *,
    delete: Any = None,
    overwrite: bool = False,
    archive: bool = True,
    baseline: Baseline = "snapshot",
) -> Plan:
    """Build the plan for ``df``; ``baseline="fresh"`` (CLI files) compares with the server instead of a snapshot."""
    spec.require()
    target = target_of(ws)
    plan = Plan(ws, spec, target, overwrite=overwrite)
    _check_family(spec, df, target, plan.notes)
    ids, create_mask = _ids(spec, df.index)
    existing = df.loc[~create_mask]
    if len(existing) != len(ids):
        raise InputError("the frame's index could not be read as ids", field="id")
    existing = existing.set_axis(pd.Index(ids, dtype=object), axis=0)
    state = state_of(ws, spec.name)
    aliases = spec.aliases()
    id_key = aliases.get("id", "id")
    delete_ids = _delete_ids(spec, df, ids, delete)
    marker = delete if isinstance(delete, str) else None

    if baseline == "fresh":
        plan.fresh, plan.fresh_requests = _fresh(ws, spec, ids + delete_ids)
        gone = [i for i in ids if i not in plan.fresh]
        snap = plan.fresh
        base = build_frame(spec, [plan.fresh[i] for i in ids if i in plan.fresh], target=target)
        base = base.set_axis(pd.Index([i for i in ids if i in plan.fresh], dtype=object), axis=0)
        existing = existing.loc[[i for i in ids if i in plan.fresh]]
        if gone:
            plan.notes.append(f"{len(gone)} rows are no longer on the server: {gone[:10]}")
    else:
        unknown = [i for i in ids if i not in state.raw]
        if unknown:
            raise InputError(
                f"{len(unknown)} rows of the frame were not read through this Workspace (e.g. {unknown[:5]}); "
                f"read them with ws.{spec.name}.frame() first",
                field="df",
            )
        snap = state.raw
        assert state.base is not None
        base_ids, _ = _ids(spec, state.base.index)
        base = state.base.set_axis(pd.Index(base_ids, dtype=object), axis=0)
        base = base.loc[ids]

    writable = spec.writable()
    fields = set(spec.model_cls().model_fields) - {"id"}
    # Rows whose ``modified`` differs from the baseline's: the frame is older than the last read (or, for a
    # file, the server moved since the export). Their read-only cells are stale, not edits; their writable
    # edits are conflicts, so an old frame never reverts a newer server state.
    moved_rows: set[Any] = set()
    mod = spec.modified
    if mod is not None and mod in existing.columns and mod in base.columns:
        mm = diff_mask(existing[mod], base[mod])
        moved_rows = set(existing.index[mm])
    in_place: set[tuple[Any, str]] = set()
    read_only_edits: dict[str, list[Any]] = {}
    edits: dict[Any, dict[str, Any]] = {}
    befores: dict[tuple[Any, str], Any] = {}
    for col in existing.columns:
        if col == marker or col in spec.derived or col not in base.columns:
            continue
        mask = diff_mask(existing[col], base[col])
        if baseline == "snapshot" and col in state.prints and col in writable:
            mask |= _edited_in_place(existing[col], base[col], state.prints[col], in_place, col)
        if not mask.any():
            continue
        hit = existing.index[mask]
        if col not in writable:
            if col in fields or col in snap.get(hit[0], {}):
                rows = [i for i in hit if i not in moved_rows]
                if rows:
                    read_only_edits[col] = rows
            continue
        after_vals = existing[col].to_numpy(dtype=object)[mask]
        before_vals = base[col].to_numpy(dtype=object)[mask]
        for i, a, b in zip(hit, after_vals, before_vals):
            edits.setdefault(i, {})[col] = plain(a)
            befores[(i, col)] = IN_PLACE if (i, col) in in_place else plain(b)
    if read_only_edits:
        cols = ", ".join(f"{c} (ids {v[:5]})" for c, v in sorted(read_only_edits.items()))
        raise InputError(
            f"read-only columns were edited: {cols}; {spec.name} can change only {', '.join(writable)}",
            field=sorted(read_only_edits)[0],
        )

    if baseline == "snapshot":
        plan.fresh, plan.fresh_requests = _fresh(ws, spec, sorted(set(edits) | set(delete_ids), key=str))
    prints = state.prints if baseline == "snapshot" else {}
    _three_way(
        plan, spec, edits, befores, snap, state.own_writes if baseline == "snapshot" else set(), moved_rows, prints
    )
    _validate_updates(plan, spec)
    _plan_deletes(plan, spec, delete_ids, archive, id_key)
    _plan_creates(plan, spec, df.loc[create_mask], create_mask)
    return plan


def _three_way(
    plan: Plan,
    spec: FamilySpec,
    edits: dict[Any, dict[str, Any]],
    befores: dict[tuple[Any, str], Any],
    snap: dict[Any, Raw],
    own_writes: set[Any],
    moved_rows: set[Any],
    prints: dict[str, dict[Any, int]],
) -> None:
    aliases = spec.aliases()
    writable = spec.writable()
    for rid, changes in edits.items():
        fresh = plan.fresh.get(rid)
        old = snap.get(rid, {})
        if fresh is None:
            for f, after in changes.items():
                plan.conflicts.append(Change(rid, f, befores[(rid, f)], after, "(deleted on the server)"))
            continue
        todo = {f: a for f, a in changes.items() if not same(fresh.get(aliases.get(f, f)), a)}
        if not todo:
            continue
        mod = spec.modified
        moved = rid in moved_rows or (
            mod is not None and rid not in own_writes and not same(fresh.get(mod), old.get(mod))
        )
        moved = moved or any(_moved(fresh, old, rid, f, aliases, prints) for f in writable)
        if moved:
            for f, after in todo.items():
                plan.conflicts.append(Change(rid, f, befores[(rid, f)], after, fresh.get(aliases.get(f, f))))
            if not plan.overwrite:
                continue
        plan.updates[rid] = todo
        plan.changes += [Change(rid, f, befores[(rid, f)], a) for f, a in todo.items()]


def _moved(fresh: Raw, old: Raw, rid: Any, f: str, aliases: dict[str, str], prints: dict[str, dict[Any, int]]) -> bool:
    """Did the server's value of ``f`` move since the read? Nested values compare with their checksum as
    read, since the snapshot's own object may have been edited in place."""
    key = aliases.get(f, f)
    if same(fresh.get(key), old.get(key)):
        return False  # (cheaper first: a deep ==, before the checksum's full traversal)
    return not (f in prints and rid in prints[f] and fingerprint(fresh.get(key)) == prints[f][rid])


def _edited_in_place(
    edited: pd.Series, base: pd.Series, prints: dict[Any, int], found: set[tuple[Any, str]], col: str
) -> np.ndarray:
    """Cells still holding the object that was read, whose content no longer matches its checksum."""
    out = np.zeros(len(edited), dtype=bool)
    for n, (rid, a, b) in enumerate(zip(edited.index, edited.to_numpy(dtype=object), base.to_numpy(dtype=object))):
        if a is b and rid in prints and fingerprint(a) != prints[rid]:
            out[n] = True
            found.add((rid, col))
    return out


def _validate_updates(plan: Plan, spec: FamilySpec) -> None:
    model = spec.attr(spec.update_model)
    aliases = spec.aliases()
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


def _plan_deletes(plan: Plan, spec: FamilySpec, delete_ids: list[Any], archive: bool, id_key: str) -> None:
    if not delete_ids:
        return
    if spec.bulk_delete_key is None and spec.delete_one is None and spec.archive is None:
        raise InputError(f"{spec.name} cannot be deleted through frames", field="delete")
    action: Literal["delete", "archive"] = "archive" if (archive and spec.archive is not None) else "delete"
    for rid in delete_ids:
        rec = plan.fresh.get(rid)
        if rec is None:
            plan.gone.append(rid)
            continue
        plan.updates.pop(rid, None)
        plan.changes = [c for c in plan.changes if c.id != rid]
        plan.deletes.append(Delete(rid, rec, action))
        refs = sorted(set(rec.get("referenced_by") or []) | set(rec.get("referenced_directly_by") or []))
        if refs:
            plan.referenced_by[rid] = refs
            plan.notes.append(f"{spec.name} {rid} ({rec.get('name')!r}) is referenced by {refs}: they may break")
    real = [d.id for d in plan.deletes if d.action == "delete"]
    if real and spec.cascades is not None:
        plan.cascades = {k: v for k, v in spec.cascades(plan.ws, real).items() if v}
        plan.fresh_requests += 1
    if real:  # what goes with the delete (alerts, board cards, links) and what a restore cannot bring back
        from mpnb.restore import plan_notes

        plan.notes += plan_notes(plan.ws, spec.name, real, [d.record for d in plan.deletes], plan.cascades)


def _plan_creates(plan: Plan, spec: FamilySpec, rows: pd.DataFrame, mask: np.ndarray) -> None:
    if rows.empty:
        return
    if spec.create is None or spec.create_model is None:
        raise InputError(f"rows without an id would create {spec.name}, which frames cannot create", field="id")
    model = spec.attr(spec.create_model)
    accepted = {n for n, f in model.model_fields.items()} | {f.alias for f in model.model_fields.values() if f.alias}
    accepted |= {n for n, f in spec.model_cls().model_fields.items() if f.alias in accepted}
    positions = np.flatnonzero(mask)
    for pos, (_, row) in zip(positions, rows.iterrows()):
        fields = {str(k): plain(v) for k, v in row.items() if k in accepted and not _null_cell(v)}
        key = tuple(fields.get(k) for k in spec.natural_key)
        plan.creates.append(Create(int(pos), fields, key))
        try:
            model.model_validate(fields)
        except pydantic.ValidationError as exc:
            plan.invalid[f"new row {pos}"] = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
            plan.creates.pop()


def _null_cell(v: Any) -> bool:
    return not isinstance(v, (dict, list, np.ndarray)) and is_null(v)
