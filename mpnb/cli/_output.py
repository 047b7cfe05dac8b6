"""How every command prints: ``--format json|table|csv|ids``, ``-q``, ``--columns``, ``--wide``.

One style everywhere: times are UTC ISO 8601 with ``Z`` (``2025-03-31T00:00:00Z``; a time without a zone is
taken as UTC), booleans are ``true``/``false`` in every format, JSON is an array of objects (or one object).
Tables are drawn by rich, imported only when a table is printed, at the width of the terminal (or
``$COLUMNS``); a cut cell ends in an ellipsis and newlines inside a cell show as ``\\n``. ``--wide`` shows
every column in full.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable, Sequence
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any, TypeVar

import click
import pydantic

__all__ = ["FORMATS", "emit", "fmt", "output_options", "plain", "utc_text"]

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ["json", "table", "csv", "ids"]
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


def _opts() -> dict[str, Any]:
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return {}
    return dict(ctx.find_root().obj or {})


def fmt(default: str = "json") -> str:
    """The chosen output format (``-q`` means ``ids``)."""
    opts = _opts()
    if opts.get("quiet"):
        return "ids"
    return str(opts.get("format") or default)


def utc_text(value: datetime | date) -> str:
    """``2025-03-31T00:00:00Z``: UTC, seconds (fractions only when there are some)."""
    if not isinstance(value, datetime):
        return value.isoformat()
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds" if value.microsecond else "seconds") + "Z"


def plain(value: Any) -> Any:
    """Plain JSON values in the one date style; secrets masked."""
    if isinstance(value, pydantic.BaseModel):
        return plain(value.model_dump(mode="python"))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (datetime, date)):
        return utc_text(value)
    if isinstance(value, str) and _STAMP.match(value):
        try:
            return utc_text(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return value
    if isinstance(value, pydantic.SecretStr):
        return "**********"
    if isinstance(value, Enum):
        return plain(value.value)
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return plain(value.item())
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, float) and value != value:  # NaN
        return ""
    return str(value)


def _rows(data: Any) -> list[dict[str, Any]]:
    rows = data if isinstance(data, list) else [data]
    return [r if isinstance(r, dict) else {"value": r} for r in rows]


def _columns(rows: list[dict[str, Any]], default: Sequence[str] | None) -> list[str]:
    every = list(dict.fromkeys(k for r in rows for k in r))
    chosen = _opts().get("columns")
    if chosen:
        unknown = [c for c in chosen if rows and c not in every]
        if unknown:
            raise click.UsageError(f"--columns: no column {', '.join(unknown)}; columns here: {', '.join(every)}")
        return list(chosen)
    if _opts().get("wide"):
        return every
    cols = [c for c in default or [] if any(c in r for r in rows)]
    return cols or every


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    """Each row's id; for one summary object (``{"deleted": [1, 2], ...}``) the ids of its first list."""
    if len(rows) == 1 and "id" not in rows[0]:
        first = next(iter(rows[0].values()), None)
        if isinstance(first, list):
            return [_cell(v) for v in first]
    out = []
    for r in rows:
        key = "id" if "id" in r else next(iter(r), None)
        if key is not None:
            out.append(_cell(r[key]))
    return out


GAP = 3  # what rich's SIMPLE_HEAD box puts between two columns


def _fit(cols: list[str], cells: list[list[str]], width: int) -> list[int]:
    """Column widths that fit ``width``: ids in full, the widest other column shrunk first; columns that
    cannot fit even at a few letters are left out (a shorter list)."""
    natural = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    least = [n if c == "id" else min(n, 6) for c, n in zip(cols, natural)]
    shown = len(cols)
    while shown > 1 and sum(least[:shown]) + GAP * (shown - 1) > width:
        shown -= 1
    widths = natural[:shown]
    excess = sum(widths) + GAP * (shown - 1) - width
    while excess > 0:
        i = max(range(shown), key=lambda k: widths[k] if widths[k] > least[k] else -1)
        if widths[i] <= least[i]:
            break
        step = min(excess, widths[i] - least[i], max(1, widths[i] - max(w for j, w in enumerate(widths) if j != i)))
        widths[i] -= step
        excess -= step
    return widths


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def table_text(rows: list[dict[str, Any]], cols: list[str], *, width: int | None = None, wide: bool = False) -> str:
    """A rich table fitted to ``width`` (the terminal's, else ``$COLUMNS``, else 100), as plain text.

    Cells that do not fit end in an ellipsis; columns that cannot fit at all are left out with a note on
    stderr naming them (``--wide`` or ``--columns`` shows them).
    """
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    cells = [[_cell(r.get(c)).replace("\r", "\\r").replace("\n", "\\n") for c in cols] for r in rows]
    if width is None:
        width = shutil.get_terminal_size((100, 24)).columns
    if wide:
        widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
        width = max(width, sum(widths) + GAP * len(cols))
    else:
        widths = _fit(cols, cells, width)
        if len(widths) < len(cols):
            hidden = ", ".join(cols[len(widths) :])
            click.echo(f"note: not shown for lack of width: {hidden} (use --wide or --columns)", err=True)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    for c, w in zip(cols, widths):
        table.add_column(_cut(c, w), no_wrap=True, width=w)
    for row in cells:
        table.add_row(*(Text(_cut(v, w)) for v, w in zip(row, widths)))
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None, force_terminal=False, legacy_windows=False).print(table)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


def csv_text(rows: list[dict[str, Any]], cols: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for r in rows:
        writer.writerow([_cell(r.get(c)) for c in cols])
    return buf.getvalue()


def emit(data: Any, columns: Sequence[str] | None = None, *, default_format: str = "json") -> None:
    """Print ``data`` in the chosen format: JSON (all fields), or a table/CSV of ``columns``, or ids."""
    chosen = fmt(default_format)
    value = plain(data)
    if chosen == "json":
        if _opts().get("columns") and isinstance(value, (list, dict)):
            rows = _rows(value)
            cols = _columns(rows, None)
            picked = [{c: r.get(c) for c in cols} for r in rows]
            value = picked if isinstance(value, list) else picked[0]
        click.echo(json.dumps(value, indent=2, ensure_ascii=False))
        return
    rows = _rows(value)
    if chosen == "ids":
        for line in _ids(rows):
            click.echo(line)
        return
    cols = _columns(rows, columns)
    if chosen == "csv":
        click.echo(csv_text(rows, cols), nl=False)
        return
    click.echo(table_text(rows, cols, wide=bool(_opts().get("wide"))), nl=False)


def _set_obj(key: str, convert: Callable[[Any], Any] | None = None) -> Callable[..., Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None and value is not False:
            root = ctx.find_root()
            root.ensure_object(dict)
            root.obj[key] = convert(value) if convert else value
        return value

    return callback


def _split(value: str) -> list[str]:
    cols = [c.strip() for c in value.split(",") if c.strip()]
    if not cols:
        raise click.BadParameter("name at least one column", param_hint="--columns")
    return cols


def output_options(fn: F) -> F:
    """``--format``, ``-q``, ``--columns``, ``--wide``: accepted before or after the subcommand."""
    fn = click.option(
        "--wide",
        is_flag=True,
        expose_value=False,
        callback=_set_obj("wide"),
        help="Tables: show every column in full (no cut cells).",
    )(fn)
    fn = click.option(
        "--columns",
        default=None,
        expose_value=False,
        callback=_set_obj("columns", _split),
        help="Comma-separated columns (fields) to show, in this order; works with every format.",
    )(fn)
    fn = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_set_obj("quiet"),
        help="Print only ids, one a line (same as --format ids).",
    )(fn)
    fn = click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=None,
        expose_value=False,
        callback=_set_obj("format"),
        help="Output: json (default; every field), table, csv or ids.",
    )(fn)
    return fn
