"""Routing vocabulary shared by the engine and the family route modules.

A family module lists ``Route(verb, pattern, handler, scopes, slash)`` entries; the engine strips the
``/api/app`` root and the scope prefix, matches the rest, and hands the handler a ``Request`` and the
``Ctx`` (store, clock, ids). Handlers return the payload to put under ``results``, or a ``Reply``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

from mpnb.sandbox.store import Store

__all__ = ["Ctx", "Reply", "Request", "Route", "Routes", "SandboxError", "require"]

# p: /projects/{pid}/...   w: /workspaces/{wid}/...   pw: /projects/{pid}/workspaces/{wid}/...
ScopeShape = Literal["p", "w", "pw"]
Slash = Literal["no", "yes", "both"]


class SandboxError(Exception):
    """Rendered as Mixpanel's error body: ``{"status": "error", "error": message}`` (+ ``type``)."""

    def __init__(self, status: int, message: str | dict[str, Any], *, type: str | None = None) -> None:
        super().__init__(str(message))
        self.status = status
        self.message = message
        self.type = type

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": "error", "error": self.message}
        if self.type is not None:
            out["type"] = self.type
        return out


@dataclass
class Request:
    method: str
    path: str
    scope: ScopeShape
    project_id: int
    workspace_id: int | None
    params: dict[str, Any]
    query: dict[str, str]
    body: Any
    multi: dict[str, list[str]] = field(default_factory=dict)  # every value of a repeated query key (name[])
    form: bool = False  # the body came form-encoded, not as JSON

    def json_object(self) -> dict[str, Any]:
        """The body as a JSON object, or 400."""
        if not isinstance(self.body, dict):
            raise SandboxError(400, "request body must be a JSON object")
        return self.body


@dataclass
class Reply:
    """A full answer when the ``{"status": "ok", "results": ...}`` envelope is not wanted."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Ctx:
    """What a handler may touch: the store, the demo user, a clock and id makers."""

    store: Store
    user: dict[str, Any]
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
    _last: tuple[datetime, str] | None = field(default=None, init=False, repr=False, compare=False)

    def now(self) -> str:
        """Mixpanel's naive ISO timestamp (UTC, seconds); made once per instant (a seed is one instant)."""
        instant = self.clock()
        last = self._last
        if last is None or last[0] is not instant:
            last = self._last = (instant, instant.strftime("%Y-%m-%dT%H:%M:%S"))
        return last[1]

    def new_id(self, table: str) -> int:
        return self.store.next_id(table)

    @staticmethod
    def new_uuid() -> str:
        return str(uuid.uuid4())


Handler = Callable[[Ctx, Request], Any]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: str  # e.g. "dashboards/{id:int}"; written without a trailing slash
    handler: Handler
    scopes: tuple[ScopeShape, ...] = ("p", "w")
    slash: Slash = "no"
    regex: re.Pattern[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        def part(m: re.Match[str]) -> str:
            name, kind = m.group(1), m.group(2) or "str"
            rx = r"-?[0-9]+" if kind == "int" else r"[^/]+"
            return f"(?P<{name}>{rx})"

        rx = re.sub(r"\{(\w+)(?::(\w+))?\}", part, self.pattern)
        object.__setattr__(self, "regex", re.compile(f"^{rx}$"))

    def match(self, rest: str) -> dict[str, Any] | None:
        m = self.regex.match(rest)
        if not m:
            return None
        out: dict[str, Any] = {}
        for key, value in m.groupdict().items():
            out[key] = int(value) if re.search(r"\{" + key + r":int\}", self.pattern) else value
        return out


class Routes(list[Route]):
    """A family's route table; ``@routes.add(verb, pattern, ...)`` registers a handler."""

    def add(
        self, method: str, pattern: str, *, scopes: tuple[ScopeShape, ...] = ("p", "w"), slash: Slash = "no"
    ) -> Callable[[Handler], Handler]:
        def deco(fn: Handler) -> Handler:
            self.append(Route(method, pattern, fn, scopes, slash))
            return fn

        return deco


def require(body: dict[str, Any], name: str, kind: type | tuple[type, ...], *, etype: str | None = None) -> Any:
    """``body[name]`` checked for presence and JSON type, else a 400 naming the field."""
    if name not in body or body[name] is None:
        raise SandboxError(400, f"{name} is required", type=etype)
    value = body[name]
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise SandboxError(400, f"{name} has the wrong type", type=etype)
    if not isinstance(value, kind):
        raise SandboxError(400, f"{name} has the wrong type", type=etype)
    return value
