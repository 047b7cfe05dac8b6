"""What every CLI command shares: the Workspace it talks to, option parsing, output and exit codes.

Exit codes: 0 ok; 1 transport or unexpected error; 2 usage (bad option, malformed JSON); 3 auth,
permission or target configuration; 4 not found or invalid input; 5 rate limited; 6 server error;
7 outcome unknown (a create may or may not have happened). Errors are one line on stderr, never a secret.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
import warnings
from collections.abc import Callable, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

import click
import pydantic

from mpnb import errors

__all__ = [
    "EXIT",
    "common_options",
    "confirm_real",
    "emit",
    "get_workspace",
    "handle_errors",
    "params_or_exit",
    "parse_ids",
    "parse_json",
    "run_delete",
]

F = TypeVar("F", bound=Callable[..., Any])

EXIT = {
    "ok": 0,
    "error": 1,
    "usage": 2,
    "auth": 3,
    "invalid": 4,
    "rate_limited": 5,
    "server": 6,
    "unknown": 7,
}


def _exit_code(exc: BaseException) -> int:
    if isinstance(exc, errors.OutcomeUnknownError):
        return EXIT["unknown"]
    if isinstance(exc, (errors.AuthenticationError, errors.PermissionDeniedError, errors.ConfigError)):
        return EXIT["auth"]
    if isinstance(exc, (errors.NotFoundError, errors.BadRequestError, errors.InputError, pydantic.ValidationError)):
        return EXIT["invalid"]
    if isinstance(exc, errors.RateLimitError):
        return EXIT["rate_limited"]
    if isinstance(exc, (errors.ServerError, errors.InvalidResponseError, errors.RedirectError)):
        return EXIT["server"]
    return EXIT["error"]


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, pydantic.ValidationError):
        parts = [f"{'.'.join(str(p) for p in e['loc']) or 'params'}: {e['msg']}" for e in exc.errors()]
        return f"invalid {exc.title}: " + "; ".join(parts)
    return " ".join(str(exc).split())


def handle_errors(fn: F) -> F:
    """Turn mpnb's errors into one stderr line and a distinct exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except click.exceptions.ClickException:
            raise
        except (errors.MpnbError, pydantic.ValidationError) as exc:
            click.echo(f"error: {_one_line(exc)}", err=True)
            sys.exit(_exit_code(exc))

    return wrapper  # type: ignore[return-value]


def _set_obj(key: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None:
            root = ctx.find_root()
            root.ensure_object(dict)
            root.obj[key] = value
        return value

    return callback


workspace_option = click.option(
    "--workspace-id",
    type=int,
    default=None,
    expose_value=False,
    callback=_set_obj("workspace_id"),
    help="Workspace (data view) id; overrides MP_WORKSPACE_ID.",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table", "csv"]),
    default=None,
    expose_value=False,
    callback=_set_obj("format"),
    help="Output format (default json).",
)


def common_options(fn: F) -> F:
    """``--workspace-id`` and ``--format``, accepted after the subcommand too."""
    return workspace_option(format_option(fn))


def get_workspace() -> Any:
    """The Workspace for this command: the environment's target, else the CLI's file-backed sandbox (S3)."""
    from mpnb._session import resolve_target
    from mpnb._workspace import Workspace

    ctx = click.get_current_context()
    obj = ctx.find_root().obj or {}
    wid = obj.get("workspace_id")
    if resolve_target() is None:
        from mpnb.sandbox import default_sandbox

        return Workspace(_sandbox=default_sandbox(), workspace_id=wid)
    return Workspace(workspace_id=wid)


def _plain(value: Any) -> Any:
    if isinstance(value, pydantic.BaseModel):
        return _plain(value.model_dump(mode="python"))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, pydantic.SecretStr):
        return "**********"
    if isinstance(value, Enum):
        return value.value
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return str(value)


def emit(data: Any, columns: Sequence[str] | None = None) -> None:
    """Print ``data`` in the chosen format: JSON (all fields), or a table/CSV of ``columns``."""
    fmt = (click.get_current_context().find_root().obj or {}).get("format") or "json"
    plain = _plain(data)
    if fmt == "json" or not isinstance(plain, (list, dict)):
        click.echo(json.dumps(plain, indent=2, sort_keys=False, default=str))
        return
    rows = plain if isinstance(plain, list) else [plain]
    rows = [r if isinstance(r, dict) else {"value": r} for r in rows]
    cols = list(columns or [])
    if not cols or not any(c in r for r in rows for c in cols):
        cols = list(dict.fromkeys(k for r in rows for k in r))
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for r in rows:
            writer.writerow([_cell(r.get(c)) for c in cols])
        click.echo(buf.getvalue(), nl=False)
        return
    cells = [[_cell(r.get(c)) for c in cols] for r in rows]
    widths = [min(60, max([len(c)] + [len(row[i]) for row in cells])) for i, c in enumerate(cols)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for row in cells:
        click.echo("  ".join(v[:w].ljust(w) for v, w in zip(row, widths)).rstrip())


def parse_json(value: str | None, option: str, *, kind: type | tuple[type, ...] = (dict, list)) -> Any:
    """Parse a JSON option value; malformed JSON is a usage error naming the option."""
    if value is None:
        return None
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"not valid JSON ({exc.msg} at char {exc.pos})", param_hint=option) from None
    if not isinstance(parsed, kind):
        names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        want = names.replace("dict", "a JSON object").replace("list", "a JSON array")
        raise click.BadParameter(f"must be {want}", param_hint=option)
    return parsed


def parse_ids(value: str | None, option: str = "--ids") -> list[int] | None:
    """``"1,2,3"`` -> ``[1, 2, 3]``; anything else is a usage error naming the option."""
    if value is None:
        return None
    try:
        ids = [int(x) for x in value.split(",") if x.strip()]
    except ValueError:
        raise click.BadParameter(f"must be comma-separated integer ids, got {value!r}", param_hint=option) from None
    if not ids:
        raise click.BadParameter("must name at least one id", param_hint=option)
    return ids


def params_or_exit(model: type[pydantic.BaseModel], **fields: Any) -> Any:
    """Build a params model from the options that were given (``None`` = not given)."""
    return model.model_validate({k: v for k, v in fields.items() if v is not None})


def run_delete(
    family: str, ids: list[Any], action: Callable[[Any], object], *, bulk: bool = False, yes: bool = False
) -> None:
    """Run a delete (``action(ws)``), echo its warnings to stderr, print what went and where its backup is.

    A bulk delete against real Mixpanel asks first (or needs ``--yes``), as S2 wants.
    """
    ws = get_workspace()
    if bulk and not confirm_real(ws, f"delete {len(ids)} {family}", yes):
        raise click.Abort()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        action(ws)
    for w in caught:
        click.echo(f"warning: {w.message}", err=True)
    backup = ws.backups.latest(family)
    emit({"deleted": ids, "backup": backup.path if backup else None})


def confirm_real(ws: Any, what: str, yes: bool) -> bool:
    """Against real Mixpanel, ask (or need ``--yes``) before a bulk delete (S2)."""
    if not ws.target.is_real or yes:
        return True
    if not sys.stdin.isatty():
        raise click.UsageError(f"{what} on {ws.target.label()} needs --yes (no terminal to confirm on)")
    answer = click.prompt(f"{what} on {ws.target.label()}: type yes to go ahead", default="", show_default=False)
    return str(answer).strip().lower() == "yes"
