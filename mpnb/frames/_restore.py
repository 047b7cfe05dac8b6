"""``ws.restore(backup)``: recreate a backup's entities, generically, from each family's rules (mpnb/restore).

Families restore in their rules' order (boards before reports before alerts); references to entities
recreated earlier are rewritten old -> new. Within a family, creates run on a bounded thread pool (Mixpanel
has no bulk create). Every create is journaled next to the backup (intent before sending, new id after), so
a re-run recreates nothing twice. After a failed or ambiguous create the family is read back once and the
row reports what the server holds: ``ok``, ``partial`` (what is missing), ``error`` or ``unknown``.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from mpnb._backup import Backup
from mpnb._bulk import run_concurrently
from mpnb.errors import InputError, MpnbError
from mpnb.restore import RULES, RestoreRules, rules_for

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESULT_COLUMNS", "RestoreResult", "restore_backup"]

RESULT_COLUMNS = ["family", "old_id", "new_id", "role", "of", "status", "detail", "lost"]
Where = Callable[[dict[str, Any]], bool] | str


@dataclass
class RestoreResult:
    """What a restore did: ``id_map[family][old_id] = new_id``, one row per entity or dependant.

    ``repr`` is a short summary; ``to_frame()`` has every row: family, old_id, new_id, role (entity or
    dependant), of (a dependant's (family, id)), status, detail, lost (what could not come back).
    """

    target: str
    backup: str | None = None
    journal: str | None = None
    id_map: dict[str, dict[Any, Any]] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many rows ended in each status (``ok``, ``partial``, ``error``, ``unknown``, ...)."""
        return dict(Counter(r["status"] for r in self.rows))

    def to_frame(self) -> pd.DataFrame:
        """One row per restored entity or dependant: family, ids, status, and what could not come back."""
        out: pd.DataFrame = pd.DataFrame(self.rows, columns=RESULT_COLUMNS)
        return out

    def __repr__(self) -> str:
        ents = [r for r in self.rows if r["role"] == "entity"]
        deps = [r for r in self.rows if r["role"] == "dependant"]
        back = sum(r["status"] in ("ok", "partial", "already restored") for r in ents)

        def tally(rows: list[dict[str, Any]]) -> str:
            c = Counter((r["family"], r["status"]) for r in rows)
            return ", ".join(f"{n} {f} {s}" for (f, s), n in c.items())

        lines = [f"Restored {back} of {len(ents)} entities into {self.target} ({tally(ents) or 'nothing'})"]
        if deps:
            lines.append(f"dependants: {tally(deps)}")
        problems = [r for r in self.rows if r["status"] not in ("ok", "already restored", "listed")]
        for r in problems[:5]:
            lines.append(f"  {r['status']}: {r['family']} {r['old_id']} -> {r['new_id']}: {r['detail']}"[:200])
        if len(problems) > 5:
            lines.append(f"  ... and {len(problems) - 5} more")
        lines.append(
            ".to_frame() has every row with what could not come back"
            + (f"; journal {self.journal}" if self.journal else "")
        )
        return "\n".join(lines)


@dataclass
class _Item:
    family: str
    record: dict[str, Any]
    old_id: Any
    row: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)


class _Journal:
    """Append-only JSON lines next to the backup; thread-safe; absent when the backup has no file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.done: dict[tuple[str, str], Any] = {}
        self.pending: set[tuple[str, str]] = set()
        if path is not None and path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    e = json.loads(line)
                except ValueError:
                    continue  # a line cut by a crash: its intent shows as pending or is re-checked
                key = (str(e.get("family")), str(e.get("old_id")))
                if e.get("event") == "done":
                    self.done[key] = e.get("new_id")
                    self.pending.discard(key)
                elif e.get("event") == "intent" and key not in self.done:
                    self.pending.add(key)

    def write(self, event: str, family: str, old_id: Any, new_id: Any = None) -> None:
        if self.path is None:
            return
        line = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "event": event}
        line.update(family=family, old_id=old_id, new_id=new_id)
        with self.lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(line, default=str, separators=(",", ":")) + "\n")
            fh.flush()


def _target_key(ws: Workspace) -> dict[str, Any]:
    return {"base_url": ws.target.app_url, "project_id": ws.target.project_id}


def _check_target(ws: Workspace, backup: Backup, allow_other_target: bool) -> None:
    here = _target_key(ws)
    if backup.target_key is not None:
        same = all(backup.target_key.get(k) == v for k, v in here.items())
        there = f"{backup.target_key.get('base_url')} project {backup.target_key.get('project_id')}"
    else:  # a version 1 backup: only its label
        same, there = backup.target == ws.target_label, backup.target
    if not same and not allow_other_target:
        raise InputError(
            f"this backup was taken on {there}, not {ws.target_label}; nothing was restored. "
            "Pass allow_other_target=True to restore it here anyway",
            field="allow_other_target",
        )


def _items(backup: Backup) -> list[_Item]:
    out = [_Item(backup.family, r, r.get(rules_for(backup.family).id_key)) for r in backup.records]
    for fam, records in backup.cascades.items():
        out += [_Item(fam, r, r.get("id")) for r in records]
    for d in backup.dependants:
        if isinstance(d.get("record"), dict) and d.get("family") in RULES:
            out.append(_Item(d["family"], d["record"], d.get("id")))
    seen: set[tuple[str, str]] = set()
    unique = []
    for it in out:  # a record both cascaded and listed as a dependant restores once
        key = (it.family, str(it.old_id))
        if key not in seen:
            seen.add(key)
            unique.append(it)
    return sorted(unique, key=lambda it: RULES[it.family].order if it.family in RULES else 999)


def _select(backup: Backup, items: list[_Item], ids: Iterable[Any] | None, where: Where | None) -> list[_Item]:
    """The items the caller picked among the backup's own records, plus what goes with them."""
    if ids is None and where is None:
        return items
    main = [it for it in items if it.family == backup.family and any(r is it.record for r in backup.records)]
    chosen = {str(it.old_id) for it in main}
    if ids is not None:
        if isinstance(ids, (str, bytes)) or not isinstance(ids, Iterable):
            raise InputError(f"ids must be a list of {backup.family} ids from the backup, got {ids!r}", field="ids")
        wanted = {str(i) for i in ids}
        unknown = sorted(wanted - chosen)
        if unknown:
            raise InputError(
                f"ids {unknown[:10]} are not {backup.family} in this backup (it holds {len(chosen)}); "
                "nothing was restored",
                field="ids",
            )
        chosen &= wanted
    if where is not None:
        chosen &= _where_ids(where, main)
    picked = {(backup.family, i) for i in chosen}
    dep_owner = {
        (str(d.get("family")), str(d.get("id"))): (d.get("of_family"), str(d.get("of_id"))) for d in backup.dependants
    }
    out = []
    for it in items:
        key = (it.family, str(it.old_id))
        refs = [(fam, str(it.record.get(f))) for f, fam in RULES[it.family].references] if it.family in RULES else []
        if key in picked or dep_owner.get(key) in picked or any(r in picked for r in refs):
            picked.add(key)
            out.append(it)
    return out


def _where_ids(where: Where, main: list[_Item]) -> set[str]:
    """Old ids of the records ``where`` keeps: a function of a record, or a pandas query over their fields."""
    if callable(where):
        return {str(it.old_id) for it in main if where(it.record)}
    flat = [{k: v for k, v in it.record.items() if not isinstance(v, (dict, list))} for it in main]
    frame = pd.DataFrame(flat, index=pd.Index([str(it.old_id) for it in main], dtype=object))
    try:
        return set(frame.query(where).index)
    except Exception as exc:  # pandas raises many kinds for a bad expression
        raise InputError(f"where={where!r} is not a query over the backup's fields: {exc}", field="where") from None


def restore_backup(
    ws: Workspace,
    backup: Backup | str | os.PathLike[str],
    *,
    ids: Iterable[Any] | None = None,
    where: Where | None = None,
    allow_other_target: bool = False,
    concurrency: int | None = None,
    progress: bool = True,
) -> RestoreResult:
    """Recreate ``backup`` (or the ``ids``/``where`` part of it) on ``ws``; see the module docstring."""
    if not isinstance(backup, Backup):
        backup = Backup.load(backup)
    if where is not None and not (callable(where) or isinstance(where, str)):
        raise InputError("where must be a function of a record or a pandas query string", field="where")
    _check_target(ws, backup, allow_other_target)
    items = _select(backup, _items(backup), ids, where)
    journal = _Journal(backup.journal_path)
    result = RestoreResult(ws.target_label, backup.path, str(journal.path) if journal.path else None)
    from tqdm.auto import tqdm

    bar = tqdm(total=len(items), desc=f"restore -> {result.target}", unit="row", disable=not progress or not items)
    attempted: dict[str, set[str]] = {}
    for it in items:
        attempted.setdefault(it.family, set()).add(str(it.old_id))
    try:
        for fam in dict.fromkeys(it.family for it in items):
            group = [it for it in items if it.family == fam]
            _restore_family(ws, rules_for(fam), group, result, journal, attempted, concurrency, bar.update)
    finally:
        bar.close()
    result.rows = [it.row for it in items]
    result.rows += _dependant_rows(ws, backup, items, result)
    return result


def _restore_family(
    ws: Workspace,
    rules: RestoreRules,
    items: list[_Item],
    result: RestoreResult,
    journal: _Journal,
    attempted: dict[str, set[str]],
    concurrency: int | None,
    tick: Callable[[int], None],
) -> None:
    id_map = result.id_map.setdefault(rules.family, {})
    todo: list[_Item] = []
    pending: list[_Item] = []
    for it in items:
        lost = "; ".join([*rules.lost, *rules.row_lost(it.record)])
        it.row = {"family": rules.family, "old_id": it.old_id, "new_id": None, "role": "entity", "of": None}
        it.row.update(status="", detail="", lost=lost)
        key = (rules.family, str(it.old_id))
        if key in journal.done:
            id_map[it.old_id] = journal.done[key]
            it.row.update(new_id=journal.done[key], status="already restored", detail="restored before (journal)")
            tick(1)
            continue
        it.fields = rules.fields(it.record)
        missing = _remap(it.fields, rules, result.id_map, attempted)
        if missing:
            it.row.update(status="error", detail=missing)
            tick(1)
            continue
        (pending if key in journal.pending else todo).append(it)
    if pending:  # an intent without an outcome (a restore was cut short): look before creating again
        mapped = {str(v) for v in journal.done.values()}
        left = _read_back(
            ws,
            rules,
            [(it, "unknown", "an earlier restore was interrupted") for it in pending],
            mapped,
            result,
            journal,
        )
        retry = [it for it, _, _ in left if it.row["status"] == "error"]  # read back and absent: create it
        tick(len(pending) - len(retry))
        todo += retry
    if not todo:
        return
    try:  # what exists already is never mistaken for something this restore made
        before = {str(r.get(rules.id_key)) for r in _list(rules)(ws)}
    except MpnbError as exc:
        for it in todo:
            it.row.update(status="error", detail=f"could not list {rules.family} first ({exc}); nothing was sent")
        tick(len(todo))
        return
    for it in todo:
        journal.write("intent", rules.family, it.old_id)
    done = run_concurrently(lambda it: rules.create(ws, it.fields), todo, concurrency=concurrency, progress=tick)
    failed: list[tuple[_Item, str, str]] = []
    for it, o in zip(todo, done):
        new = o.result if isinstance(o.result, dict) else None
        if o.status == "ok" and new is not None and new.get(rules.id_key) is not None:
            id_map[it.old_id] = new[rules.id_key]
            journal.write("done", rules.family, it.old_id, new[rules.id_key])
            it.row.update(new_id=new[rules.id_key], status="ok", detail="recreated")
        else:
            failed.append((it, o.status if o.status != "ok" else "unknown", o.error or "no id in the answer"))
    if failed:
        _read_back(ws, rules, failed, before, result, journal)


def _list(rules: RestoreRules) -> Callable[[Workspace], list[dict[str, Any]]]:
    if rules.list_raw is None:
        raise InputError(f"{rules.family} cannot be listed, so it cannot be restored safely", field="family")
    return rules.list_raw


def _remap(
    fields: dict[str, Any], rules: RestoreRules, id_map: dict[str, dict[Any, Any]], attempted: dict[str, set[str]]
) -> str:
    """Rewrite references to entities this restore recreated; a reference to one it failed is a problem."""
    for key, fam in rules.references:
        ref = fields.get(key)
        if ref is None:
            continue
        made = id_map.get(fam, {})
        if ref in made:
            fields[key] = made[ref]
        elif str(ref) in attempted.get(fam, set()):
            return f"its {key} {ref} was not restored"
    return ""


def _read_back(
    ws: Workspace,
    rules: RestoreRules,
    failed: list[tuple[_Item, str, str]],
    exclude: set[str],
    result: RestoreResult,
    journal: _Journal,
) -> list[tuple[_Item, str, str]]:
    """One list call after failures: a row whose entity is there becomes ``ok``/``partial``, never
    ``error``. Returns the rows not found (status ``error``/``unknown`` set, detail saying what to check)."""
    id_map = result.id_map.setdefault(rules.family, {})
    try:
        now = _list(rules)(ws)
    except MpnbError as exc:
        for it, _, error in failed:
            why = " ".join(str(exc).split())
            it.row.update(
                status="unknown",
                detail=f"{error}; could not read back ({why}): check ws.{rules.family} before restoring again",
            )
        return failed
    taken = exclude | {str(v) for v in id_map.values()}
    fresh = [r for r in now if str(r.get(rules.id_key)) not in taken]
    left = []
    for it, status, error in failed:
        want = tuple(it.fields.get(k) for k in rules.natural_key)
        hits = [r for r in fresh if rules.key_of(r) == want]  # an identical twin may have been there before:
        hit = max(hits, key=lambda r: str(r.get("created") or "")) if hits else None  # the newest is ours
        if hit is None:  # read back and absent: it was not created, whatever the failure said
            detail = f"not created ({error}); no {rules.family} with {dict(zip(rules.natural_key, want))} on the server"
            it.row.update(status="error", detail=detail)
            left.append((it, status, error))
            continue
        fresh.remove(hit)
        new_id = hit[rules.id_key]
        id_map[it.old_id] = new_id
        journal.write("done", rules.family, it.old_id, new_id)
        missing = rules.finish(ws, it.record, hit) if rules.finish is not None else ""
        it.row.update(
            new_id=new_id,
            status="partial" if missing else "ok",
            detail=f"recreated (found on the server after: {error})" + (f"; {missing}" if missing else ""),
        )
    return left


def _dependant_rows(ws: Workspace, backup: Backup, items: list[_Item], result: RestoreResult) -> list[dict[str, Any]]:
    """One row per dependant restore did not recreate itself: re-linked, placed back, or listed."""
    restored = {(it.family, str(it.old_id)) for it in items}
    owners = {(it.family, str(it.old_id)): it.row for it in items}
    rows = []
    for d in backup.dependants:
        key = (str(d.get("family")), str(d.get("id")))
        if key in restored:
            continue
        owner = owners.get((str(d.get("of_family")), str(d.get("of_id"))))
        if owner is None and d.get("of_id") is not None:
            continue  # its owner was not selected
        row = {"family": d.get("family"), "old_id": d.get("id"), "new_id": None, "role": "dependant", "lost": ""}
        row["of"] = (d.get("of_family"), d.get("of_id"))  # the entity it goes with
        what = f"{d.get('relation')} {d.get('of_family')} {d.get('of_id')}"
        rules = RULES.get(str(d.get("of_family")))
        if owner is not None and owner["status"] not in ("ok", "partial", "already restored"):
            row.update(status="not restored", detail=f"{what}: its {d.get('of_family')} was not restored")
        elif owner is not None and rules is not None and rules.relink is not None:  # idempotent: re-runs retry it
            problem = rules.relink(ws, d, owner["new_id"])
            row.update(
                new_id=d.get("id"), status="error" if problem else "ok", detail=problem or f"{what}: {d.get('restore')}"
            )
        elif d.get("with_owner") and owner is not None:  # e.g. a card: back with its report, or as partly
            row.update(status=owner["status"], detail=f"{what}: {d.get('restore')}")
        else:
            row.update(status="listed", detail=f"{what}: {d.get('effect')}; {d.get('restore')}")
        rows.append(row)
    return rows
