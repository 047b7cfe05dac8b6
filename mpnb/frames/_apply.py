"""Apply a plan: bulk endpoints where Mixpanel has them, bounded concurrency elsewhere, one result per row.

Order: the re-check (rows the server changed since the plan's read are held back as conflicts), creates
(journaled first), updates, then deletes (backed up first, from the re-check's read, through the one delete path).
A failing row never stops the others, and every planned entity gets a result row, always. After an
ambiguous failure the row is read back and reported as it is: ``ok``, ``partial`` (what landed and what
did not), ``error`` (not done), or ``unknown`` (with what to check). A create that failed ambiguously is
found by its natural key. After the apply the Workspace's snapshot holds what was written, so a re-plan
of the same frame sends only what still differs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pandas as pd

from mpnb._bulk import Interrupted, RowOutcome, run_concurrently
from mpnb.errors import APIError, InputError, MpnbError, OutcomeUnknownError
from mpnb.frames._journal import write_journal
from mpnb.frames._readback import read_back_creates, read_back_deletes, read_back_updates
from mpnb.frames._recheck import recheck
from mpnb.frames._snapshot import forget_deleted, remember_created, remember_updates

if TYPE_CHECKING:
    from mpnb._workspace import Workspace
    from mpnb.frames._plandata import PlanData as Plan

__all__ = ["RESULT_COLUMNS", "apply_plan"]

RESULT_COLUMNS = ["id", "action", "status", "error"]
Tick = Callable[[int], None]


@contextmanager
def _progress(ws: Workspace, total: int, desc: str, enabled: bool) -> Iterator[Tick]:
    """A tqdm.auto bar; the HTTP layer's waits (pacing, 429 Retry-After) show on it as they happen.
    Without a bar (``progress=False``, nothing to send) tqdm is not even imported (20 ms cold)."""
    if not enabled or total == 0:
        yield lambda n: None
        return
    from tqdm.auto import tqdm

    bar = tqdm(total=total, desc=desc, unit="row", leave=True)

    def waiting(kind: str, seconds: float) -> None:
        text = "pacing (max requests/minute)" if kind == "pacing" else f"waiting {seconds:.1f}s ({kind})"
        bar.set_postfix_str(text, refresh=kind != "pacing")

    stop = ws.on_wait(waiting)
    try:
        yield bar.update
    finally:
        stop()
        bar.close()


def apply_plan(
    plan: Plan,
    *,
    confirm: bool,
    batch_size: int | None,
    concurrency: int | None,
    progress: bool,
    allow_mass_delete: bool = False,
) -> pd.DataFrame:
    ws, spec = plan.ws, plan.spec
    if plan.applied:
        raise InputError("this plan was applied already; make a new one with ws.<family>.plan(df)", field="plan")
    if ws.target.is_real and not confirm:
        raise InputError(f"applying this plan changes real data on {plan.target}; pass confirm=True", field="confirm")
    if plan.mass_delete and not allow_mass_delete:
        n = plan.counts()["delete"]
        raise InputError(
            f"this plan deletes {n} of {plan.family_size} {spec.name}; nothing was sent. Check the plan, then "
            "pass allow_mass_delete=True to apply it",
            field="allow_mass_delete",
        )
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
    for pos, rid in plan.already_created.items():
        rows.append(_row(rid, "create", "ok", f"row {pos} was created by an earlier apply; not sent again"))
    rows += recheck(plan)  # rows the server changed since the plan's read are held back, never overwritten
    total = len(plan.creates) + len(plan.updates) + len(plan.deletes)
    phases: list[tuple[str, int, Callable[[Tick], list[dict[str, Any]]]]] = [
        ("create", len(plan.creates), lambda tick: _creates(plan, concurrency, tick)),
        ("update", len(plan.updates), lambda tick: _updates(plan, batch_size, concurrency, tick)),
        ("delete", len(plan.deletes), lambda tick: _deletes(plan, batch_size, concurrency, tick)),
    ]
    first = len(rows)  # rows before it are settled without a request (conflicts, invalid, created before)
    with _progress(ws, total, f"{spec.name} -> {plan.target}", progress) as tick:
        for n, (action, _, run) in enumerate(phases):
            try:
                rows += _phase(plan, action, functools.partial(run, tick))
            except Interrupted as stop:  # Ctrl-C: count the phases before (settled) and after (not sent)
                stop.before.update(str(r["status"]) for r in rows[first:])
                stop.not_started = sum(size for _, size, _ in phases[n + 1 :])
                raise
    out: pd.DataFrame = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    out["id"] = pd.array([r["id"] for r in rows], dtype="Int64" if spec.id_type is int else "string")
    out.attrs["mpnb_family"], out.attrs["mpnb_target"] = spec.name, plan.target
    return out


def _phase(plan: Plan, action: str, run: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One phase's rows; if the phase itself fails, each of its entities still gets an ``unknown`` row."""
    try:
        return run()
    except (MpnbError, OSError) as exc:
        why = f"the apply stopped ({type(exc).__name__}: {' '.join(str(exc).split())}); re-plan to see what is left"
        if action == "create":
            return [_row(None, "create", "unknown", f"row {c.row}: {why}") for c in plan.creates]
        if action == "update":
            return [_row(rid, "update", "unknown", why) for rid in plan.updates]
        return [_row(d.id, d.action, "unknown", why) for d in plan.deletes]


def _row(rid: Any, action: str, status: str, error: str | None = None) -> dict[str, Any]:
    return {"id": rid, "action": action, "status": status, "error": error}


def ambiguous(o: RowOutcome, *, refusals: bool = True) -> bool:
    """The request may have taken effect: outcome unknown, rate limit or server error after retries, or
    (``refusals``) a 400/404, which is also what a retry of a delete that landed gets."""
    if o.status == "ok":
        return False
    if o.status == "unknown" or isinstance(o.exc, OutcomeUnknownError):
        return True
    if isinstance(o.exc, APIError) and o.exc.status is not None:
        return o.exc.status == 429 or o.exc.status >= 500 or (refusals and o.exc.status in (400, 404))
    return isinstance(o.exc, MpnbError)


# -- updates ---------------------------------------------------------------------------------------------
def _updates(plan: Plan, batch_size: int | None, concurrency: int | None, tick: Tick) -> list[dict[str, Any]]:
    ws, spec = plan.ws, plan.spec
    records = ws.records(spec.name)
    bulk = spec.bulk_field_set if records.can_bulk_update else frozenset()
    items = list(plan.updates.items())
    in_bulk = [(rid, ch) for rid, ch in items if bulk and set(ch) <= bulk]
    single = [(rid, ch) for rid, ch in items if not (bulk and set(ch) <= bulk)]
    outcomes: list[tuple[Any, dict[str, Any], RowOutcome]] = []
    if in_bulk:
        entry = records.family_entry.bulk_entry
        entries = [entry(rid, ch, plan.fresh.get(rid)) for rid, ch in in_bulk]
        done = records.bulk_update(entries, batch_size=batch_size, progress=tick)
        outcomes += [(rid, ch, o) for (rid, ch), o in zip(in_bulk, done)]
    if single:
        done = run_concurrently(
            lambda item: spec.send_update(ws, item[0], item[1], plan.fresh.get(item[0])),
            single,
            concurrency=concurrency or plan.concurrency,
            progress=tick,
        )
        outcomes += [(rid, ch, o) for (rid, ch), o in zip(single, done)]
    statuses = read_back_updates(plan, [(rid, ch, o) for rid, ch, o in outcomes if o.status != "ok" and ambiguous(o)])
    rows = []
    written: list[tuple[Any, dict[str, Any], Any]] = []
    for rid, changes, o in outcomes:
        status, error = statuses.get(rid, (o.status, o.error))
        rows.append(_row(rid, "update", status, error))
        if status == "ok":
            written.append((rid, changes, o.result))
    remember_updates(ws, spec, written)
    return rows


# -- deletes ---------------------------------------------------------------------------------------------
def _deletes(plan: Plan, batch_size: int | None, concurrency: int | None, tick: Tick) -> list[dict[str, Any]]:
    ws, spec = plan.ws, plan.spec
    records = ws.records(spec.name)
    rows = [_row(rid, "delete", "ok", "already absent on the server") for rid in plan.gone]
    archives = [d for d in plan.deletes if d.action == "archive"]
    deletes = [d for d in plan.deletes if d.action == "delete"]
    if archives:
        archive = spec.archive
        assert archive is not None
        done = run_concurrently(lambda d: archive(ws, d.id), archives, concurrency=concurrency, progress=tick)
        rows += [_row(d.id, "archive", o.status, o.error) for d, o in zip(archives, done)]
    if not deletes:
        return rows
    ids = [d.id for d in deletes]
    outcomes: list[RowOutcome] = []

    def send() -> None:
        if records.can_bulk_delete:
            outcomes.extend(records.bulk_delete(ids, batch_size=batch_size, progress=tick))
        else:
            outcomes.extend(run_concurrently(records.delete, ids, concurrency=concurrency, progress=tick))

    try:  # the backup holds what goes with the delete as the graph sees it now, not at plan time
        backup = records.delete_with_backup(ids, [d.record for d in deletes], send)
    except (MpnbError, OSError) as exc:
        if not outcomes:  # the backup failed (or refused): nothing was deleted
            return rows + [_row(i, "delete", "error", f"not deleted: {type(exc).__name__}: {exc}") for i in ids]
        raise
    statuses = read_back_deletes(plan, [(i, o) for i, o in zip(ids, outcomes) if o.status != "ok"])
    result = []
    for i, o in zip(ids, outcomes):
        status, error = statuses.get(i, (o.status, o.error))
        result.append(_row(i, "delete", status, error))
    forget_deleted(ws, spec, [r["id"] for r in result if r["status"] == "ok"], backup.cascades)
    return rows + result


# -- creates ---------------------------------------------------------------------------------------------
def _creates(plan: Plan, concurrency: int | None, tick: Tick) -> list[dict[str, Any]]:
    ws, spec = plan.ws, plan.spec
    if not plan.creates:
        return []
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    write_journal(
        ws,
        spec.name,
        [
            {
                "at": stamp,
                "target": plan.target,
                "event": "intent",
                "row": c.row,
                "natural_key": c.natural_key,
                "fields": c.fields,
            }
            for c in plan.creates
        ],
    )
    try:
        done = run_concurrently(
            lambda c: spec.create(ws, c.fields), plan.creates, concurrency=concurrency, progress=tick
        )
    except Interrupted as stop:  # journal the creates that landed; the rest are looked up again by a re-plan
        landed = [(c, o.result) for c, o in zip(plan.creates, stop.outcomes) if o.status == "ok"]
        write_journal(
            ws,
            spec.name,
            [
                {"at": stamp, "target": plan.target, "event": "outcome", "row": c.row, "natural_key": c.natural_key}
                | {"status": "ok", "id": made.get(spec.id_key) if isinstance(made, dict) else None}
                for c, made in landed
            ],
        )
        raise
    made: dict[int, Any] = {}
    landed_records: list[dict[str, Any]] = []
    for c, o in zip(plan.creates, done):
        if o.status == "ok" and isinstance(o.result, dict):
            made[c.row] = o.result.get(spec.id_key)
            landed_records.append(o.result)
    if landed_records:  # one frame for all of them (one a row cost 10 ms each: most of 1,000 creates' time)
        remember_created(ws, spec, landed_records)
    failed = [(c, o) for c, o in zip(plan.creates, done) if c.row not in made and ambiguous(o, refusals=False)]
    statuses = read_back_creates(plan, failed, set(made.values()))
    rows: list[dict[str, Any]] = []
    for c, o in zip(plan.creates, done):
        if c.row in made:
            rows.append(_row(made[c.row], "create", "ok"))
        elif c.row in statuses:
            rid, status, error = statuses[c.row]
            rows.append(_row(rid, "create", status, error))
        else:
            rows.append(_row(None, "create", o.status, f"row {c.row}: {o.error}"))
    write_journal(
        ws,
        spec.name,
        [
            {"at": stamp, "target": plan.target, "event": "outcome", "row": c.row, "natural_key": c.natural_key, **r}
            for c, r in zip(plan.creates, rows)
        ],
    )
    return rows
