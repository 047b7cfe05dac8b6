"""Apply a plan: bulk endpoints where Mixpanel has them, bounded concurrency elsewhere, one result per row.

Order: creates (journaled first), updates, then deletes (backed up first through the one delete path).
A failing row never stops the others. A create that fails ambiguously is matched by its natural key after
one more list call; a row that matches nothing is reported ``unknown``, never re-sent. After the apply the
Workspace's snapshot holds what was written, so a re-plan of the same frame sends only what still differs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pandas as pd

from mpnb._bulk import RowOutcome, run_concurrently, send_batches
from mpnb.errors import InputError, MpnbError
from mpnb.frames._compare import same
from mpnb.frames._frame import build_frame
from mpnb.frames._state import fingerprint, state_of

if TYPE_CHECKING:
    from mpnb._workspace import Workspace
    from mpnb.frames._plan import Plan

__all__ = ["RESULT_COLUMNS", "apply_plan"]

RESULT_COLUMNS = ["id", "action", "status", "error"]


@contextmanager
def _progress(ws: Workspace, total: int, desc: str, enabled: bool) -> Iterator[Callable[[int], None]]:
    """A tqdm.auto bar; the HTTP layer's waits (limiter, 429 Retry-After) show on it as they happen."""
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc=desc, unit="row", disable=not enabled or total == 0, leave=True)
    http = ws._http
    sleep, limiter_sleep = http._sleep, http._limiter._sleep

    def waiting(seconds: float) -> None:
        bar.set_postfix_str(f"waiting {seconds:.1f}s (rate limit)", refresh=True)
        sleep(seconds)
        bar.set_postfix_str("", refresh=False)

    def limited(seconds: float) -> None:
        bar.set_postfix_str("pacing (max requests/minute)", refresh=False)
        limiter_sleep(seconds)

    http._sleep, http._limiter._sleep = waiting, limited
    try:
        yield bar.update
    finally:
        http._sleep, http._limiter._sleep = sleep, limiter_sleep
        bar.close()


def apply_plan(
    plan: Plan, *, confirm: bool, batch_size: int | None, concurrency: int | None, progress: bool
) -> pd.DataFrame:
    ws, spec = plan.ws, plan.spec
    if plan.applied:
        raise InputError("this plan was applied already; make a new one with ws.<family>.plan(df)", field="plan")
    if ws.target.is_real and not confirm:
        raise InputError(f"applying this plan changes real data on {plan.target}; pass confirm=True", field="confirm")
    plan.applied = True
    rows: list[dict[str, Any]] = []
    for rid in plan.conflict_ids:
        if rid not in plan.updates:
            rows.append(_row(rid, "update", "conflict", "the server changed since the frame was read; not sent"))
    for rid, msg in plan.invalid.items():
        if isinstance(rid, str) and rid.startswith("new row "):
            rows.append(_row(None, "create", "error", f"{rid}: {msg}"))
        else:
            rows.append(_row(rid, "update", "error", msg))
    total = len(plan.creates) + len(plan.updates) + len(plan.deletes)
    with _progress(ws, total, f"{spec.name} -> {plan.target}", progress) as tick:
        rows += _creates(plan, concurrency, tick)
        rows += _updates(plan, batch_size, concurrency, tick)
        rows += _deletes(plan, batch_size, concurrency, tick)
    out: pd.DataFrame = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    out["id"] = pd.array([r["id"] for r in rows], dtype="Int64" if spec.id_type is int else "string")
    out.attrs["mpnb_family"], out.attrs["mpnb_target"] = spec.name, plan.target
    return out


def _row(rid: Any, action: str, status: str, error: str | None = None) -> dict[str, Any]:
    return {"id": rid, "action": action, "status": status, "error": error}


# -- updates ---------------------------------------------------------------------------------------------
def _updates(
    plan: Plan, batch_size: int | None, concurrency: int | None, tick: Callable[[int], None]
) -> list[dict[str, Any]]:
    ws, spec = plan.ws, plan.spec
    bulk = spec.bulk_fields()
    items = list(plan.updates.items())
    in_bulk = [(rid, ch) for rid, ch in items if bulk and spec.bulk_update_key and set(ch) <= bulk]
    single = [(rid, ch) for rid, ch in items if not (bulk and spec.bulk_update_key and set(ch) <= bulk)]
    outcomes: list[tuple[Any, dict[str, Any], RowOutcome]] = []
    if in_bulk:
        assert spec.bulk_update_key is not None
        entries = [dict(spec.update_body(ch), id=rid) for rid, ch in in_bulk]
        done = send_batches(
            ws._http, spec.attr("OPS").BULK_UPDATE, spec.bulk_update_key, entries, batch_size=batch_size, progress=tick
        )
        outcomes += [(rid, ch, o) for (rid, ch), o in zip(in_bulk, done)]
    if single:
        assert spec.update is not None
        update = spec.update
        done = run_concurrently(
            lambda item: update(ws, item[0], spec.update_body(item[1]), plan.fresh.get(item[0])),
            single,
            concurrency=concurrency,
            progress=tick,
        )
        outcomes += [(rid, ch, o) for (rid, ch), o in zip(single, done)]
    state = state_of(ws, spec.name)
    aliases = spec.aliases()
    rows = []
    written: list[tuple[Any, dict[str, Any]]] = []
    for rid, changes, o in outcomes:
        rows.append(_row(rid, "update", o.status, o.error))
        if o.status != "ok":
            continue
        written.append((rid, changes))
        rec = state.raw.setdefault(rid, {})
        if spec.update_returns_record and isinstance(o.result, dict) and o.result.get(aliases.get("id", "id")) == rid:
            rec.clear()
            rec.update(o.result)
            state.own_writes.discard(rid)
        else:
            rec.update({aliases.get(f, f): v for f, v in changes.items()})
            state.own_writes.add(rid)
        for f, v in changes.items():
            if f in state.prints:
                state.prints[f][rid] = fingerprint(v)
    _set_base(state.base, written)
    return rows


def _set_base(base: pd.DataFrame | None, written: list[tuple[Any, dict[str, Any]]]) -> None:
    """Write the sent values into the snapshot's frame, one column at a time (a cell at a time through
    ``.at`` cost 30 us per cell: 2,000 edits took longer than their bulk request)."""
    if base is None or not written:
        return
    by_field: dict[str, tuple[list[Any], list[Any]]] = {}
    for rid, changes in written:
        for f, v in changes.items():
            if f in base.columns:
                rids, vals = by_field.setdefault(f, ([], []))
                rids.append(rid)
                vals.append(v)
    for f, (rids, vals) in by_field.items():
        pos = base.index.get_indexer(pd.Index(rids))
        found = pos >= 0
        if not found.all():
            pos = pos[found]
            vals = [v for v, ok in zip(vals, found) if ok]
        if not len(pos):
            continue
        col = base[f]
        if col.dtype != object:
            arr = col.array.copy()
            try:
                arr[pos] = vals
            except (ValueError, TypeError):
                pass  # a value the column's dtype cannot hold: the column becomes object, as .at did
            else:
                base[f] = arr
                continue
        out = col.to_numpy(dtype=object, copy=True)
        for p, v in zip(pos, vals):
            out[p] = v  # one by one: a list or dict is one cell, never spread
        base[f] = out


# -- deletes ---------------------------------------------------------------------------------------------
def _deletes(
    plan: Plan, batch_size: int | None, concurrency: int | None, tick: Callable[[int], None]
) -> list[dict[str, Any]]:
    ws, spec = plan.ws, plan.spec
    rows = [_row(rid, "delete", "ok", "already absent on the server") for rid in plan.gone]
    archives = [d for d in plan.deletes if d.action == "archive"]
    deletes = [d for d in plan.deletes if d.action == "delete"]
    if archives:
        assert spec.archive is not None
        archive = spec.archive
        done = run_concurrently(lambda d: archive(ws, d.id), archives, concurrency=concurrency, progress=tick)
        rows += [_row(d.id, "archive", o.status, o.error) for d, o in zip(archives, done)]
    if not deletes:
        return rows
    ids = [d.id for d in deletes]
    outcomes: list[RowOutcome] = []

    def send() -> None:
        if spec.bulk_delete_key:
            op = spec.attr("OPS").BULK_DELETE
            outcomes.extend(send_batches(ws._http, op, spec.bulk_delete_key, ids, batch_size=batch_size, progress=tick))
        else:
            assert spec.delete_one is not None
            delete_one = spec.delete_one
            outcomes.extend(run_concurrently(lambda i: delete_one(ws, i), ids, concurrency=concurrency, progress=tick))

    try:
        ws._delete(spec.name, ids, [d.record for d in deletes], send, cascades=plan.cascades)
    except (MpnbError, OSError) as exc:
        if not outcomes:  # the backup failed (or refused): nothing was deleted
            return rows + [_row(i, "delete", "error", f"not deleted: {type(exc).__name__}: {exc}") for i in ids]
        raise
    state = state_of(ws, spec.name)
    gone = [i for i, o in zip(ids, outcomes) if o.status == "ok"]
    state.forget(gone)
    for fam, records in plan.cascades.items():
        state_of(ws, fam).forget([r.get("id") for r in records])
    return rows + [_row(i, "delete", o.status, o.error) for i, o in zip(ids, outcomes)]


# -- creates ---------------------------------------------------------------------------------------------
def _journal(ws: Workspace, family: str, lines: list[dict[str, Any]]) -> None:
    """Append create intents (before sending) and outcomes to the journal next to the backups."""
    if not ws._backups.enabled:
        return
    folder = ws._backups.folder / "journal"
    folder.mkdir(parents=True, exist_ok=True)
    day = datetime.now(timezone.utc).strftime("%Y%m%d")
    with (folder / f"{day}-{family}-creates.jsonl").open("a", encoding="utf-8") as fh:
        for line in lines:
            fh.write(json.dumps(line, default=str, separators=(",", ":")) + "\n")


def _creates(plan: Plan, concurrency: int | None, tick: Callable[[int], None]) -> list[dict[str, Any]]:
    ws, spec = plan.ws, plan.spec
    if not plan.creates:
        return []
    assert spec.create is not None
    create = spec.create
    state = state_of(ws, spec.name)
    aliases = spec.aliases()
    id_key = aliases.get("id", "id")
    known_before = set(state.raw)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    _journal(
        ws,
        spec.name,
        [
            {"at": stamp, "event": "intent", "row": c.row, "natural_key": c.natural_key, "fields": c.fields}
            for c in plan.creates
        ],
    )
    done = run_concurrently(lambda c: create(ws, c.fields), plan.creates, concurrency=concurrency, progress=tick)
    rows: list[dict[str, Any]] = []
    made: dict[int, Any] = {}
    for c, o in zip(plan.creates, done):
        if o.status == "ok" and isinstance(o.result, dict):
            made[c.row] = o.result.get(id_key)
            _remember(ws, spec, [o.result])
    unknown = [(c, o) for c, o in zip(plan.creates, done) if o.status == "unknown"]
    matched: dict[int, Any] = {}
    if unknown:
        taken = set(made.values()) | known_before
        records = [r for r in spec.list_raw(ws) if r.get(id_key) not in taken]
        for c, _ in unknown:
            hits = [
                r
                for r in records
                if all(same(r.get(aliases.get(k, k)), v) for k, v in zip(spec.natural_key, c.natural_key))
            ]
            if len(hits) == 1:
                matched[c.row] = hits[0].get(id_key)
                records.remove(hits[0])
                _remember(ws, spec, [hits[0]])
    for c, o in zip(plan.creates, done):
        if c.row in made:
            rows.append(_row(made[c.row], "create", "ok"))
        elif c.row in matched:
            rows.append(_row(matched[c.row], "create", "ok", "outcome was unknown; found it by its natural key"))
        elif o.status == "unknown":
            rows.append(
                _row(None, "create", "unknown", f"{o.error}; no {spec.name} matches {c.natural_key}; not re-sent")
            )
        else:
            rows.append(_row(None, "create", o.status, o.error))
    _journal(ws, spec.name, [{"at": stamp, "event": "outcome", "row": c.row, **r} for c, r in zip(plan.creates, rows)])
    return rows


def _remember(ws: Workspace, spec: Any, records: list[dict[str, Any]]) -> None:
    state = state_of(ws, spec.name)
    frame = build_frame(
        spec,
        records,
        target=state.base.attrs.get("mpnb_target", "") if state.base is not None else "",
    )
    state.remember(records, frame, spec.aliases().get("id", "id"))
