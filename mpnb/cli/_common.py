"""What every CLI command shares: the Workspace it talks to, option parsing, errors, paging, exit codes.

Exit codes: 0 ok; 1 transport or unexpected error; 2 usage (bad option, malformed JSON); 3 auth,
permission or configuration (an unwritable ``MPNB_HOME`` too); 4 not found or invalid input; 5 rate
limited; 6 server error; 7 outcome unknown (a create may or may not have happened); 8 nothing applied
because confirmation was missing (no terminal and no ``--yes``) or refused; 9 findings (``mpnb audit``
only); 130 interrupted (Ctrl-C).
Errors are one line on stderr, in the words of the command line, never a secret.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click
import pydantic

from mpnb import Workspace, errors
from mpnb.cli._output import emit, output_options

__all__ = [
    "EXIT",
    "Progress",
    "as_object",
    "common_options",
    "emit",
    "emit_pages",
    "get_workspace",
    "handle_errors",
    "id_argument",
    "page_options",
    "params_or_exit",
    "parse_ids",
    "parse_json",
    "progress",
    "user_words",
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
    "not_applied": 8,
    "findings": 9,
    "interrupted": 130,
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


_CLASS = re.compile(r"\b(?:Create|Update|BulkUpdate|Duplicate|Set|Validate)?([A-Z][A-Za-z]*?)(?:Params|Entry)\b")


def user_words(text: str) -> str:
    """Internal names out of a message: ``Bookmark 9 not found`` -> ``report 9 not found``, no params classes."""
    text = re.sub(r"\b[A-Z]\w*Params sets no field\b", "nothing to change: give at least one field option", text)
    text = _CLASS.sub(lambda m: re.sub(r"(?<!^)(?=[A-Z])", " ", m.group(1)).lower(), text)
    words = []
    for word in text.split(" "):
        if "/" not in word:  # URLs stay as sent
            word = re.sub(r"\bBookmark(s?)\b", lambda m: "Report" + m.group(1), word)
            word = re.sub(r"\bbookmark(s?)\b(?!_)", lambda m: "report" + m.group(1), word)
        words.append(word)
    return " ".join(words)


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, pydantic.ValidationError):
        parts = []
        for e in exc.errors():
            msg = str(e["msg"]).removeprefix("Value error, ")
            loc = ".".join(str(p) for p in e["loc"] if p != "value")
            parts.append(f"{loc}: {msg}" if loc else msg)
        return user_words(f"invalid {exc.title}: " + "; ".join(parts))
    return user_words(" ".join(str(exc).split()))


class Progress:
    """How far a long run got, for the Ctrl-C message: sent, done, not sent, and where the backups are."""

    def __init__(self, total: int, what: str, where: str | None = None, request_count: Callable[[], int] | None = None):
        self.total, self.what, self.where = total, what, where
        self.sent = self.done = 0
        self._requests = request_count
        self._start = request_count() if request_count else 0

    def summary(self) -> str:
        if self._requests is not None and self.done == 0 and self.sent == 0:
            sent = self._requests() - self._start
            text = (
                f"interrupted: {self.what} of {self.total} rows: {sent} requests sent (done or in flight), "
                "the rest not sent; re-run the same command to plan only what is left"
            )
        else:
            text = (
                f"interrupted: {self.what}: {self.done} done, {self.sent - self.done} sent without an answer, "
                f"{self.total - self.sent} not sent"
            )
        return text + (f"; backups and journal: {self.where}" if self.where else "")


_current: list[Progress] = []
_interrupted: list[Progress] = []


@contextmanager
def progress(run: Progress) -> Iterator[Progress]:
    """Make ``run`` the one the Ctrl-C handler reports on."""
    _current.append(run)
    try:
        yield run
    except KeyboardInterrupt:
        _interrupted.append(run)
        raise
    finally:
        _current.remove(run)


def _env_fault(exc: BaseException) -> str | None:
    from mpnb._backup import mpnb_home

    home = mpnb_home()
    if isinstance(exc, OSError):
        where = exc.filename or home
        return (
            f"cannot use {where} ({exc.strerror or exc}); MPNB_HOME ({home}) must be a writable folder: "
            "set MPNB_HOME to one, or fix its permissions"
        )
    if isinstance(exc, (json.JSONDecodeError, UnicodeDecodeError)):
        from mpnb.sandbox.default import LEGACY_FILE

        state = home / LEGACY_FILE
        return (
            f"a file mpnb keeps is not valid JSON ({exc}); if it is the CLI's sandbox, delete {state} to start afresh"
        )
    return None


def handle_errors(fn: F) -> F:
    """Turn mpnb's errors into one stderr line and a distinct exit code; Ctrl-C says how far the run got."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except click.exceptions.ClickException:
            raise
        except (errors.MpnbError, pydantic.ValidationError) as exc:
            click.echo(f"error: {_one_line(exc)}", err=True)
            sys.exit(_exit_code(exc))
        except KeyboardInterrupt:
            run = _interrupted[-1] if _interrupted else None
            _interrupted.clear()
            click.echo(run.summary() if run else "interrupted: a request may have been in flight", err=True)
            sys.exit(EXIT["interrupted"])
        except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            if isinstance(exc, BrokenPipeError):
                sys.exit(EXIT["error"])
            message = _env_fault(exc)
            if message is None:  # pragma: no cover - _env_fault knows every class caught here
                raise
            click.echo(f"error: {message}", err=True)
            sys.exit(EXIT["auth"])

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


def common_options(fn: F) -> F:
    """``--workspace-id`` and the output options, accepted after the subcommand too."""
    return workspace_option(output_options(fn))


class _CorruptState(errors.ConfigError):
    def __init__(self, path: Any, why: str) -> None:
        super().__init__(
            f"the sandbox state {path} is damaged ({why}); delete it (rm {path}) and the sandbox starts afresh"
        )


def get_workspace() -> Workspace:
    """The Workspace for this command: the environment's target, else the CLI's file-backed sandbox.

    Using the sandbox is said once on stderr, so a missing credential never goes unnoticed.
    """
    from mpnb._session import resolve_target

    ctx = click.get_current_context()
    root = ctx.find_root()
    root.ensure_object(dict)
    obj = root.obj
    wid = obj.get("workspace_id")
    if resolve_target() is None:
        from mpnb.sandbox import SandboxStateError, default_sandbox, default_sandbox_path

        path = default_sandbox_path()
        path.parent.mkdir(parents=True, exist_ok=True)  # an unwritable MPNB_HOME is one line, not a traceback
        try:
            sandbox = default_sandbox()
        except SandboxStateError:
            raise  # names the file and the fix itself: one line, exit 3 (a ConfigError)
        except ValueError as exc:
            raise _CorruptState(path, str(exc)) from None
        if not obj.get("sandbox_told"):
            click.echo(f"mpnb: no MP_* credentials: using the local sandbox ({path})", err=True)
            obj["sandbox_told"] = True
        return Workspace(_sandbox=sandbox, workspace_id=wid)
    return Workspace(workspace_id=wid)


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


def parse_entries(value: str, kind: type) -> dict[Any, dict[str, Any]]:
    """``--entries`` of a bulk update: a JSON list of objects, each with an ``id`` of ``kind`` -> fields by id."""
    items = parse_json(value, "--entries", kind=list)
    if not all(isinstance(e, dict) and isinstance(e.get("id"), kind) and not isinstance(e["id"], bool) for e in items):
        what = "an integer" if kind is int else "a string"
        raise click.BadParameter(f'every entry needs {what} "id"', param_hint="--entries")
    return {e["id"]: {k: v for k, v in e.items() if k != "id"} for e in items}


def parse_ids(value: str | None, option: str = "--ids", *, kind: type = int) -> list[Any] | None:
    """``"1,2,3"`` -> ``[1, 2, 3]`` (``kind=str`` keeps UUIDs as text); else a usage error naming the option."""
    if value is None:
        return None
    parts = [x.strip() for x in value.split(",") if x.strip()]
    if kind is int:
        if not all(p.isascii() and p.isdigit() for p in parts):
            raise click.BadParameter(f"must be comma-separated integer ids, got {value!r}", param_hint=option)
        ids: list[Any] = [int(p) for p in parts]
    else:
        ids = parts
    if not ids:
        raise click.BadParameter("must name at least one id", param_hint=option)
    return ids


def params_or_exit(model: type[pydantic.BaseModel], **fields: Any) -> Any:
    """Build a params model from the options that were given (``None`` = not given)."""
    return model.model_validate({k: v for k, v in fields.items() if v is not None})


def _complete(family: str) -> Callable[[click.Context, click.Parameter, str], list[Any]]:
    """Shell completion of ids from one list call (name as the hint); silent on any failure."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        try:
            from mpnb._session import resolve_target

            if resolve_target() is None:  # the sandbox every command uses, not a file of its own
                from mpnb.sandbox import default_sandbox

                ws = Workspace(_sandbox=default_sandbox())
            else:
                ws = Workspace()
            records = ws.records(family).read_all()
            entry = ws.records(family).family_entry
        except Exception:  # completion must never print a traceback into the shell
            return []
        out = []
        for record in records:
            text = str(entry.id_of(record) or "")
            if text.startswith(incomplete):
                out.append(CompletionItem(text, help=entry.label_of(record)[:60]))
        return out

    return complete


def id_argument(name: str, family: str, *, kind: type = int) -> Callable[[F], F]:
    """The entity id argument, with shell completion of existing ids."""
    return click.argument(name, type=kind, shell_complete=_complete(family))


def page_options(fn: F) -> F:
    """``--limit``, ``--all`` and ``--cursor``: the one paging style of history commands."""
    fn = click.option("--cursor", default=None, help="Start at this page (the cursor printed after the last page).")(fn)
    fn = click.option("--all", "all_pages", is_flag=True, help="Fetch every page (ignores --limit).")(fn)
    fn = click.option(
        "--limit",
        "--page-size",
        "limit",
        type=click.IntRange(min=1),
        default=50,
        show_default=True,
        help="Most entries to print (--page-size, the guide's name, means the same).",
    )(fn)
    return fn


def emit_pages(
    fetch: Callable[[str | None, int], tuple[list[dict[str, Any]], str | None]],
    *,
    limit: int,
    all_pages: bool,
    cursor: str | None,
    columns: list[str],
) -> None:
    """Print entries page after page up to ``limit`` (or all); the cursor to continue goes to stderr."""
    out: list[dict[str, Any]] = []
    size = 100 if all_pages else min(limit, 100)  # one size for every page: a page-number cursor stays valid
    while True:
        entries, cursor = fetch(cursor, size)
        out.extend(entries)
        if cursor is None or not entries or (not all_pages and len(out) >= limit):
            break
    if not all_pages and len(out) > limit:
        out = out[:limit]
    emit(out, columns)
    if cursor is not None and not all_pages:
        click.echo(f"more entries: add --cursor {cursor} (or --all)", err=True)


def as_object(entry: Any) -> dict[str, Any]:
    """A history entry as a JSON object, whatever shape it came in."""
    from mpnb.cli._output import plain

    value = plain(entry)
    return value if isinstance(value, dict) else {"value": value}
