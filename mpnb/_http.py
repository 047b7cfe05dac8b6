"""The one HTTP layer: scope prefixes, auth header, envelope, status -> error, retries.

Every family module describes its operations as ``Op`` entries; ``Http.call`` is the only code that turns
them into requests. Redirects are never followed; request bodies and headers never enter an error.
"""

from __future__ import annotations

import logging
import random
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

import httpx

from mpnb._constants import (
    BACKOFF_BASE,
    BACKOFF_MAX,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    SANDBOX_EMPTY_PROJECT_ID,
    SANDBOX_PROJECT_ID,
)
from mpnb._json import loads
from mpnb._limiter import Limiter as _Limiter
from mpnb._session import Target
from mpnb._version import __version__
from mpnb._wire import Auth, body_args, message_of, retry_after
from mpnb.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConfigError,
    InputError,
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

__all__ = ["MAX_SEGMENT", "Http", "Op", "Scope", "loads", "objects_of", "path_segment", "results_of"]

log = logging.getLogger("mpnb.http")

# maybe: /workspaces/{wid} when one is pinned, else /projects/{pid}      (dashboards, reports, cohorts, ...)
# workspace: /workspaces/{wid}, discovered when not pinned              (experiments, S4)
# project_workspace: /projects/{pid}/workspaces/{wid}, discovered       (flags)
# project: /projects/{pid}                                              (annotations, limits, discovery)
Scope = Literal["maybe", "workspace", "project_workspace", "project"]


@dataclass(frozen=True)
class Op:
    """One operation of the catalog: verb, path under its scope, and whether a retry is safe."""

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


# Longer than any id Mixpanel hands out (a UUID is 36): anything longer is refused before a request.
MAX_SEGMENT = 128


def path_segment(value: object, field: str) -> str:
    """One URL path segment, percent-encoded; ``.``, ``..``, empty and over-long values are an ``InputError``.

    httpx removes dot segments, so ``..`` as an id would silently address another path.
    """
    text = str(value)
    if text.strip() in ("", ".", "..") or len(text) > MAX_SEGMENT or not text.isprintable():
        shown = text if len(text) <= 40 else f"{text[:20]}... ({len(text)} characters)"
        raise InputError(f"{field} is not a usable id: {shown!r}; nothing was sent", field=field)
    return quote(text, safe="")


def results_of(data: Any, what: str, *, expect: type = list) -> Any:
    """The payload inside an optional ``{"results": ...}`` envelope, checked to be ``expect`` (list or dict)."""
    if isinstance(data, dict) and "results" in data and isinstance(data["results"], expect):
        data = data["results"]
    if not isinstance(data, expect):
        kind = "a list" if expect is list else "an object"
        raise InvalidResponseError(f"unexpected answer from {what}: expected {kind}, got {type(data).__name__}")
    return data


def objects_of(data: Any, what: str) -> list[dict[str, Any]]:
    """The list inside an optional ``{"results": [...]}`` envelope, its objects only (raw reads skip other rows)."""
    return [r for r in results_of(data, what) if isinstance(r, dict)]


class Http:
    """One httpx.Client for one target, shared by every family and thread."""

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
        self._client = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": f"mpnb/{__version__} (python/{sys.version_info.major}.{sys.version_info.minor})"},
        )
        self._auth = Auth(target.credentials)
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

    def on_answer(self, listener: Callable[[httpx.Response], None]) -> Callable[[], None]:
        """``listener(response)`` as each answer arrives, retries too (httpx's response hook); returns its remover."""
        self._client.event_hooks["response"].append(listener)
        return lambda: self._client.event_hooks["response"].remove(listener)

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
        return objects_of(data, "list_workspaces")

    def required_workspace_id(self) -> int:
        """The pinned workspace, or the project's discovered one: global, then default, then first."""
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
        rel = op.path.format(**{k: path_segment(v, k) for k, v in (path or {}).items()})
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
        form_body: Mapping[str, str] | None = None,  # sent form-encoded: custom event creation takes no JSON
        content_only: bool = False,  # the answer's bytes: a printer parses them a chunk at a time
    ) -> Any:
        """Send ``op``; its unwrapped payload (``results`` of the envelope unless ``raw``), or its bytes."""
        url = self.url_for(op, path)
        method = op.method
        query = {k: v for k, v in (params or {}).items() if v is not None}
        try:
            request = self._client.build_request(
                method, url, params=query or None, **body_args(json_body, form_body, op.name)
            )
        except httpx.InvalidURL:
            raise InputError(f"{op.name}: the request URL is not valid; nothing was sent", field="id") from None
        url = str(request.url)  # the URL actually sent, query included: errors show this one
        attempt = 0
        while True:
            self._limiter.wait()
            with self._count_lock:
                self.request_count += 1
            try:
                resp = self._client.send(request, auth=self._auth)
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
                wait = retry_after(resp)
                self._pause("rate limit", wait if wait is not None else self._backoff(attempt))
                attempt += 1
                continue
            if status >= 500:
                if op.safe_to_retry and attempt < self.max_retries:
                    self._pause("retry", self._backoff(attempt))
                    attempt += 1
                    continue
                if not op.safe_to_retry:
                    message, _ = message_of(resp)
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
            body = resp.content if content_only else self._unwrap(resp, op, raw, method, url)
            # httpx's response and its bound stream refer to each other, so only the cyclic GC would free
            # them, and the answer's bytes with them (frames pause it while they build a frame: 21 MB kept
            # for 20,000 reports). The response is read: without its stream, it goes when this returns.
            resp.stream = httpx.ByteStream(b"")
            return body

    def _error(self, resp: httpx.Response, method: str, url: str) -> APIError:
        status = resp.status_code
        message, details = message_of(resp)
        kw: dict[str, Any] = {"status": status, "method": method, "url": url, "details": details}
        if 300 <= status < 400:
            where = resp.headers.get("Location", "")
            return RedirectError(
                f"the server redirected to {where!r}; mpnb does not follow redirects (check the path's trailing slash)",
                **kw,
            )
        if status == 400 and "invalid project id for cluster" in message.lower():
            if self.target.kind == "sandbox":  # no region to blame: say what the sandbox holds
                return NotFoundError(
                    f"the sandbox has no project {self.project_id}; it serves {SANDBOX_PROJECT_ID} (the demo data) "
                    f"and {SANDBOX_EMPTY_PROJECT_ID} (empty): ws.for_project({SANDBOX_EMPTY_PROJECT_ID})",
                    **kw,
                )
            if self.target.kind == "url":
                return NotFoundError(
                    f"{message}: the server at {url.split('/api/')[0]} has no project {self.project_id}", **kw
                )
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
            wait = retry_after(resp)
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
