"""The sandbox engine: auth, scope, routing, envelopes, faults, state; no family knowledge.

One engine serves both doors (the in-process httpx transport and the loopback HTTP server). It is an
independent reading of the wire protocol: it imports nothing from mpnb's client modules.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mpnb.sandbox.faults import DropConnection, FaultPlan
from mpnb.sandbox.router import Ctx, Reply, Request, Route, SandboxError, ScopeShape
from mpnb.sandbox.statefile import StateFile
from mpnb.sandbox.store import Store

__all__ = [
    "DEMO_PROJECT_ID",
    "DEMO_SECRET",
    "DEMO_TOKEN",
    "DEMO_USERNAME",
    "Answer",
    "Sandbox",
    "SandboxConfig",
]

DEMO_USERNAME = "sandbox.demo.mp-service-account"
DEMO_SECRET = "sandbox-secret"
DEMO_TOKEN = "sandbox-oauth-token"
DEMO_PROJECT_ID = 1000
DEFAULT_SIZE = 60
log = logging.getLogger("mpnb.sandbox")

_SCOPES: list[tuple[ScopeShape, re.Pattern[str]]] = [
    ("pw", re.compile(r"^/projects/(?P<pid>\d+)/workspaces/(?P<wid>\d+)(?P<rest>/.*)?$")),
    ("p", re.compile(r"^/projects/(?P<pid>\d+)(?P<rest>/.*)?$")),
    ("w", re.compile(r"^/workspaces/(?P<wid>\d+)(?P<rest>/.*)?$")),
]


def _default_workspaces() -> list[dict[str, Any]]:
    return [
        {
            "id": 1,
            "name": "All Project Data",
            "is_default": True,
            "is_global": True,
            "is_restricted": False,
            "is_visible": True,
            "description": "Every event and profile in the project",
        },
        {
            "id": 2,
            "name": "Marketing",
            "is_default": False,
            "is_global": False,
            "is_restricted": True,
            "is_visible": True,
            "description": "Campaign events only",
        },
    ]


@dataclass
class SandboxConfig:
    """Who may call the sandbox and what it holds. Defaults are documented, non-secret demo values."""

    username: str = DEMO_USERNAME
    secret: str = DEMO_SECRET
    token: str | None = DEMO_TOKEN
    project_id: int = DEMO_PROJECT_ID
    workspaces: list[dict[str, Any]] = field(default_factory=_default_workspaces)
    seed: int = 0
    size: int = DEFAULT_SIZE


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def _json(status: int, payload: Any, headers: dict[str, str] | None = None) -> Answer:
    hdrs = {"Content-Type": "application/json"}
    hdrs.update(headers or {})
    return Answer(status, hdrs, json.dumps(payload).encode())


class Sandbox:
    """An emulator of Mixpanel's App API for one demo project.

    >>> sb = Sandbox(seed=1, size=100)          # in memory
    >>> sb = Sandbox(state="~/.mpnb/sb.json")    # persisted after every write, shared between processes
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
    ) -> None:
        self.config = config or SandboxConfig()
        self.config.seed, self.config.size = seed, size
        self.faults = faults if isinstance(faults, FaultPlan) else FaultPlan.parse(faults)
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._lock = threading.RLock()
        self._file = StateFile(state) if state is not None else None
        self.store = Store()
        self.requests: list[tuple[str, str]] = []  # (method, path) of every API request, for tests
        self._routes = _all_routes()
        with self._lock:
            if self._file is not None:
                with self._file.locked():
                    data = self._file.load()
                    if data is None:
                        self._seed()
                        self._file.save(self.store.to_json())
                    else:
                        self.store = Store.from_json(data)
            else:
                self._seed()

    # -- control -----------------------------------------------------------------------------------
    @property
    def state_path(self) -> Path | None:
        return self._file.path if self._file else None

    def reset(self, *, seed: int | None = None, size: int | None = None) -> None:
        """Reseed the demo project (and rewrite the state file)."""
        with self._lock:
            if seed is not None:
                self.config.seed = seed
            if size is not None:
                self.config.size = size
            self._seed()
            if self._file is not None:
                with self._file.locked():
                    self._file.save(self.store.to_json())

    def set_faults(self, faults: str | FaultPlan | None) -> None:
        self.faults = faults if isinstance(faults, FaultPlan) else FaultPlan.parse(faults)

    def ctx(self) -> Ctx:
        return Ctx(store=self.store, user=self.demo_user, clock=self._clock)

    @property
    def demo_user(self) -> dict[str, Any]:
        return {"id": 501, "name": "Sandbox Service Account", "email": "sandbox@example.com"}

    def _seed(self) -> None:
        from mpnb.sandbox.seed import seed_store

        self.store = Store()
        seed_store(self.store, self.config, self.ctx())

    # -- requests ----------------------------------------------------------------------------------
    def handle(
        self, method: str, path: str, query: Mapping[str, str], headers: Mapping[str, str], body: bytes
    ) -> Answer:
        """Answer one request. Raises ``DropConnection`` when a fault says the connection dies."""
        method = method.upper()
        if path.startswith("/_sandbox/"):
            return self._control(method, path, body)
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
            if self._file is None:
                answer = self._dispatch(method, path, query, headers, body)
            else:
                with self._file.locked():
                    if self._file.changed():
                        data = self._file.load()
                        self.store = Store.from_json(data or {})
                    answer = self._dispatch(method, path, query, headers, body)
                    if method != "GET" and answer.status < 400:
                        self._file.save(self.store.to_json())
        if fault == "drop_after":
            raise DropConnection(after_processing=True)
        return answer

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

    def _dispatch(
        self, method: str, path: str, query: Mapping[str, str], headers: Mapping[str, str], body: bytes
    ) -> Answer:
        if not path.startswith("/api/app/"):
            return _json(404, {"status": "error", "error": "Not found"})
        self.requests.append((method, path))
        if not self._authorised(headers):
            return _json(
                401,
                {"status": "error", "error": "Authentication credentials were not provided or are invalid."},
            )
        sub = path[len("/api/app") :]
        found = next(((shape, m) for shape, rx in _SCOPES if (m := rx.match(sub))), None)
        if found is None:
            return _json(404, {"status": "error", "error": "Not found"})
        shape, m = found
        pid = int(m.group("pid")) if "pid" in m.groupdict() and m.group("pid") else self.config.project_id
        wid = int(m.group("wid")) if "wid" in m.groupdict() and m.group("wid") else None
        if pid != self.config.project_id:
            return _json(400, {"status": "error", "error": "invalid project id for cluster"})
        if wid is not None and wid not in {w["id"] for w in self.config.workspaces}:
            return _json(404, {"status": "error", "error": f"Workspace {wid} not found"})
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
                    loc = path + "/" + (("?" + "&".join(f"{k}={v}" for k, v in query.items())) if query else "")
                    return Answer(301, {"Location": loc, "Content-Type": "text/html"}, b"")
                continue
            allowed.append(r)
            if r.method != method:
                continue
            try:
                parsed = json.loads(body) if body else None
            except ValueError:
                return _json(400, {"status": "error", "error": "Request body is not valid JSON"})
            req = Request(method, bare, shape, pid, wid, params, dict(query), parsed)
            try:
                result = r.handler(self.ctx(), req)
            except SandboxError as exc:
                return _json(exc.status, exc.body())
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
            data = json.loads(body) if body else {}
        except ValueError:
            return _json(400, {"status": "error", "error": "Request body is not valid JSON"})
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
            with self._lock:
                if self._file is not None and self._file.changed():
                    self.store = Store.from_json(self._file.load() or {})
                return _json(200, self.store.to_json())
        if path == "/_sandbox/info" and method == "GET":
            return _json(
                200,
                {
                    "project_id": self.config.project_id,
                    "workspaces": self.config.workspaces,
                    "username": self.config.username,
                },
            )
        return _json(404, {"status": "error", "error": "Not found"})


def _all_routes() -> list[Route]:
    from mpnb.sandbox.routes import ALL_ROUTES

    return ALL_ROUTES
