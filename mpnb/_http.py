"""The one HTTP layer (S5, S7): scope prefixes, auth header, envelope, status -> error, retries.

Every family module describes its operations as ``Op`` entries; ``Http.call`` is the only code that turns
them into requests. Redirects are never followed; request bodies and headers never enter an error.
"""

from __future__ import annotations

import json
import logging
import random
import re
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

import httpx

from mpnb._constants import BACKOFF_BASE, BACKOFF_MAX, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from mpnb._session import Target
from mpnb._version import __version__
from mpnb.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConfigError,
    InvalidResponseError,
    NotFoundError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    RegionMismatchError,
    ServerError,
    TransportError,
)

__all__ = ["Http", "Op", "Scope"]

log = logging.getLogger("mpnb.http")

# maybe: /workspaces/{wid} when one is pinned, else /projects/{pid}      (dashboards, reports, cohorts, ...)
# workspace: /workspaces/{wid}, discovered when not pinned              (experiments, S4)
# project_workspace: /projects/{pid}/workspaces/{wid}, discovered       (flags)
# project: /projects/{pid}                                              (annotations, limits, discovery)
Scope = Literal["maybe", "workspace", "project_workspace", "project"]


@dataclass(frozen=True)
class Op:
    """One operation of the catalog: verb, path under its scope, and whether a retry is safe (S7)."""

    name: str
    method: str
    path: str
    scope: Scope = "maybe"
    idempotent: bool | None = None

    @property
    def safe_to_retry(self) -> bool:
        if self.idempotent is not None:
            return self.idempotent
        return self.method in ("GET", "PUT", "DELETE", "PATCH")


_STATUS_ERRORS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: BadRequestError,
    429: RateLimitError,
}
# Raised before the request left the machine: safe to retry for every operation.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# The request may have been processed: retry only idempotent operations.
_AMBIGUOUS = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.RemoteProtocolError,
    httpx.ReadError,
    httpx.WriteError,
)


# Big list answers are parsed a chunk of records at a time (see ``loads``).
_CHUNK = 1 << 20
_CHUNKED_MIN = 4 * _CHUNK
_MAX_MISSES = 8
# ``[`` or ``{"results": [`` or ``{"status": "ok", "results": [``, then the first record's ``{"key":``
_HEAD = re.compile(rb'(\s*(?:\{\s*(?:"status"\s*:\s*"ok"\s*,\s*)?"results"\s*:\s*)?)\[\s*(\{\s*"[^"\\]*"\s*:)')


def loads(content: bytes) -> Any:
    """``json.loads(content)``, with less memory for a big list of records.

    ``json.loads`` of bytes first decodes them into one str as large as the answer (21 MB for 20,000
    reports), alive until the last record is parsed. Here a big answer whose records are one list (bare or
    the envelope's ``results``) is decoded and parsed about a megabyte of records at a time. A chunk ends
    before a ``}, {"<first key>":`` and must parse as a list of whole values, which it does only when the
    cut falls between two records; otherwise a later cut is tried. Anything unexpected parses it whole.
    """
    if len(content) >= _CHUNKED_MIN:
        try:
            out = _loads_chunked(content)
        except ValueError:
            out = None
        if out is not None:
            return out
    return json.loads(content)


def _loads_chunked(content: bytes) -> Any:
    head = _HEAD.match(content)
    if head is None:
        return None
    cuts = re.compile(rb"\}\s*,\s*" + re.escape(head.group(2)))
    view = memoryview(content)
    records: list[Any] = []
    pos = head.start(2)
    target = pos + _CHUNK
    misses = 0
    while target < len(content):
        cut = cuts.search(content, target)
        if cut is None:
            break
        try:
            part = json.loads("[" + str(view[pos : cut.start() + 1], "utf-8") + "]")
        except ValueError:
            # The cut fell inside a record (a nested object with the same first key): try a later one; if
            # that keeps happening, one whole parse is cheaper than more tries.
            misses += 1
            if misses > _MAX_MISSES:
                return None
            target = cut.end()
            continue
        records.extend(part)
        pos = cut.end() - len(head.group(2))
        target = pos + _CHUNK
    text = "[" + str(view[pos:], "utf-8")
    tail, end = json.JSONDecoder().raw_decode(text)
    records.extend(tail)
    rest = text[end:]  # after the list: whitespace, or the envelope's closing
    del text
    if '"results"' in rest:
        return None
    outer = json.loads(head.group(1).decode() + "[]" + rest)
    if outer == []:
        return records
    if isinstance(outer, dict) and outer.get("results") == []:
        outer["results"] = records
        return outer
    return None


class _Limiter:
    """Spaces request starts so at most ``per_minute`` start in any minute (``None`` = off)."""

    def __init__(self, per_minute: int | None, sleep: Callable[[float], None]) -> None:
        self.interval = 60.0 / per_minute if per_minute else 0.0
        self._next = 0.0
        self._lock = threading.Lock()
        self._sleep = sleep

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)


def _message_of(resp: httpx.Response) -> tuple[str, Any]:
    try:
        body = resp.json()
    except ValueError:
        text = resp.text.strip()
        return (text[:300] or resp.reason_phrase or f"HTTP {resp.status_code}"), None
    if isinstance(body, dict):
        err = body.get("error", body.get("message"))
        if isinstance(err, str):
            return err, body
        if err is not None:
            return json.dumps(err, sort_keys=True), body
    return (resp.reason_phrase or f"HTTP {resp.status_code}"), body


def _retry_after(resp: httpx.Response) -> float | None:
    raw = resp.headers.get("Retry-After")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        return None


class Http:
    """One httpx.Client for one target, shared by every family and thread (S7)."""

    def __init__(
        self,
        target: Target,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_requests_per_minute: int | None = None,
        backoff_base: float = BACKOFF_BASE,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.target = target
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self._sleep = sleep
        self._limiter = _Limiter(max_requests_per_minute, lambda seconds: self._pause("pacing", seconds))
        self._wait_listeners: list[Callable[[str, float], None]] = []
        py = f"{sys.version_info.major}.{sys.version_info.minor}"
        self._client = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": f"mpnb/{__version__} (python/{py})"},
        )
        self._pinned: int | None = target.workspace_id
        self._discovered: int | None = None
        self._lock = threading.Lock()  # guards workspace discovery
        self._count_lock = threading.Lock()
        self.request_count = 0

    def on_wait(self, listener: Callable[[str, float], None]) -> Callable[[], None]:
        """``listener(kind, seconds)`` before each wait ("pacing", "rate limit", "retry"); returns its remover.
        Listeners only watch (the sleep is never swapped), so two progress bars on one client are safe."""
        with self._count_lock:
            self._wait_listeners = [*self._wait_listeners, listener]
        return lambda: setattr(self, "_wait_listeners", [f for f in self._wait_listeners if f is not listener])

    def _pause(self, kind: str, seconds: float) -> None:
        for listener in self._wait_listeners:
            listener(kind, seconds)
        self._sleep(seconds)

    # -- scope -------------------------------------------------------------------------------------
    @property
    def pinned_workspace_id(self) -> int | None:
        return self._pinned  # set by the user (argument, environment, set_workspace_id); else None

    @property
    def project_id(self) -> int:
        return self.target.project_id

    @property
    def workspace_id(self) -> int | None:
        """The pinned workspace, else the discovered one, else ``None``."""
        return self._pinned if self._pinned is not None else self._discovered

    def set_workspace_id(self, workspace_id: int | None) -> None:
        """Pin a workspace (``None`` clears the pin and the discovery cache)."""
        if workspace_id is not None and (isinstance(workspace_id, bool) or not isinstance(workspace_id, int)):
            raise ConfigError(f"workspace_id must be an integer, got {workspace_id!r}")
        self._pinned = workspace_id
        self._discovered = None

    def list_workspaces(self) -> list[dict[str, Any]]:
        """GET /projects/{pid}/workspaces/public."""
        data = self.call(Op("list_workspaces", "GET", "workspaces/public", scope="project"))
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            data = data["results"]
        if not isinstance(data, list):
            raise InvalidResponseError("unexpected answer from list_workspaces: expected a list")
        return [w for w in data if isinstance(w, dict)]

    def required_workspace_id(self) -> int:
        """The pinned workspace, or the project's discovered one: global, then default, then first (S4)."""
        if self._pinned is not None:
            return self._pinned
        with self._lock:
            if self._discovered is None:
                try:
                    spaces = self.list_workspaces()
                except APIError as exc:
                    raise ConfigError(
                        f"could not discover a workspace for project {self.project_id} ({exc.message}); "
                        "set MP_WORKSPACE_ID or ws.set_workspace_id(N)"
                    ) from None
                if not spaces:
                    raise ConfigError(
                        f"project {self.project_id} lists no workspaces; set MP_WORKSPACE_ID or ws.set_workspace_id(N)"
                    )
                best = next((w for w in spaces if w.get("is_global")), None)
                best = best or next((w for w in spaces if w.get("is_default")), None) or spaces[0]
                self._discovered = int(best["id"])
            return self._discovered

    def prefix(self, scope: Scope) -> str:
        pid = self.project_id
        if scope == "project":
            return f"/projects/{pid}"
        if scope == "maybe":
            return f"/workspaces/{self._pinned}" if self._pinned is not None else f"/projects/{pid}"
        wid = self.required_workspace_id()
        return f"/workspaces/{wid}" if scope == "workspace" else f"/projects/{pid}/workspaces/{wid}"

    def url_for(self, op: Op, path: Mapping[str, object] | None = None) -> str:
        rel = op.path.format(**{k: quote(str(v), safe="") for k, v in (path or {}).items()})
        return f"{self.target.app_url}{self.prefix(op.scope)}/{rel}"

    # -- requests ----------------------------------------------------------------------------------
    def close(self) -> None:
        self._client.close()

    def _backoff(self, attempt: int) -> float:
        base = float(min(self.backoff_base * (2**attempt), BACKOFF_MAX))
        return base * (1 + random.random() * 0.1)

    def call(
        self,
        op: Op,
        *,
        path: Mapping[str, object] | None = None,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        natural_key: str | None = None,
        raw: bool = False,
    ) -> Any:
        """Send ``op`` and return its unwrapped payload (``results`` of the envelope unless ``raw``)."""
        url = self.url_for(op, path)
        method = op.method
        query = {k: v for k, v in (params or {}).items() if v is not None}
        headers = {"Authorization": self.target.credentials.authorization()}
        send_body = json_body is not None
        attempt = 0
        while True:
            self._limiter.wait()
            with self._count_lock:
                self.request_count += 1
            try:
                resp = self._client.request(
                    method, url, params=query or None, json=json_body if send_body else None, headers=headers
                )
            except _NOT_SENT as exc:
                if attempt < self.max_retries:
                    self._pause("retry", self._backoff(attempt))
                    attempt += 1
                    continue
                raise TransportError(f"could not connect: {type(exc).__name__}", method=method, url=url) from None
            except _AMBIGUOUS as exc:
                if op.safe_to_retry and attempt < self.max_retries:
                    self._pause("retry", self._backoff(attempt))
                    attempt += 1
                    continue
                if not op.safe_to_retry:
                    raise OutcomeUnknownError(
                        f"{op.name}: the connection failed after the request was sent ({type(exc).__name__})",
                        natural_key=natural_key,
                        method=method,
                        url=url,
                    ) from None
                raise TransportError(f"connection failed: {type(exc).__name__}", method=method, url=url) from None
            except httpx.TransportError as exc:
                raise TransportError(f"transport error: {type(exc).__name__}", method=method, url=url) from None

            status = resp.status_code
            log.debug("%s %s -> %s", method, url, status)
            if status == 429 and attempt < self.max_retries:
                wait = _retry_after(resp)
                self._pause("rate limit", wait if wait is not None else self._backoff(attempt))
                attempt += 1
                continue
            if status >= 500:
                if op.safe_to_retry and attempt < self.max_retries:
                    self._pause("retry", self._backoff(attempt))
                    attempt += 1
                    continue
                if not op.safe_to_retry:
                    message, _ = _message_of(resp)
                    raise OutcomeUnknownError(
                        f"{op.name}: the server answered {status} ({message}); it may have taken effect",
                        natural_key=natural_key,
                        status=status,
                        method=method,
                        url=url,
                    )
            if status == 404 and method == "DELETE" and attempt > 0:
                return {"status": "ok"}  # a retried delete whose first try landed (S7)
            if status >= 300:
                raise self._error(resp, method, url)
            body = self._unwrap(resp, op, raw, method, url)
            # httpx's response and its bound stream refer to each other, so only the cyclic GC would free
            # them, and the answer's bytes with them (frames pause it while they build a frame: 21 MB kept
            # for 20,000 reports). The response is read: without its stream, it goes when this returns.
            resp.stream = httpx.ByteStream(b"")
            return body

    def _error(self, resp: httpx.Response, method: str, url: str) -> APIError:
        status = resp.status_code
        message, details = _message_of(resp)
        kw: dict[str, Any] = {"status": status, "method": method, "url": url, "details": details}
        if 300 <= status < 400:
            where = resp.headers.get("Location", "")
            return RedirectError(
                f"the server redirected to {where!r}; mpnb does not follow redirects (check the path's trailing slash)",
                **kw,
            )
        if status == 400 and "invalid project id for cluster" in message.lower():
            region = self.target.region or "us"
            return RegionMismatchError(
                f"{message}: project {self.project_id} is probably not in region {region!r}; "
                "set MP_REGION (us, eu or in) to the project's data residency",
                **kw,
            )
        if status == 401:
            return AuthenticationError(
                f"authentication failed: {message}; check MP_USERNAME/MP_SECRET (or MP_OAUTH_TOKEN) and MP_PROJECT_ID",
                **kw,
            )
        if status == 429:
            wait = _retry_after(resp)
            suffix = f"; retry after {wait:g} s" if wait is not None else ""
            return RateLimitError(
                f"rate limited after {self.max_retries} retries: {message}{suffix}", retry_after=wait, **kw
            )
        if status >= 500:
            return ServerError(f"server error: {message}", **kw)
        cls = _STATUS_ERRORS.get(status, BadRequestError)
        return cls(message, **kw)

    @staticmethod
    def _unwrap(resp: httpx.Response, op: Op, raw: bool, method: str, url: str) -> Any:
        if resp.status_code == 204 or (not resp.content and method == "DELETE"):
            return {"status": "ok"}
        try:
            body = loads(resp.content)
        except ValueError:
            raise InvalidResponseError(
                f"unexpected answer from {op.name}: not JSON", status=resp.status_code, method=method, url=url
            ) from None
        if not raw and isinstance(body, dict) and "results" in body:
            return body["results"]
        return body
