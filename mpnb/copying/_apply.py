"""Apply a copy plan: creates in the registry's creation order, updates after a backup of the target's records,
one result row per entity, and the journal written around every entity so a re-run creates nothing twice.

An entity whose reference could not be copied (an alert whose report failed) is not sent: its row says why,
and what points at it is held back in turn (it has no target id to point at).
After an ambiguous failure the target is read back and the identity rule decides: ``ok`` when the entity is
there (and was not before), ``error`` when it is not, ``unknown`` (with what to check) when that read fails.
At the end each written family is read once and the journal keeps what the target holds, so the next run
tells a change made in the target from one made by the copy.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mpnb._backup import mpnb_home
from mpnb._families import REGISTRY
from mpnb.copying._collect import Item
from mpnb.copying._journal import JournalEntry, fingerprint
from mpnb.copying._plan import CopyPlan, Row, side_label
from mpnb.copying._result import CopyResult
from mpnb.copying.families import rules_for
from mpnb.errors import InputError, MpnbError
from mpnb.graph import match

__all__ = ["apply_plan"]

Raw = dict[str, Any]
LANDED = ("ok", "skipped", "mapped")


def apply_plan(plan: CopyPlan, *, confirm: bool) -> CopyResult:
    if plan.dst.target.is_real and not confirm:
        raise InputError(
            f"copying into {plan.dst.target.label()} writes to a real project; pass confirm=True to go ahead",
            field="confirm",
        )
    if plan.unresolved:
        ref = plan.unresolved[0]
        owner, to = REGISTRY.get(ref.owner_family).singular, REGISTRY.get(ref.family).singular
        raise InputError(
            f"{len(plan.unresolved)} reference(s) point outside the copy (first: {owner} {ref.owner_id} "
            f"{ref.field} -> {to} {ref.source_id}); copy them too (follow=True), map them (mapping={{...}}) or "
            "leave those entities out (skip_unresolved=True)",
            field="unresolved",
        )
    run = _Run(plan)
    run.result.backup = _backup_updates(plan)
    for fam in REGISTRY.creation_order():
        for item, row in run.ordered(fam.name):
            if (row.family, str(row.source_id)) not in run.done:
                run.one(item, row)
    run.settle_prints()
    plan.applied = True
    return run.result


class _Run:
    """One apply: the items by key, the rows done, the statuses, the per-run cache of family steps."""

    def __init__(self, plan: CopyPlan) -> None:
        self.plan = plan
        self.result = CopyResult()
        self.items = {(i.family, str(i.source_id)): i for i in plan.source.items.values()}
        self.done: set[tuple[str, str]] = set()
        self.status: dict[tuple[str, str], str] = {}
        self.cache: dict[str, Any] = {}
        self.written: dict[str, set[str]] = {}  # family -> source ids written this run (read back at the end)
        self.busy: set[tuple[str, str]] = set()  # rows being sent (a reference cycle waits for none of them)
        self.held: set[tuple[str, str]] = set()  # rows not sent because what they point at was not copied

    def ordered(self, family: str) -> list[tuple[Item, Row]]:
        """The family's rows, those built on others of the same family after them (cohorts on cohorts)."""
        pairs = [(self.items[(r.family, str(r.source_id))], r) for r in self.plan.rows if r.family == family]
        left, out, placed = list(pairs), [], set()
        while left:
            ready = [
                p
                for p in left
                if all(
                    str(ref.source_id) in placed
                    or ref.family != family
                    or not any(str(x.source_id) == str(ref.source_id) for x, _ in left)
                    for ref in p[0].refs
                )
            ] or left[:1]
            for p in ready:
                out.append(p)
                placed.add(str(p[0].source_id))
                left.remove(p)
        return out

    def report(self, row: Row, status: str, error: str = "") -> None:
        key = (row.family, str(row.source_id))
        self.status[key] = status
        self.done.add(key)
        self.result.rows.append(
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

    def _first(self, item: Item) -> None:
        """Send, before ``item``, the entities of this copy it points at that are not in the target yet, so its
        references can be rewritten to their new ids (a board creates its reports, which filter by cohorts and
        count custom events that come later in the registry's order)."""
        for ref in item.refs:
            key = (ref.family, str(ref.source_id))
            row = self.plan.row_index.get(key)
            if row is not None and key in self.items and key not in self.done and key not in self.busy:
                self.one(self.items[key], row)

    def _blocked_by(self, item: Item) -> str:
        """Why ``item`` cannot be sent: a reference to an entity of this copy that did not land."""
        for ref in item.refs:
            key = (ref.family, str(ref.source_id))
            status = self.status.get(key)
            if status is not None and (status not in LANDED or key in self.held):  # held: it has no target id
                to = REGISTRY.get(ref.family).singular
                return (
                    f"not sent: its {to} {ref.source_id} was not copied ({'held back' if key in self.held else status})"
                )
        return ""

    def one(self, item: Item, row: Row) -> None:
        plan = self.plan
        if row.action in ("skip", "mapped"):
            if row.action == "skip" and plan.journal.get(row.family, row.source_id) is None:
                self._remember(item, row, plan.target.by_id[row.family][str(row.target_id)])
            self.report(row, "skipped")
            return
        if row.action in ("conflict", "left out", "ambiguous"):
            self.report(row, row.action, row.note)
            return
        self.busy.add((row.family, str(row.source_id)))
        self._first(item)
        blocked = self._blocked_by(item)
        if blocked:
            self.held.add((row.family, str(row.source_id)))
            self.report(row, "skipped", blocked)
            return
        rules = rules_for(item.family)
        if row.action == "create" and rules.create_with is not None:
            self._create_with_children(item, row)
            return
        fields = plan.fields(item)
        try:
            if rules.prepare is not None:
                fields = rules.prepare(plan.dst, fields, self.cache)
            if row.action == "update":
                assert rules.update is not None
                current = plan.target.by_id[row.family][str(row.target_id)]
                made = rules.update(plan.dst, row.target_id, fields, current)
            else:
                assert rules.create is not None
                existing = list(plan.target.by_id.get(row.family, {}))
                plan.journal.intend(row.family, row.source_id, existing)
                made = rules.create(plan.dst, fields)
        except InputError as exc:
            plan.journal.settle(row.family, row.source_id)
            self.report(row, "error", str(exc))
            return
        except MpnbError as exc:
            self._after_failure(item, row, exc)
            return
        self._record(item, row, made)

    def _record(self, item: Item, row: Row, made: Raw, status: str = "ok") -> None:
        fam = REGISTRY.get(row.family)
        row.target_id = fam.id_of(made)
        self.plan.journal.record(
            row.family, row.source_id, JournalEntry(row.target_id, fingerprint(self.plan.fields(item)), "")
        )
        self.written.setdefault(row.family, set()).add(str(row.source_id))
        self.report(row, status)

    def _remember(self, item: Item, row: Row, current: Raw) -> None:
        """A target record the plan matched and found equal: journal it so a re-run knows it."""
        rules = rules_for(row.family)
        assert rules.fields is not None
        have = fingerprint(rules.fields(current))
        self.plan.journal.record(
            row.family, row.source_id, JournalEntry(row.target_id, fingerprint(self.plan.fields(item)), have)
        )

    def _after_failure(self, item: Item, row: Row, exc: MpnbError) -> None:
        found = self._read_back(item, row)
        if found is None:
            self.report(row, "unknown", f"{exc}; check the target for {REGISTRY.get(row.family).singular} {row.name!r}")
        elif not isinstance(found, dict):
            self.plan.journal.settle(row.family, row.source_id)
            self.report(row, "error", str(exc))
        else:
            self._record(item, row, found)

    def _read_back(self, item: Item, row: Row) -> Raw | bool | None:
        """After an ambiguous failure: the entity as the target holds it (by the identity rule, among what was
        not there before), False if absent, None if that cannot be known."""
        fam = REGISTRY.get(row.family)
        try:
            now = self.plan.dst.records(row.family).read_all()
        except MpnbError:
            return None
        before = set(self.plan.target.by_id.get(row.family, {}))
        fresh = [r for r in now if str(fam.id_of(r)) not in before]
        m = match(fam, {0: self.plan.fields(item)}, fresh)[0]
        return (
            m.record if m.status == "found" and m.record is not None else (None if m.status == "ambiguous" else False)
        )

    def _create_with_children(self, item: Item, row: Row) -> None:
        """One create places the entity and its new children in the source's order (a board's cards)."""
        plan, rules = self.plan, rules_for(item.family)
        assert rules.create_with is not None and rules.children is not None and rules.children_of is not None
        child_family = rules.children
        layout = plan.source.layouts.get(str(item.source_id), [])
        children = [
            (self.items[(child_family, str(sid))], plan.row_index[(child_family, str(sid))])
            for sid in rules.children_of(layout)
            if (child_family, str(sid)) in self.items
        ]
        order = [child.source_id for child, child_row in children if child_row.action == "create"]
        for kid, kid_row in children:  # what the new reports point at goes first (not the board itself)
            if kid_row.action == "create":
                self.busy.add((child_family, str(kid.source_id)))
                self._first(kid)
        fields = plan.fields(item)
        plan.journal.intend(row.family, row.source_id, list(plan.target.by_id.get(row.family, {})))

        def child_fields(sid: Any) -> Raw:
            return plan.fields(self.items[(child_family, str(sid))])

        try:
            record, made = rules.create_with(plan.dst, fields, layout, set(map(str, order)), child_fields)
        except MpnbError as exc:
            found = self._read_back(item, row)
            if not isinstance(found, dict) or rules.found_with is None:
                status = "unknown" if found is None else "error"
                self.report(
                    row, status, f"{exc}; check the target for {REGISTRY.get(row.family).singular} {row.name!r}"
                )
                for _, child_row in children:
                    if child_row.action == "create":
                        self.report(child_row, status, f"created with {row.name!r}: {status}")
                return
            record, made = rules.found_with(plan.dst, REGISTRY.get(row.family).id_of(found), order)
        self._record(item, row, record)
        for sid, child in made:
            child_row = plan.row_index[(child_family, str(sid))]
            self._record(self.items[(child_family, str(sid))], child_row, child)

    def settle_prints(self) -> None:
        """Read each written family once and journal what the target holds (the next run compares with it)."""
        plan = self.plan
        for family, sids in self.written.items():
            rules, fam = rules_for(family), REGISTRY.get(family)
            assert rules.fields is not None
            try:
                now = {str(fam.id_of(r)): r for r in plan.dst.records(family).read_all()}
            except MpnbError:
                continue  # the prints stay empty: the next run treats those copies as untouched
            for sid in sids:
                entry = plan.journal.get(family, sid)
                record = now.get(str(entry.target_id)) if entry is not None else None
                if entry is not None and record is not None:
                    entry.target_print = fingerprint(rules.fields(record))
            plan.journal.save()


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
