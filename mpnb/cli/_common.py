"""What every CLI command shares: the Workspace it talks to, option parsing, errors, paging, exit codes.

The pieces live in ``_errors`` (one-line errors, exit codes, Ctrl-C), ``_target`` (contexts, the sandbox
notice, ``--timeout``), ``_ids`` (ids as arguments, ``-`` for stdin, ``@file``) and ``_output`` (formats);
commands import them from here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import click
import pydantic

from mpnb import errors
from mpnb.cli._errors import (
    EXIT,
    Progress,
    cli_words,
    exit_code_of_rows,
    handle_errors,
    one_line,
    progress,
    set_pending_exit,
    user_words,
)
from mpnb.cli._ids import id_argument, ids_argument, parse_ids, read_value, resolve_ids
from mpnb.cli._output import emit, output_options
from mpnb.cli._target import get_workspace, target_options

__all__ = [
    "EXIT",
    "Progress",
    "as_object",
    "cli_words",
    "common_options",
    "emit",
    "emit_pages",
    "exit_code_of_rows",
    "get_workspace",
    "handle_errors",
    "id_argument",
    "ids_argument",
    "one_line",
    "page_options",
    "params_or_exit",
    "parse_entries",
    "parse_ids",
    "parse_json",
    "progress",
    "read_value",
    "resolve_ids",
    "set_pending_exit",
    "user_words",
]

F = TypeVar("F", bound=Callable[..., Any])
_one_line = one_line  # the name other modules used


def common_options(fn: F) -> F:
    """The target and output options, accepted after the subcommand too."""
    return target_options(output_options(fn))


def loads_checked(text: str, option: str) -> Any:
    """``json.loads`` that refuses nesting past the documented depth (exit 4, naming ``option``) and a number
    too long to convert, and says where malformed JSON breaks (a usage error, exit 2)."""
    from mpnb._models import MAX_DEPTH, too_deep

    def deep() -> errors.InputError:
        return errors.InputError(
            f"{option}: the JSON is nested more than {MAX_DEPTH} levels deep; deeper JSON is refused before "
            "anything is sent",
            field=option,
        )

    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"not valid JSON ({exc.msg} at char {exc.pos})", param_hint=option) from None
    except RecursionError:
        raise deep() from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise errors.InputError(f"{option}: {exc}", field=option) from None
    if too_deep(parsed) is not None:
        raise deep()
    return parsed


def parse_json(value: str | None, option: str, *, kind: type | tuple[type, ...] = (dict, list)) -> Any:
    """Parse a JSON option value (``@FILE`` reads a file, ``-`` stdin); malformed JSON is a usage error naming
    the option, JSON nested too deeply is refused (exit 4)."""
    value = read_value(value, option)
    if value is None:
        return None
    parsed = loads_checked(value, option)
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


def params_or_exit(model: type[pydantic.BaseModel], **fields: Any) -> Any:
    """Build a params model from the options that were given (``None`` = not given)."""
    return model.model_validate({k: v for k, v in fields.items() if v is not None})


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
