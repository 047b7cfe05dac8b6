"""The scratch cycle's context: the run's names, what it made, each step's outcome, and patient retries.

Every scratch entity is named ``mpnb-doctor-<run id>-<what>``, so the run (or the next one, after a kill)
finds its own entities by that tag and never anything else. A step that fails is recorded and the cycle
goes on; a create whose answer was lost is looked up by its name before it is tried again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

import pydantic

from mpnb._families import REGISTRY
from mpnb.doctor._kit import Raw, Verdict
from mpnb.errors import MpnbError, NotFoundError, OutcomeUnknownError, RateLimitError, ServerError, TransportError

__all__ = ["PREFIX", "TRANSIENT", "Cycle", "Skip", "again", "error_of", "tag_of"]

T = TypeVar("T")
PREFIX = "mpnb-doctor-"
TRANSIENT = (RateLimitError, ServerError, TransportError)


def again(fn: Callable[[], T], tries: int = 3, *, resend: bool = False) -> T:
    """``fn()``, tried again after a rate limit, a server error or a lost connection (the HTTP layer has
    already retried what was safe; this is for the doctor's own idempotent steps). ``resend``: also
    after a lost answer of a call that is harmless to repeat (a webhook test)."""
    transient = (*TRANSIENT, OutcomeUnknownError) if resend else TRANSIENT
    for attempt in range(tries):
        try:
            return fn()
        except transient:
            if attempt == tries - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def tag_of(run_id: str) -> str:
    """The name prefix of one run's scratch entities (``mpnb-doctor-3f9a1c2e-``)."""
    return f"{PREFIX}{run_id}-"


def error_of(exc: BaseException) -> dict[str, Any]:
    """An error as a report may hold it: its class and HTTP status, never its message."""
    return {"error": type(exc).__name__, "status": getattr(exc, "status", None)}


class Skip(Exception):
    """A step that cannot run (what it works on was not made); recorded as skipped, with why."""


def is_ours(family: str, record: Raw, tags: list[str]) -> bool:
    """Whether a record is a scratch entity of one of these runs: its label or name holds the run's tag."""
    fam = REGISTRY.get(family)
    texts = (fam.label_of(record), str(record.get("name") or ""), str(record.get("title") or ""))
    return any(tag in text for tag in tags for text in texts)


class Cycle:
    """One write run on one Workspace: ``name("board")`` -> ``mpnb-doctor-<run>-board``."""

    def __init__(self, ws: Any, run_id: str, verdicts: list[Verdict], errors: list[dict[str, Any]]) -> None:
        self.ws = ws
        self.run_id = run_id
        self.tag = tag_of(run_id)
        self.ids: dict[str, list[Any]] = {}
        self.steps: dict[str, dict[str, str]] = {}
        self.uncertain: set[str] = set()  # ids of entities whose create (or placement) answer was lost
        self.shown_after_create: dict[str, bool] = {}
        self.password = ""  # the scratch webhook's password: scrubbed from the report
        self.unreachable = False  # a connection failed after every retry: the other steps are skipped
        self._verdicts = verdicts
        self._errors = errors

    def name(self, what: str) -> str:
        return f"{self.tag}{what}"

    def note(self, *verdicts: Verdict) -> None:
        self._verdicts.extend(verdicts)

    def made(self, family: str, eid: Any) -> Any:
        self.ids.setdefault(family, []).append(eid)
        return eid

    def first(self, family: str) -> Any:
        """The id of the family's main scratch entity; ``Skip`` when it was not made."""
        self.reachable()
        ids = self.ids.get(family)
        if not ids:
            raise Skip(f"no scratch {REGISTRY.get(family).singular} was made")
        return ids[0]

    # -- requests ------------------------------------------------------------------------------------------
    def reachable(self) -> None:
        """``Skip`` once a connection failed after every retry: the rest of the cycle would only wait."""
        if self.unreachable:
            raise Skip("the server could not be reached")

    def again(self, fn: Callable[[], T], tries: int = 3, *, resend: bool = False) -> T:
        """See ``again``."""
        self.reachable()
        return again(fn, tries, resend=resend)

    def maybe(self, fn: Callable[[], Any]) -> None:
        """``fn()`` whose answer may be lost: the doctor reads the server's state afterwards either way."""
        with suppress(OutcomeUnknownError):
            self.again(fn)

    def records(self, family: str, ids: list[Any]) -> list[Raw]:
        """The listed records of ``ids`` (one list call, tried again when it fails on the way)."""
        found: list[Raw] = self.again(lambda: self.ws.records(family).read_ids(ids))[0]
        return found

    def find(self, family: str, label: str) -> Any:
        """The id of the entity labelled ``label`` (a create whose answer was lost), or None."""
        fam = REGISTRY.get(family)
        for record in self.again(lambda: self.ws.records(family).read_all()):
            if fam.label_of(record) == label:
                return fam.id_of(record)
        return None

    def create(self, family: str, label: str, make: Callable[[], Any], *, main: bool = True) -> Any:
        """Make an entity (``make()`` returns its id); a lost answer is looked up by ``label`` first, then
        the create is tried again. ``main=False``: a helper entity of a question, not the family's own."""
        self.reachable()
        for attempt in range(3):
            try:
                eid = make()
            except OutcomeUnknownError:
                eid = self.find(family, label)
                if eid is None and attempt < 2:
                    continue
                if eid is None:
                    raise
                self.uncertain.add(str(eid))
            except TRANSIENT:
                if attempt == 2:
                    raise
                continue
            if main:
                self.made(family, eid)
            return eid
        raise AssertionError("unreachable")  # pragma: no cover

    def gone(self, family: str, eid: Any) -> bool:
        return not self.records(family, [eid])

    def delete(self, family: str, eid: Any, delete: Callable[[Any, Any], None]) -> None:
        """The typed delete; an entity already gone (a cascade, or a first try that landed) counts as deleted."""
        with suppress(NotFoundError):
            self.again(lambda: delete(self.ws, eid))

    # -- steps ---------------------------------------------------------------------------------------------
    @contextmanager
    def step(self, family: str, step: str) -> Iterator[None]:
        """Run one step; its outcome (``ok``, ``skipped: ...``, ``error: <class>``) goes into the report."""
        outcomes = self.steps.setdefault(family, {})
        try:
            yield
        except Skip as exc:
            outcomes[step] = f"skipped: {exc}"
            return
        except (MpnbError, pydantic.ValidationError, KeyError, ValueError, TypeError) as exc:
            self.unreachable = self.unreachable or (
                isinstance(exc, TransportError) and not isinstance(exc, OutcomeUnknownError)
            )
            outcomes[step] = f"error: {type(exc).__name__}"
            self._errors.append({"where": f"{family} {step}", **error_of(exc)})
            return
        outcomes.setdefault(step, "ok")

    def differs(self, family: str, step: str, why: str) -> None:
        """The step ran, but the server's state afterwards is not what it should be."""
        self.steps.setdefault(family, {})[step] = f"differs: {why}"
        self._errors.append({"where": f"{family} {step}", "error": why, "status": None})
