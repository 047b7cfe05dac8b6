"""Where a command goes: ``--context``/``MPNB_CONTEXT``, the ``MP_*`` environment, a current context, else the
CLI's sandbox; with ``--timeout`` and ``--workspace-id``, and the one notice that the sandbox is in use.

A refused or dropped connection is said on stderr at its first retry (with what is being retried and for how
long), so a wrong ``MPNB_BASE_URL`` never looks like a hang; ``--timeout S`` bounds each request and gives up
once the retries would pass ``S`` seconds in all.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any, TypeVar

import click
import httpx

from mpnb import errors

__all__ = ["QUIET_ENV", "context_option", "get_workspace", "target_options"]

F = TypeVar("F", bound=Callable[..., Any])
QUIET_ENV = "MPNB_QUIET"


def _set_obj(key: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None and value is not False:
            root = ctx.find_root()
            root.ensure_object(dict)
            root.obj[key] = value
        return value

    return callback


def context_option(fn: F) -> F:
    """``mpnb --context NAME ...``: before the subcommand only (``flags create --context`` is a flag's own)."""
    return click.option(
        "--context",
        "context_name",
        default=None,
        metavar="NAME",
        expose_value=False,
        callback=_set_obj("context"),
        help="Use a named target saved with `mpnb context add` (or set MPNB_CONTEXT).",
    )(fn)


def target_options(fn: F) -> F:
    """``--workspace-id``, ``--timeout`` and ``--quiet-sandbox``: before or after the subcommand."""
    fn = click.option(
        "--quiet-sandbox",
        is_flag=True,
        expose_value=False,
        callback=_set_obj("quiet_sandbox"),
        help=f"Do not say on stderr that the local sandbox is used (or set {QUIET_ENV}=1).",
    )(fn)
    fn = click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=None,
        expose_value=False,
        callback=_set_obj("timeout"),
        help="Give up on a request after this many seconds, retries included (default: 120 per request).",
    )(fn)
    fn = click.option(
        "--workspace-id",
        type=int,
        default=None,
        expose_value=False,
        callback=_set_obj("workspace_id"),
        help="Workspace (data view) id; overrides MP_WORKSPACE_ID.",
    )(fn)
    return fn


class _CorruptState(errors.ConfigError):
    def __init__(self, path: Any, why: str) -> None:
        super().__init__(
            f"the sandbox state {path} is damaged ({why}); run `mpnb sandbox reset` (it keeps a copy of the "
            f"damaged file) or delete it (rm {path}) and the sandbox starts afresh"
        )


class _NotingTransport(httpx.HTTPTransport):
    """The default transport, remembering why the last connection failed (for the retry notice)."""

    last_failure = ""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return super().handle_request(request)
        except httpx.ConnectError as exc:
            text = str(exc).lower()
            self.last_failure = "connection refused" if "refused" in text else "could not connect"
            raise
        except httpx.TimeoutException:
            self.last_failure = "no answer in time"
            raise
        except httpx.TransportError:
            self.last_failure = "the connection broke"
            raise


def _obj() -> dict[str, Any]:
    ctx = click.get_current_context()
    root = ctx.find_root()
    root.ensure_object(dict)
    obj: dict[str, Any] = root.obj
    return obj


def _watch_waits(ws: Any, transport: _NotingTransport | None, timeout: float | None) -> None:
    """Say on stderr why a request is retried (once per reason); with ``--timeout``, give up past it."""
    started = time.monotonic()
    told: set[str] = set()
    label = ws.target.label()

    def waiting(kind: str, seconds: float) -> None:
        if kind == "pacing":
            return
        why = (transport.last_failure if transport else "") or kind
        if transport is not None:
            transport.last_failure = ""
        if timeout is not None and time.monotonic() - started + seconds > timeout:
            raise errors.TransportError(f"gave up on {label} after --timeout {timeout:g} s ({why})")
        if why not in told:
            told.add(why)
            limit = f"gives up after --timeout {timeout:g} s" if timeout is not None else "--timeout S gives up sooner"
            click.echo(f"mpnb: {why} ({label}); retrying in {seconds:.1f} s (Ctrl-C stops, {limit})", err=True)

    ws.on_wait(waiting)


def get_workspace(project_id: int | None = None) -> Any:
    """The Workspace for this command: a named context, the environment's target, a current context, else the
    CLI's file-backed sandbox. Using the sandbox is said once on stderr (unless silenced), so a missing
    credential never goes unnoticed.
    """
    from mpnb import Workspace
    from mpnb._session import resolve_target
    from mpnb.cli._contexts import context_kwargs, current_context

    obj = _obj()
    wid = obj.get("workspace_id")
    timeout = obj.get("timeout")
    extra: dict[str, Any] = {} if timeout is None else {"timeout": float(timeout)}
    if project_id is not None:
        extra["project_id"] = project_id
    name = obj.get("context") or os.environ.get("MPNB_CONTEXT") or None
    if name is None and resolve_target() is None:
        name = current_context()
    if name is None and resolve_target() is None:
        from mpnb.sandbox import SandboxStateError, default_sandbox, default_sandbox_path

        path = default_sandbox_path()
        path.parent.mkdir(parents=True, exist_ok=True)  # an unwritable MPNB_HOME is one line, not a traceback
        try:
            sandbox = default_sandbox()
        except SandboxStateError:
            raise  # names the file and the fix itself: one line, exit 3 (a ConfigError)
        except ValueError as exc:
            raise _CorruptState(path, str(exc)) from None
        quiet = obj.get("quiet_sandbox") or os.environ.get(QUIET_ENV, "").strip() not in ("", "0")
        if not obj.get("sandbox_told") and not quiet:
            click.echo(f"mpnb: no MP_* credentials: using the local sandbox ({path})", err=True)
        obj["sandbox_told"] = True
        return Workspace(_sandbox=sandbox, workspace_id=wid, **{k: v for k, v in extra.items() if k != "timeout"})
    transport = _NotingTransport(retries=0)
    if name is not None:
        kwargs = context_kwargs(name)
        kwargs.update(extra)
        if wid is not None:
            kwargs["workspace_id"] = wid
        ws = Workspace(_transport=transport, **kwargs)
    else:
        ws = Workspace(workspace_id=wid, _transport=transport, **extra)
    _watch_waits(ws, transport, timeout)
    return ws
