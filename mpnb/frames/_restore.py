"""``ws.restore(backup)``: recreate a backup's entities, generically, from each family's rules (mpnb/restore).

Families restore in the registry's creation order (boards before reports before alerts); each family's
declared references to entities recreated earlier are rewritten old -> new. Within a family, creates run on
a bounded thread pool (Mixpanel has no bulk create) and are journaled next to the backup
(``_restore_family``), so a re-run recreates nothing twice. What the delete left dangling (a flag naming a
deleted experiment, a report filtered by a deleted cohort) is pointed at the recreated entity by id, never
by name (``_restore_dependants``). Row statuses: ``ok``, ``partial``, ``error``, ``unknown``, ``ambiguous``,
``already restored``; for dependants also ``listed`` and ``not restored``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from mpnb._backup import Backup
from mpnb._families import REGISTRY
from mpnb.errors import InputError
from mpnb.frames._restore_dependants import dependant_rows
from mpnb.frames._restore_family import Item, restore_family
from mpnb.frames._restore_journal import RestoreJournal
from mpnb.restore import RULES, rules_for

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


def _recreated(d: dict[str, Any]) -> bool:
    """A dependant restore recreates from its record: one the delete took with the rows. (A backup written
    before dependants said how they were touched recreates every dependant it holds a record of.)"""
    return isinstance(d.get("record"), dict) and d.get("family") in RULES and d.get("on_delete", "cascade") == "cascade"


def _items(backup: Backup) -> list[Item]:
    own = REGISTRY.get(backup.family)
    out = [Item(own.name, r, own.id_of(r)) for r in backup.records]
    for fam, records in backup.cascades.items():
        out += [Item(fam, r, REGISTRY.get(fam).id_of(r)) for r in records]
    out += [Item(d["family"], d["record"], d.get("id")) for d in backup.dependants if _recreated(d)]
    seen: set[tuple[str, str]] = set()
    unique = []
    for it in out:  # a record both cascaded and listed as a dependant restores once
        key = (it.family, str(it.old_id))
        if key not in seen:
            seen.add(key)
            unique.append(it)
    order = {f.name: i for i, f in enumerate(REGISTRY.creation_order())}
    return sorted(unique, key=lambda it: order.get(it.family, len(order)))


def _select(backup: Backup, items: list[Item], ids: Iterable[Any] | None, where: Where | None) -> list[Item]:
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
        refs = [(r.target, str(v)) for r in REGISTRY.get(it.family).references for v in r.find(it.record)]
        if key in picked or dep_owner.get(key) in picked or any(r in picked for r in refs):
            picked.add(key)
            out.append(it)
    return out


def _where_ids(where: Where, main: list[Item]) -> set[str]:
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
    journal = RestoreJournal(backup.journal_path)
    result = RestoreResult(ws.target_label, backup.path, str(journal.path) if journal.path else None)
    from tqdm.auto import tqdm

    bar = tqdm(total=len(items), desc=f"restore -> {result.target}", unit="row", disable=not progress or not items)
    attempted: dict[str, set[str]] = {}
    for it in items:
        attempted.setdefault(it.family, set()).add(str(it.old_id))
    try:
        for fam in dict.fromkeys(it.family for it in items):
            group = [it for it in items if it.family == fam]
            restore_family(ws, rules_for(fam), group, result.id_map, journal, attempted, concurrency, bar.update)
    finally:
        bar.close()
    result.rows = [it.row for it in items]
    result.rows += dependant_rows(ws, backup, items, result.id_map)
    return result
