"""Bulk mechanics shared by the seed's bulk calls and frame applies: batches and bounded concurrency.

``send_batches`` posts items in batches of ``batch_size`` to a bulk endpoint; a batch the server refuses as
too large (413) is halved and re-sent, and a batch it rejects as a whole (400/404/422: Mixpanel's bulk calls
are all-or-nothing) is bisected so the one bad row is named and the others still land. ``run_concurrently``
runs one call per item on a bounded thread pool over the shared, thread-safe httpx client. Neither raises
for a single row: each returns one ``RowOutcome`` per item, in order.

Ctrl-C (``KeyboardInterrupt``, in a shell or a notebook) during ``run_concurrently`` stops it from sending:
rows not yet started are never sent, the requests in flight are waited for (about one request's time; a
second Ctrl-C stops waiting), and ``Interrupted`` is raised with every row's true outcome (``ok``, ``error``,
``unknown`` = sent without an answer, ``not_sent``), so a re-run can send only what is left.
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass
from typing import Any, TypeVar

from mpnb._http import Http, Op
from mpnb.errors import APIError, MpnbError, OutcomeUnknownError

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_CONCURRENCY",
    "NOT_SENT",
    "Interrupted",
    "RowOutcome",
    "chunked",
    "run_concurrently",
    "send_batches",
]

T = TypeVar("T")
DEFAULT_BATCH_SIZE = 2000  # large: a body the server refuses as too large is split (413)
DEFAULT_CONCURRENCY = 8
_WHOLE_BATCH_REJECTED = (400, 404, 422)
_CONFIRMED = "confirmed by a read-back after the answer failed"


@dataclass
class RowOutcome:
    """What happened to one item: ``ok``, ``error`` or ``unknown`` (the server may have acted)."""

    status: str = "ok"
    error: str | None = None
    result: Any = None
    exc: BaseException | None = None


NOT_SENT = "not_sent"
_NO_ANSWER = "sent when interrupted; no answer was awaited"


class Interrupted(KeyboardInterrupt):
    """Ctrl-C stopped a run of many requests: ``outcomes`` holds each item's true state, in order.

    It is a ``KeyboardInterrupt``, so code that stops on Ctrl-C still stops. ``counts`` adds up the rows:
    ``ok`` (done), ``error`` (refused), ``unknown`` (sent, no answer), ``not_sent``. ``before`` and
    ``not_started`` let a caller with several phases add the rows of the phases around this one.
    """

    def __init__(self, outcomes: list[RowOutcome]) -> None:
        self.outcomes = outcomes
        self.before: Counter[str] = Counter()
        self.not_started = 0
        super().__init__()

    @property
    def counts(self) -> dict[str, int]:
        """Rows by state: ``ok``, ``error``, ``unknown``, ``not_sent`` (phases around this one included)."""
        c = Counter(o.status for o in self.outcomes) + self.before
        c[NOT_SENT] += self.not_started
        return {k: c.get(k, 0) for k in ("ok", "error", "unknown", NOT_SENT)}

    def __str__(self) -> str:
        c = self.counts
        return (
            f"interrupted: {c['ok']} done, {c['error']} refused, {c['unknown']} sent without an answer, "
            f"{c[NOT_SENT]} not sent; plan again to send only what is left"
        )


def chunked(items: Sequence[T], size: int) -> Iterator[list[T]]:
    """``items`` in consecutive lists of at most ``size``."""
    if size < 1:
        raise ValueError(f"batch size must be at least 1, got {size}")
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _failure(exc: BaseException) -> RowOutcome:
    status = "unknown" if isinstance(exc, OutcomeUnknownError) else "error"
    return RowOutcome(status, " ".join(str(exc).split()), exc=exc)


def _read_back(took_effect: Callable[[list[Any]], set[int]] | None, batch: list[Any]) -> set[int]:
    if took_effect is None:
        return set()
    try:
        return {i for i in took_effect(batch) if 0 <= i < len(batch)}
    except MpnbError:
        return set()


def send_batches(
    http: Http,
    op: Op,
    key: str,
    items: Sequence[Any],
    *,
    batch_size: int | None = None,
    progress: Callable[[int], None] | None = None,
    isolate: bool = True,
    raise_errors: bool = False,
    took_effect: Callable[[list[Any]], set[int]] | None = None,
) -> list[RowOutcome]:
    """POST ``{key: batch}`` for each batch of ``items`` to ``op``; one outcome per item, in order.

    ``progress(n)`` is called as ``n`` items are settled. With ``raise_errors`` the first failure is raised
    (the seed's own bulk calls behave as one call); otherwise it is recorded for the rows of that batch.
    ``took_effect(batch)`` reads the server back after a batch failed and returns the positions (in the
    batch) of the items that did take effect, e.g. ids a bulk delete removed before its answer was lost:
    those rows are ``ok``, never ``error``. A failing read-back changes nothing.
    """
    out: list[RowOutcome | None] = [None] * len(items)
    size = batch_size or DEFAULT_BATCH_SIZE
    pending: list[tuple[int, int]] = [(s, min(s + size, len(items))) for s in range(0, len(items), size)]
    pending.reverse()
    while pending:
        start, stop = pending.pop()
        batch = list(items[start:stop])
        try:
            http.call(op, json_body={key: batch})
        except MpnbError as exc:
            status = exc.status if isinstance(exc, APIError) else None
            many = stop - start > 1
            done = set() if status == 413 else _read_back(took_effect, batch)  # a 413 did nothing
            if len(done) == len(batch) or (done and not raise_errors):
                for j in range(len(batch)):
                    out[start + j] = RowOutcome("ok", result=_CONFIRMED) if j in done else _failure(exc)
            elif many and (status == 413 or (status in _WHOLE_BATCH_REJECTED and isolate and not raise_errors)):
                mid = (start + stop) // 2
                pending.extend([(mid, stop), (start, mid)])
                continue
            elif raise_errors:
                raise
            else:
                for i in range(start, stop):
                    out[i] = _failure(exc)
        else:
            for i in range(start, stop):
                out[i] = RowOutcome("ok")
        if progress is not None:
            progress(stop - start)
    return [o if o is not None else RowOutcome("error", "not sent") for o in out]


def run_concurrently(
    fn: Callable[[T], Any],
    items: Sequence[T],
    *,
    concurrency: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[RowOutcome]:
    """``fn(item)`` for every item on at most ``concurrency`` threads; failures are recorded, not raised.

    Ctrl-C raises ``Interrupted`` once the requests in flight have answered; nothing else is sent.
    """
    workers = max(1, min(concurrency or DEFAULT_CONCURRENCY, len(items) or 1))
    out: list[RowOutcome | None] = [None] * len(items)
    stop = threading.Event()

    def one(index: int) -> tuple[int, RowOutcome]:
        if stop.is_set():  # picked up after Ctrl-C: never sent
            return index, RowOutcome(NOT_SENT, "not sent: interrupted")
        try:
            return index, RowOutcome("ok", result=fn(items[index]))
        except MpnbError as exc:
            return index, _failure(exc)
        except Exception as exc:  # a bug in one row must not lose the others' outcomes
            return index, RowOutcome("error", f"{type(exc).__name__}: {exc}", exc=exc)

    def interrupted() -> Interrupted:
        return Interrupted([o if o is not None else RowOutcome(NOT_SENT, "not sent: interrupted") for o in out])

    if workers == 1:
        i = 0
        try:
            for i in range(len(items)):
                out[i] = one(i)[1]
                if progress is not None:
                    progress(1)
        except KeyboardInterrupt:
            if out[i] is None:  # Ctrl-C arrived while row i's request was out
                out[i] = RowOutcome("unknown", _NO_ANSWER)
            raise interrupted() from None
        return [o for o in out if o is not None]
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mpnb-bulk")
    futures: list[Future[tuple[int, RowOutcome]]] = []
    try:
        futures = [pool.submit(one, i) for i in range(len(items))]
        for fut in as_completed(futures):
            i, outcome = fut.result()
            out[i] = outcome
            if progress is not None:
                progress(1)
    except KeyboardInterrupt:
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        _settle(futures, out)
        raise interrupted() from None
    pool.shutdown(wait=True)
    return [o for o in out if o is not None]


def _settle(futures: list[Future[tuple[int, RowOutcome]]], out: list[RowOutcome | None]) -> None:
    """After Ctrl-C: wait for the requests in flight (a second Ctrl-C stops waiting), record every outcome."""
    running = [f for f in futures if not f.done()]
    with contextlib.suppress(KeyboardInterrupt):
        wait(running, return_when=FIRST_EXCEPTION)
    for i, fut in enumerate(futures):
        if out[i] is not None:
            continue
        if fut.cancelled():
            out[i] = RowOutcome(NOT_SENT, "not sent: interrupted")
        elif fut.done():
            out[i] = fut.result()[1]
        else:
            out[i] = RowOutcome("unknown", _NO_ANSWER)
