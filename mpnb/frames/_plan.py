"""Plan = what applying an edited frame would do, three-way: edited vs snapshot vs one fresh read.

A change is edited != snapshot on a writable field. A conflict is a change on a row the server moved since
the snapshot (``modified`` or a writable field differs): shown, and skipped unless ``overwrite=True``. A
change the server already holds is dropped, so a re-run sends only what still differs. Columns absent from
the frame are unchanged; rows absent from it are never deleted; deletes are explicit, and deleting many
rows at once needs ``allow_mass_delete=True``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from mpnb.errors import InputError
from mpnb.frames._changes import Change, Create, Delete, fresh_read
from mpnb.frames._compare import plain
from mpnb.frames._edits import Baseline, find_edits, three_way, validate_updates
from mpnb.frames._frame import ATTR_FAMILY, ATTR_TARGET, build_frame, target_of
from mpnb.frames._plandata import PlanData
from mpnb.frames._rows import delete_ids, plan_creates, plan_deletes
from mpnb.frames._specs import FamilySpec
from mpnb.frames._state import state_of
from mpnb.frames._users import note_users
from mpnb.frames.families import SPECS

if TYPE_CHECKING:
    import os

    from mpnb._workspace import Workspace

__all__ = ["Change", "Create", "Delete", "Plan", "infer_family", "make_plan", "target_of"]


class Plan(PlanData):
    """What ``apply()`` will send; nothing has been sent yet. ``plan.apply()`` sends it."""

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
        allow_mass_delete: bool = False,
    ) -> pd.DataFrame:
        """Send the plan: one result row per planned entity (id, action, status, error), always.

        Real Mixpanel needs ``confirm``; a mass delete (see ``mass_delete``) needs ``allow_mass_delete``
        here or when planning. Statuses: ok, partial, error, unknown, conflict.
        """
        from mpnb.frames._apply import apply_plan

        return apply_plan(
            self,
            confirm=confirm,
            batch_size=batch_size,
            concurrency=concurrency,
            progress=progress,
            allow_mass_delete=allow_mass_delete or self.allow_mass_delete,
        )

    def __repr__(self) -> str:
        from mpnb.frames._render import plan_text

        return plan_text(self)

    def _repr_html_(self) -> str:
        from mpnb.frames._render import plan_html

        return plan_html(self)


def infer_family(columns: Any) -> str | None:
    """The family whose model fields best cover ``columns`` (frames without attrs, e.g. after a merge)."""
    cols = set(map(str, columns))
    best, score = None, 0.0
    for name, spec in SPECS.items():
        fields = set(spec.model.model_fields) - {spec.index}
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


def frame_ids(spec: FamilySpec, index: pd.Index) -> tuple[list[Any], np.ndarray]:
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


def make_plan(
    ws: Workspace,
    spec: FamilySpec,
    df: pd.DataFrame,
    *,
    delete: Any = None,
    overwrite: bool = False,
    archive: bool = True,
    baseline: Baseline = "snapshot",
    allow_mass_delete: bool = False,
) -> Plan:
    """Build the plan for ``df``; ``baseline="fresh"`` (CLI files) compares with the server instead of a snapshot."""
    target = target_of(ws)
    plan = Plan(ws, spec, target, overwrite=overwrite, allow_mass_delete=allow_mass_delete)
    _check_family(spec, df, target, plan.notes)
    ids, create_mask = frame_ids(spec, df.index)
    existing = df.loc[~create_mask] if create_mask.any() else df.copy(deep=False)  # (shallow: no data copied)
    if len(existing) != len(ids):
        raise InputError("the frame's index could not be read as ids", field="id")
    existing.index = pd.Index(ids, dtype=object)
    state = state_of(ws, spec.name)
    to_delete = delete_ids(spec, df, ids, delete)
    marker = delete if isinstance(delete, str) else None

    if baseline == "fresh":
        plan.fresh, plan.fresh_requests = fresh_read(ws, spec, ids + to_delete)
        kept = [i for i in ids if i in plan.fresh]
        gone = [i for i in ids if i not in plan.fresh]
        snap = plan.fresh
        base = build_frame(spec, [plan.fresh[i] for i in kept], target=target)
        base = base.set_axis(pd.Index(kept, dtype=object), axis=0)
        existing = existing.loc[kept] if gone else existing
        if gone:
            plan.notes.append(f"{len(gone)} rows are no longer on the server: {gone[:10]}")
        plan.family_size = max(len(ids), len(plan.fresh))
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
        base = state.base_by_ids()
        base = base.loc[ids] if len(ids) != len(base) or not base.index.equals(existing.index) else base
        plan.family_size = max(len(ids), len(state.raw))

    edits = find_edits(spec, existing, base, snap, state if baseline == "snapshot" else None, marker)
    if baseline == "snapshot":
        plan.fresh, plan.fresh_requests = fresh_read(ws, spec, sorted(set(edits.changes) | set(to_delete), key=str))
    three_way(plan, spec, edits, snap, state if baseline == "snapshot" else None)
    validate_updates(plan, spec)
    if spec.retires:
        note_users(plan, spec)
    plan_deletes(plan, spec, to_delete, archive, edits.changes)
    plan_creates(plan, spec, df.loc[create_mask], create_mask, set(ids))
    _note_concurrency(plan)
    return plan


def _note_concurrency(plan: Plan) -> None:
    """Rows sent one request each run on ``plan.concurrency`` threads: the plan says so."""
    records = plan.ws.records(plan.family)
    bulk = plan.spec.bulk_field_set if records.can_bulk_update else frozenset()
    singles = sum(1 for ch in plan.updates.values() if not (bulk and set(ch) <= bulk)) + len(plan.creates)
    singles += sum(1 for d in plan.deletes if d.action == "archive" or not records.can_bulk_delete)
    if singles > 1:
        plan.notes.append(
            f"{singles} requests of one row each run {plan.concurrency} at a time (apply(concurrency=N) to change)"
        )
