"""Ids the way gh and kubectl take them: several as arguments (``delete 3 4 5``), ``-`` for stdin (one per line,
or separated by commas or spaces: ``mpnb reports list -q | mpnb reports bulk-delete --ids -``), ``--ids 1,2``,
and ``--entries @file.json`` for JSON read from a file; completion of existing ids from one list call.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = ["id_argument", "ids_argument", "parse_ids", "read_value", "resolve_ids"]

F = TypeVar("F", bound=Callable[..., Any])
_SPLIT = re.compile(r"[\s,]+")


def _stdin_text(option: str) -> str:
    stream = sys.stdin
    if stream is None or stream.isatty():
        raise click.BadParameter("'-' reads ids from stdin, but stdin is a terminal: pipe them in", param_hint=option)
    return stream.read()


def read_value(value: str | None, option: str) -> str | None:
    """``@FILE`` -> the file's text, ``-`` or ``@-`` -> stdin; anything else as given."""
    if value is None or (not value.startswith("@") and value != "-"):
        return value
    if value in ("-", "@-"):
        return str(sys.stdin.read())
    path = value[1:]
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except OSError as exc:
        raise click.BadParameter(f"cannot read {path} ({exc.strerror or exc})", param_hint=option) from None
    except UnicodeDecodeError as exc:
        raise click.BadParameter(
            f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8", param_hint=option
        ) from None


def _convert(parts: list[str], kind: type, option: str, shown: str) -> list[Any]:
    if kind is int:
        bad = [p for p in parts if not (p.isascii() and p.isdigit())]
        if bad:
            raise click.BadParameter(
                f"must be integer ids (comma-, space- or newline-separated), got {bad[0]!r} in {shown!r}",
                param_hint=option,
            )
        return [int(p) for p in parts]
    return parts


def parse_ids(value: str | None, option: str = "--ids", *, kind: type = int) -> list[Any] | None:
    """``"1,2,3"``, ``"1 2 3"`` or ``-`` (stdin, one a line) -> ``[1, 2, 3]``; ``kind=str`` keeps UUIDs as text;
    else a usage error naming the option."""
    if value is None:
        return None
    text = _stdin_text(option) if value.strip() == "-" else value
    parts = [p for p in _SPLIT.split(text.strip()) if p]
    ids = list(dict.fromkeys(_convert(parts, kind, option, value if value != "-" else "stdin")))
    if not ids:
        raise click.BadParameter("must name at least one id", param_hint=option)
    return ids


def resolve_ids(values: tuple[str, ...], *, kind: type = int, name: str = "ID") -> list[Any]:
    """The ids given as arguments, with ``-`` standing for those read from stdin."""
    out: list[Any] = []
    for value in values:
        got = parse_ids(value, name, kind=kind)
        out.extend(got or [])
    if not out:
        raise click.BadParameter("name at least one id (or - to read them from stdin)", param_hint=name)
    return list(dict.fromkeys(out))


def _complete(family: str) -> Callable[[click.Context, click.Parameter, str], list[Any]]:
    """Shell completion of ids from one list call (name as the hint); silent on any failure."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        try:
            from mpnb import Workspace
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
    """One entity id argument, with shell completion of existing ids."""
    return click.argument(name, type=kind, shell_complete=_complete(family))


def ids_argument(name: str, family: str) -> Callable[[F], F]:
    """One or more ids (``-`` reads more from stdin), with shell completion; pass the tuple to ``resolve_ids``."""
    return click.argument(name, nargs=-1, required=True, shell_complete=_complete(family))
