"""The sandbox engine: auth, scope, routing, envelopes, faults, state; no family knowledge.

One engine serves both doors (the in-process httpx transport and the loopback HTTP server). It is an
independent reading of the wire protocol: it imports nothing from mpnb's client modules.
"""

from __future__ import annotations

import base64
import contextlib
import gc
import json
import logging
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mpnb.sandbox.bodies import check_path, parse_json
from mpnb.sandbox.config import (
    DEFAULT_SIZE,
    DEMO_PROJECT_ID,
    DEMO_SECRET,
    DEMO_TOKEN,
    DEMO_USERNAME,
    METHODS,
    SandboxConfig,
)
from mpnb.sandbox.damage import SandboxStateError, database_for, is_damage
from mpnb.sandbox.faults import DropConnection, FaultPlan
from mpnb.sandbox.forms import Query, form_of, query_of
from mpnb.sandbox.progress import SeedProgress, seed_feedback
from mpnb.sandbox.router import Ctx, Reply, Request, Route, SandboxError, ScopeShape
from mpnb.sandbox.sqlstate import SqlState, SqlStore
from mpnb.sandbox.store import Store, StoredJson

__all__ = [
    "DEMO_PROJECT_ID",
    "DEMO_SECRET",
    "DEMO_TOKEN",
    "DEMO_USERNAME",
    "Answer",
    "Sandbox",
    "SandboxConfig",
    "SandboxStateError",
]

log = logging.getLogger("mpnb.sandbox")

_SCOPES: list[tuple[ScopeShape, re.Pattern[str]]] = [
    ("pw", re.compile(r"^/projects/(?P<pid>[0-9]+)/workspaces/(?P<wid>[0-9]+)(?P<rest>/.*)?$")),
    ("p", re.compile(r"^/projects/(?P<pid>[0-9]+)(?P<rest>/.*)?$")),
    ("w", re.compile(r"^/workspaces/(?P<wid>[0-9]+)(?P<rest>/.*)?$")),
]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def _json(status: int, payload: Any, headers: dict[str, str] | None = None) -> Answer:
    hdrs = {"Content-Type": "application/json"}
    hdrs.update(headers or {})
    results = payload.get("results") if isinstance(payload, dict) else None
    if isinstance(results, StoredJson):  # records kept as JSON text: joined, not parsed and re-encoded
        head = json.dumps({k: v for k, v in payload.items() if k != "results"})[:-1]
        body = f'{head}{", " if len(payload) > 1 else ""}"results": [{",".join(results)}]}}'
        return Answer(status, hdrs, body.encode())
    return Answer(status, hdrs, json.dumps(payload).encode())


class Sandbox:
    """An emulator of Mixpanel's App API for a demo project (and an empty second project).

    >>> sb = Sandbox(seed=1, size=100)                 # in memory, private to this object
    >>> sb = Sandbox(state="~/.mpnb/sb.sqlite3")        # SQLite, shared between processes

    With ``state``, every request is one SQLite transaction: concurrent processes never lose a write, and
    a killed one leaves a consistent database. A ``.json`` state (the older format) is converted on first
    open into the ``.sqlite3`` file beside it, which is used from then on; the JSON file is left as it was
    (``import_json=`` names such a file for a database at another path, as the default sandbox does).
    ``request_log_limit`` bounds ``requests`` (a long-running server keeps only the recent ones).
    ``progress``: a function told how far a seed got (fraction, what), True for a bar, False for none; by
    default a large seed shows a bar in a notebook or on a terminal (see ``mpnb.sandbox.progress``).
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        size: int = DEFAULT_SIZE,
        state: str | os.PathLike[str] | None = None,
        faults: str | FaultPlan | None = None,
        config: SandboxConfig | None = None,
        clock: Callable[[], datetime] | None = None,
        request_log_limit: int | None = None,
        import_json: str | os.PathLike[str] | None = None,
        progress: SeedProgress | bool | None = None,
    ) -> None:
        self.config = config or SandboxConfig()
        self.config.seed, self.config.size = seed, size
        self.faults = faults if isinstance(faults, FaultPlan) else FaultPlan.parse(faults)
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._lock = threading.RLock()
        self._stores: dict[int, Store] = {}
        self._tx: dict[int, SqlStore] | None = None
        self.requests: list[tuple[str, str]] = []  # (method, path) of API requests, for tests
        self.request_log_limit = request_log_limit  # keep at most this many (a long-running server)
        self._routes = _all_routes()
        self._db: SqlState | None = None
        if state is None:
            self._seed(progress)
            return
        path, legacy = database_for(state)
        legacy = Path(import_json) if import_json is not None else legacy
        self._db = SqlState(path)
        with self._lock, self._state_errors(), self._db.bulk(), self._db.transaction(write=True):
            if self._db.info() is None:
                if legacy is not None and legacy.is_file():
                    self._convert(legacy)
                else:
                    self._seed(progress)
                self._db.set_info({"seed": self.config.seed, "size": self.config.size})

    # -- control -----------------------------------------------------------------------------------
    @property
    def state_path(self) -> Path | None:
        """The SQLite file, or None for an in-memory sandbox."""
        return self._db.path if self._db else None

    @property
    def store(self) -> Store:
        """The demo project's records: live in memory, or a read-only snapshot of a SQLite sandbox."""
        return self.project_store(self.config.project_id)

    def project_store(self, project_id: int) -> Store:
        """One project's records (live in memory, a snapshot of a SQLite sandbox)."""
        if self._db is None:
            return self._stores[project_id]
        with self._lock, self._state_errors(), self._db.transaction(write=False):
            return Store.from_json(SqlStore(self._db, project_id).to_json())

    def close(self) -> None:
        """Close the SQLite connection (an in-memory sandbox has nothing to close)."""
        if self._db is not None:
            self._db.close()

    def reset(
        self, *, seed: int | None = None, size: int | None = None, progress: SeedProgress | bool | None = None
    ) -> None:
        """Reseed every project (one transaction on a SQLite sandbox); ``progress`` as for the constructor."""
        with self._lock:
            if seed is not None:
                self.config.seed = seed
            if size is not None:
                self.config.size = size
            if self._db is None:
                self._seed(progress)
                return
            with self._state_errors(), self._db.bulk(), self._db.transaction(write=True):
                self._db.clear()
                self._seed(progress)
                self._db.set_info({"seed": self.config.seed, "size": self.config.size})

    @contextlib.contextmanager
    def _state_errors(self) -> Iterator[None]:
        """SQLite finding the file damaged becomes the one error that names it and the fix."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            if self._db is None or not is_damage(exc):
                raise
            raise SandboxStateError(self._db.path, str(exc)) from None

    def set_faults(self, faults: str | FaultPlan | None) -> None:
        self.faults = faults if isinstance(faults, FaultPlan) else FaultPlan.parse(faults)

    def ctx(self, project_id: int | None = None) -> Ctx:
        pid = self.config.project_id if project_id is None else project_id
        return Ctx(store=self._store_for(pid), user=self.demo_user, clock=self._clock)

    @property
    def demo_user(self) -> dict[str, Any]:
        return {"id": 501, "name": "Sandbox Service Account", "email": "sandbox@example.com"}

    def _store_for(self, project_id: int) -> Store:
        if self._tx is None:
            return self._stores[project_id]
        found = self._tx.get(project_id)
        if found is None:
            assert self._db is not None
            found = self._tx[project_id] = SqlStore(self._db, project_id)
        return found

    def _seed(self, progress: SeedProgress | bool | None = None) -> None:
        """Seed every project in memory, then (SQLite) write them in the open transaction.

        One instant stands for "now" throughout (a seed is one moment), and the garbage collector waits:
        a seed makes hundreds of thousands of objects and frees none, so its passes found nothing and took
        a third of the time.
        """
        from mpnb.sandbox.seed import seed_project

        with seed_feedback(progress, self.config.size) as tell, _gc_paused():
            share = 1.0 if self._db is None else 0.5  # a SQLite sandbox spends about as long writing

            def on_module(done: int, total: int, name: str) -> None:
                if tell is not None:
                    tell(share * done / total, f"seeding {name}")

            instant = self._clock()
            stores: dict[int, Store] = {}
            for pid, spaces in self.config.projects().items():
                store = Store()
                ctx = Ctx(store=store, user=self.demo_user, clock=lambda: instant)
                seed_project(store, self.config, ctx, pid, spaces, on_module)
                stores[pid] = store
            if self._db is not None:
                writing = None if tell is None else (lambda f, what: tell(share + (1 - share) * f, what))
                self._db.write_stores(stores, writing)
            else:
                self._stores = stores
            if tell is not None:
                tell(1.0, "done")

    def _convert(self, legacy: Path) -> None:
        """Load an older JSON state file as the demo project; the other projects are seeded."""
        try:
            data = json.loads(legacy.read_text(encoding="utf-8"))
        except (ValueError, RecursionError):
            raise SandboxStateError(legacy, "it is not a readable JSON sandbox state") from None
        assert self._db is not None
        self._seed()
        for name in [*self._db.family_tables(), "_meta", "_counters"]:
            if self._db.has_table(name):
                self._db.conn.execute(f'DELETE FROM "{name}" WHERE project = ?', (self.config.project_id,))
        self._db.write_stores({self.config.project_id: Store.from_json(data if isinstance(data, dict) else {})})
        log.info("converted the JSON sandbox state %s into %s", legacy, self.state_path)

    # -- requests ----------------------------------------------------------------------------------
    def handle(self, method: str, path: str, query: Query, headers: Mapping[str, str], body: bytes) -> Answer:
        """Answer one request. Raises ``DropConnection`` when a fault says the connection dies, and
        ``SandboxStateError`` when the state file is damaged (the served door answers 500 for it).
        ``query`` is a mapping, or its (key, value) pairs in order when a key repeats (``name[]``)."""
        method = method.upper()
        if path.startswith("/_sandbox/"):
            return self._control(method, path, body)
        if method not in METHODS:
            return _json(
                405,
                {"status": "error", "error": f"Method {method} not allowed"},
                {"Allow": ", ".join(sorted(METHODS))},
            )
        fault = self.faults.draw()
        if self.faults.latency:
            time.sleep(self.faults.latency)
        if fault == "drop":
            raise DropConnection(after_processing=False)
        if fault == "429":
            return _json(
                429,
                {"status": "error", "error": "Project exceeded rate limits. Please retry later."},
                {"Retry-After": f"{self.faults.retry_after:g}"},
            )
        if fault in ("500", "502", "503"):
            return _json(int(fault), {"status": "error", "error": "Internal server error"})
        with self._lock:
            if self._db is None:
                answer = self._dispatch(method, path, query, headers, body)
            else:
                answer = self._in_transaction(method, path, query, headers, body)
        if fault == "drop_after":
            raise DropConnection(after_processing=True)
        return answer

    def _in_transaction(self, method: str, path: str, query: Query, headers: Mapping[str, str], body: bytes) -> Answer:
        """One request as one SQLite transaction: written only when it succeeds, rolled back otherwise."""
        assert self._db is not None
        write = method != "GET"
        try:
            with self._state_errors(), self._db.transaction(write=write):
                self._tx = {}
                try:
                    answer = self._dispatch(method, path, query, headers, body)
                    if write and answer.status < 400:
                        for store in self._tx.values():
                            store.flush()
                finally:
                    self._tx = None
        except sqlite3.OperationalError as exc:  # locked past the busy timeout, disk full: nothing was written
            log.warning("sandbox state %s: %s", self._db.path, exc)
            return _json(503, {"status": "error", "error": "Sandbox state is busy; retry"}, {"Retry-After": "1"})
        return answer

    def _log(self, method: str, path: str) -> None:
        self.requests.append((method, path))
        limit = self.request_log_limit
        if limit is not None and len(self.requests) > 2 * limit:
            del self.requests[: len(self.requests) - limit]

    def _authorised(self, headers: Mapping[str, str]) -> bool:
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "bearer":
            return self.config.token is not None and value == self.config.token
        if scheme.lower() == "basic":
            try:
                user, _, secret = base64.b64decode(value).decode().partition(":")
            except (ValueError, UnicodeDecodeError):
                return False
            return user == self.config.username and secret == self.config.secret
        return False

    def _dispatch(self, method: str, path: str, query: Query, headers: Mapping[str, str], body: bytes) -> Answer:
        if not path.startswith("/api/app/"):
            return _json(404, {"status": "error", "error": "Not found"})
        self._log(method, path)
        if not self._authorised(headers):
            return _json(
                401,
                {"status": "error", "error": "Authentication credentials were not provided or are invalid."},
            )
        sub = path[len("/api/app") :]
        try:
            check_path(sub)
        except SandboxError as exc:
            return _json(exc.status, exc.body())
        found = next(((shape, m) for shape, rx in _SCOPES if (m := rx.match(sub))), None)
        if found is None:
            return _json(404, {"status": "error", "error": "Not found"})
        shape, m = found
        projects = self.config.projects()
        wid = int(m.group("wid")) if "wid" in m.groupdict() and m.group("wid") else None
        owner = next((p for p, spaces in projects.items() if any(w["id"] == wid for w in spaces)), None)
        pid = int(m.group("pid")) if "pid" in m.groupdict() and m.group("pid") else owner
        if pid is None or pid not in projects:
            if wid is not None and shape == "w":
                return _json(404, {"status": "error", "error": f"Workspace {wid} not found"})
            return _json(400, {"status": "error", "error": "invalid project id for cluster"})
        if wid is not None and owner != pid:
            return _json(404, {"status": "error", "error": f"Workspace {wid} not found"})
        flat, multi = query_of(query)
        rest = (m.group("rest") or "/")[1:]
        has_slash = rest.endswith("/")
        bare = rest[:-1] if has_slash else rest
        allowed: list[Route] = []
        for r in self._routes:
            if shape not in r.scopes:
                continue
            params = r.match(bare)
            if params is None:
                continue
            if r.slash == "no" and has_slash:
                continue
            if r.slash == "yes" and not has_slash:
                if r.method == method:
                    loc = path + "/" + (("?" + "&".join(f"{k}={v}" for k, v in flat.items())) if flat else "")
                    return Answer(301, {"Location": loc, "Content-Type": "text/html"}, b"")
                continue
            allowed.append(r)
            if r.method != method:
                continue
            try:
                form = form_of(headers, body)
                parsed = form if form is not None else parse_json(body) if body else None
            except SandboxError as exc:
                return _json(exc.status, exc.body())
            req = Request(method, bare, shape, pid, wid, params, flat, parsed, multi, form is not None)
            try:
                result = r.handler(self.ctx(pid), req)
            except SandboxError as exc:
                return _json(exc.status, exc.body())
            except (SandboxStateError, sqlite3.DatabaseError):
                raise  # the state file, not the handler: one error naming it (see _state_errors)
            except Exception:  # a sandbox bug must look like Mixpanel's 500, not kill the server thread
                log.exception("sandbox handler %s failed", r.handler.__name__)
                return _json(500, {"status": "error", "error": "Internal server error"})
            if isinstance(result, Reply):
                if result.status == 204:
                    return Answer(204, dict(result.headers), b"")
                return _json(result.status, result.body, result.headers)
            return _json(200, {"status": "ok", "results": result})
        if allowed:
            return _json(405, {"status": "error", "error": f"Method {method} not allowed"})
        return _json(404, {"status": "error", "error": "Not found"})

    def _control(self, method: str, path: str, body: bytes) -> Answer:
        """``/_sandbox/...``: a prefix Mixpanel never serves, for resets, faults and state dumps."""
        try:
            data = parse_json(body) if body else {}
        except SandboxError as exc:
            return _json(exc.status, exc.body())
        if path == "/_sandbox/reset" and method == "POST":
            self.reset(seed=data.get("seed"), size=data.get("size"))
            return _json(200, {"status": "ok"})
        if path == "/_sandbox/faults" and method == "POST":
            try:
                self.set_faults(data.get("spec"))
                if data.get("queue"):
                    self.faults.queue(list(data["queue"]))
            except ValueError as exc:
                return _json(400, {"status": "error", "error": str(exc)})
            return _json(200, {"status": "ok"})
        if path == "/_sandbox/state" and method == "GET":
            return _json(200, self.store.to_json())
        if path == "/_sandbox/info" and method == "GET":
            return _json(
                200,
                {
                    "project_id": self.config.project_id,
                    "workspaces": self.config.workspaces,
                    "projects": {str(p): spaces for p, spaces in self.config.projects().items()},
                    "username": self.config.username,
                },
            )
        return _json(404, {"status": "error", "error": "Not found"})


def _all_routes() -> tuple[Route, ...]:
    from mpnb.sandbox.routes import all_routes

    return all_routes()


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
