"""What a list can be asked for beyond its format: ``--jq`` (jq, the optional ``shell`` extra), YAML,
``--sort-by``, ``--limit`` and ``--all``.

jq is the ``jq`` package (jq's own C library, shipped as wheels): the real jq language, as ``gh --jq``
offers it, rather than a look-alike (jmespath is another language; pure-Python jq ports are partial).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = ["jq_lines", "list_options", "sorted_and_limited", "yaml_text"]

F = TypeVar("F", bound=Callable[..., Any])


def _keep(key: str) -> Callable[..., Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None and value is not False:
            root = ctx.find_root()
            root.ensure_object(dict)
            root.obj[key] = value
        return value

    return callback


def jq_lines(value: Any, expr: str) -> list[str]:
    """``expr`` applied to ``value`` by jq: one line per result (strings raw, as ``gh --jq`` prints them)."""
    try:
        import jq
    except ImportError:
        raise click.UsageError("--jq needs the jq package: pip install 'mpnb[shell]' (or pipe to jq)") from None
    try:
        program = jq.compile(expr)
    except ValueError as exc:
        raise click.BadParameter(" ".join(str(exc).split()), param_hint="--jq") from None
    try:
        results = program.input_value(value).all()
    except ValueError as exc:
        raise click.UsageError(f"--jq: {' '.join(str(exc).split())}") from None
    return [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in results]


def yaml_text(value: Any) -> str:
    try:
        import yaml
    except ImportError:
        raise click.UsageError("--format yaml needs PyYAML: pip install 'mpnb[shell]'") from None
    return str(yaml.safe_dump(value, sort_keys=False, allow_unicode=True, default_flow_style=False))


def _sort_key(field: str) -> Callable[[dict[str, Any]], Any]:
    def key(row: dict[str, Any]) -> Any:
        v = row.get(field)
        if v is None:
            return (2, "")
        if isinstance(v, bool):
            return (0, int(v))
        if isinstance(v, (int, float)):
            return (0, v)
        return (1, (json.dumps(v, sort_keys=True) if isinstance(v, (dict, list)) else str(v)).lower())

    return key


def sorted_and_limited(rows: list[Any], opts: dict[str, Any]) -> list[Any]:
    """``--sort-by [-]FIELD`` and ``--limit N`` of a list command (other commands never set them)."""
    by, limit = opts.get("sort_by"), opts.get("limit")
    if by and rows and isinstance(rows[0], dict):
        field = by.lstrip("-").lstrip(".")
        if not any(field in r for r in rows):
            every = ", ".join(dict.fromkeys(k for r in rows[:50] for k in r))
            raise click.UsageError(f"--sort-by: no field {field}; fields here: {every}")
        rows = sorted(rows, key=_sort_key(field), reverse=by.startswith("-"))
    if limit is not None and not opts.get("all"):
        rows = rows[:limit]
    return rows


def list_options(fn: F) -> F:
    """``--limit``, ``--all`` and ``--sort-by`` of the list commands."""
    fn = click.option(
        "--sort-by",
        default=None,
        metavar="[-]FIELD",
        expose_value=False,
        callback=_keep("sort_by"),
        help="Sort by this field (a leading - sorts descending; empty values last).",
    )(fn)
    fn = click.option(
        "--all",
        "all_rows",
        is_flag=True,
        expose_value=False,
        callback=_keep("all"),
        help="Print every entity (the default; overrides --limit).",
    )(fn)
    fn = click.option(
        "--limit",
        type=click.IntRange(min=1),
        default=None,
        expose_value=False,
        callback=_keep("limit"),
        help="Print at most this many (after --sort-by).",
    )(fn)
    return fn
