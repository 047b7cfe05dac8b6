"""Apply a copy plan: creates in dependency order, updates after a backup of the target's records, one
result row per entity, and the journal written after every entity so a re-run creates nothing twice.

After an ambiguous failure (the answer lost, retries exhausted) the target is read back by natural key:
a row is ``ok`` when the entity is there, ``unknown`` (with what to check) when that read fails too.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mpnb._backup import mpnb_home
from mpnb.copying import _families as fam
from mpnb.copying._collect import Item
from mpnb.copying._journal import JournalEntry, fingerprint
from mpnb.copying._plan import CopyPlan, Row, identity, natural_key, side_label
from mpnb.copying._result import CopyResult
from mpnb.entities.annotations import CreateAnnotationTagParams
from mpnb.entities.dashboards import CreateDashboardParams, DashboardRow, DashboardRowContent
from mpnb.errors import InputError, MpnbError, OutcomeUnknownError, TransportError

if TYPE_CHECKING:
    pass

__all__ = ["apply_plan"]


def apply_plan(plan: CopyPlan, *, confirm: bool) -> CopyResult:
    if plan.dst.target.is_real and not confirm:
        raise InputError(
            f"copying into {plan.dst.target.label()} writes to a real project; pass confirm=True to go ahead",
            field="confirm",
        )
    if plan.unresolved:
        ref = plan.unresolved[0]
        raise InputError(
            f"{len(plan.unresolved)} reference(s) point outside the copy (first: {ref.owner_family[:-1]} "
            f"{ref.owner_id} {ref.field} -> {ref.family[:-1]} {ref.source_id}); copy them too (follow=True), "
            "map them (mapping={...}) or leave those entities out (skip_unresolved=True)",
            field="unresolved",
        )
    result = CopyResult()
    result.backup = _backup_updates(plan)
    items = {(i.family, str(i.source_id)): i for i in plan.source.items.values()}
    done: set[tuple[str, str]] = set()
    for family in fam.ORDER:
        rows = [r for r in plan.rows if r.family == family]
        if family == "cohorts":
            rows = _cohort_order(rows, items)
        for row in rows:
            key = (row.family, str(row.source_id))
            if key in done:
                continue
            item = items[key]
            if family == "dashboards" and row.action == "create":
                done |= _create_board(plan, item, row, items, result)
            else:
                _one(plan, item, row, result)
            done.add(key)
    plan.applied = True
    return result


def _cohort_order(rows: list[Row], items: dict[tuple[str, str], Item]) -> list[Row]:
    """Cohorts built on other copied cohorts come after them."""
    left, out, placed = list(rows), [], set()
    while left:
        ready = [
            r
            for r in left
            if all(
                str(ref.source_id) in placed or not any(str(x.source_id) == str(ref.source_id) for x in left)
                for ref in items[("cohorts", str(r.source_id))].refs
            )
        ] or left[:1]
        for r in ready:
            out.append(r)
            placed.add(str(r.source_id))
            left.remove(r)
    return out


def _record(plan: CopyPlan, row: Row, item: Item, model: Any, result: CopyResult, status: str = "ok") -> None:
    row.target_id = model.id
    record = model.record if isinstance(model, _Found) else fam.record_of(row.family, model)
    target_fields = fam.FAMILIES[row.family].fields(record, identity)
    plan.journal.record(
        row.family,
        row.source_id,
        JournalEntry(model.id, fingerprint(plan.fields(item)), fingerprint(target_fields)),
    )
    _result(result, row, status)


def _result(result: CopyResult, row: Row, status: str, error: str = "") -> None:
    result.rows.append(
        {
            "family": row.family,
            "source_id": row.source_id,
            "name": row.name,
            "action": row.action,
            "status": status,
            "target_id": row.target_id,
            "error": error,
        }
    )


def _one(plan: CopyPlan, item: Item, row: Row, result: CopyResult) -> None:
    if row.action in ("skip", "mapped"):
        if row.action == "skip" and plan.journal.get(row.family, row.source_id) is None:
            current = plan.target.by_id[row.family][str(row.target_id)]
            have = fam.FAMILIES[row.family].fields(current, identity)
            plan.journal.record(
                row.family, row.source_id, JournalEntry(row.target_id, fingerprint(have), fingerprint(have))
            )
        _result(result, row, "skipped")
        return
    if row.action in ("conflict", "left out"):
        _result(result, row, row.action, row.note)
        return
    fields = plan.fields(item)
    try:
        if row.action == "update":
            model = fam.update(plan.dst, row.family, row.target_id, fields, _tags(plan, fields))
        else:
            board = plan.board_of(item)
            if board is not None:
                fields = dict(fields, dashboard_id=board)
            model = fam.create(plan.dst, row.family, fields, _tags(plan, fields))
    except InputError as exc:
        _result(result, row, "error", str(exc))
        return
    except (OutcomeUnknownError, TransportError, MpnbError) as exc:
        found = _read_back(plan, item, row)
        if found is None:
            _result(result, row, "unknown", f"{exc}; check the target for {row.family[:-1]} {row.name!r}")
        elif found is False:
            _result(result, row, "error", str(exc))
        else:
            _record(plan, row, item, found, result)
        return
    _record(plan, row, item, model, result)


def _tags(plan: CopyPlan, fields: dict[str, Any]) -> dict[str, int]:
    """Annotation tag names -> target tag ids, creating the tags the target lacks."""
    for name in fields.get("tags") or []:
        if isinstance(name, str) and name not in plan.target.tags:
            plan.target.tags[name] = plan.dst.create_annotation_tag(CreateAnnotationTagParams(name=name)).id
    return plan.target.tags


def _read_back(plan: CopyPlan, item: Item, row: Row) -> Any:
    """After an ambiguous failure: the entity as the target holds it, False if absent, None if unknown."""
    try:
        records = fam.list_records(plan.dst, row.family)
    except MpnbError:
        return None
    want = natural_key(row.family, plan.fields(item), item.record, plan.board_of(item))
    for rec in records:
        if natural_key(row.family, fam.FAMILIES[row.family].fields(rec, identity), rec) == want:
            return _Found(rec)
    return False


class _Found:
    """A record read back after an ambiguous failure, shaped like the model a create returns."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.id = record["id"]
        self.record = record


def _create_board(
    plan: CopyPlan, item: Item, row: Row, items: dict[tuple[str, str], Item], result: CopyResult
) -> set[tuple[str, str]]:
    """One create places the board, its text cards and its new reports in source order (the layout kept)."""
    layout = plan.source.boards.get(str(item.source_id), [])
    report_rows = {str(sid): r for r in plan.rows if r.family == "reports" for sid in [r.source_id]}
    rows: list[DashboardRow] = []
    order: list[str] = []
    for cells in layout:
        contents: list[DashboardRowContent] = []
        for kind, value in cells:
            if kind == "text":
                contents.append(DashboardRowContent(content_type="text", content_params={"markdown": value}))
                continue
            f = plan.fields(items[("reports", str(value))])
            bookmark = {"name": f["name"], "type": f["bookmark_type"], "params": json.dumps(f["params"])}
            if f["description"] is not None:
                bookmark["description"] = f["description"]
            contents.append(DashboardRowContent(content_type="report", content_params={"bookmark": bookmark}))
            order.append(str(value))
        for start in range(0, len(contents), 4):
            rows.append(DashboardRow(contents=contents[start : start + 4]))
    fields = plan.fields(item)
    try:
        board = plan.dst.create_dashboard(CreateDashboardParams(rows=rows or None, **fields))
    except MpnbError as exc:
        found = _read_back(plan, item, row)
        if isinstance(found, _Found):  # the board (and its cards) landed though the answer was lost
            board = plan.dst.get_dashboard(found.id)
        else:
            status = "unknown" if found is None else "error"
            _result(result, row, status, f"{exc}; check the target for dashboard {row.name!r}")
            for sid in order:
                _result(result, report_rows[sid], status, f"created with dashboard {row.name!r}: {status}")
            return {("reports", sid) for sid in order}
    _record(plan, row, item, board, result)
    made: dict[str, Any] = {}
    if isinstance(board.contents, dict):
        made = board.contents.get("report") or {}
    new_ids = [int(c["content_id"]) for c in board.cards("report")]
    handled = set()
    for sid, tid in zip(order, new_ids):
        rrow = report_rows[sid]
        record = made.get(str(tid)) or {"id": tid, "name": rrow.name}
        _record(plan, rrow, items[("reports", sid)], _Found(dict(record, bookmark_type=record.get("type"))), result)
        handled.add(("reports", sid))
    return handled


def _backup_updates(plan: CopyPlan) -> str | None:
    """Before any overwrite: the target's current records of every row about to be updated, as JSON lines."""
    rows = [r for r in plan.rows if r.action == "update"]
    if not rows:
        return None
    folder = mpnb_home() / "copies" / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", side_label(plan.dst)).strip("-").lower()
    path = Path(folder) / f"{stamp}-{slug}-copy-overwrites.jsonl"
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        head = {"kind": "mpnb-copy-overwrites", "version": 1, "target": plan.dst.target.label()}
        fh.write(json.dumps(head) + "\n")
        for r in rows:
            record = plan.target.by_id[r.family][str(r.target_id)]
            fh.write(json.dumps({"family": r.family, "role": "overwritten", "record": record}, default=str) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return str(path)
