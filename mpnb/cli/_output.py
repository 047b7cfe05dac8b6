"""How every command prints: ``-o/--format json|yaml|table|csv|ids``, ``-q``, ``--columns``, ``--wide``, ``--jq``.

One style everywhere: a JSON list is an array with one object a line (a single object is indented); times
are UTC ISO 8601 with ``Z`` (``2025-03-31T00:00:00Z``; a time without a zone is
taken as UTC), booleans are ``true``/``false`` in every format, JSON is an array of objects (or one object).
Tables are drawn by rich, imported only when a table is printed, at the width of the terminal (or
``$COLUMNS``), measured in terminal cells (a CJK character or an emoji takes two); a cut cell ends in an
ellipsis and newlines inside a cell show as ``\\n``. ``--wide`` shows every column in full; ids and file
names are never cut. ``--jq EXPR`` filters the JSON with jq (the optional ``jq`` package: ``pip install
'mpnb[shell]'``), printing strings raw and anything else as JSON, one result a line, as ``gh --jq`` does.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timezone
from enum import Enum
from typing import Any, TypeVar

import click
import pydantic

from mpnb.cli._filters import jq_lines, list_options, sorted_and_limited, yaml_text

__all__ = [
    "FORMATS",
    "chosen_format",
    "emit",
    "emit_stream",
    "fmt",
    "list_options",
    "opts",
    "output_options",
    "plain",
    "utc_text",
]

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ["json", "yaml", "table", "csv", "ids"]
KEEP_WHOLE = ("id", "file")  # never cut: what the next command needs
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


def _opts() -> dict[str, Any]:
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return {}
    return dict(ctx.find_root().obj or {})


def opts() -> dict[str, Any]:
    """The global options of this command (format, columns, ...), wherever on the line they were given."""
    return _opts()


def chosen_format() -> str | None:
    """The format asked for (``-q`` is ``ids``), or ``None`` when none was."""
    o = _opts()
    return "ids" if o.get("quiet") else o.get("format")


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
    kind = type(value)
    if kind is str:  # the common cells first: most text is not a time
        if len(value) < 16 or value[4:5] != "-" or not _STAMP.match(value):
            return value
    elif kind is int or kind is bool or kind is float or value is None:
        return value
    elif kind is dict:
        return {k if type(k) is str else str(k): plain(v) for k, v in value.items()}
    elif kind is list:
        return [plain(v) for v in value]
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


def _ids(rows: list[dict[str, Any]], id_key: str = "id") -> list[str]:
    """Each row's id (``id_key``: what names an entity, e.g. an event's ``name``); for one summary object
    (``{"deleted": [1, 2], ...}``) the ids of its first list."""
    if len(rows) == 1 and id_key not in rows[0] and "id" not in rows[0]:
        first = next(iter(rows[0].values()), None)
        if isinstance(first, list):
            return [_cell(v) for v in first]
    out = []
    for r in rows:
        key = id_key if id_key in r else "id" if "id" in r else next(iter(r), None)
        if key is not None:
            out.append(_cell(r[key]))
    return out


GAP = 3  # what rich's SIMPLE_HEAD box puts between two columns


def _width(text: str) -> int:
    """Terminal cells ``text`` takes (a CJK character or most emoji: two)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return int(cell_len(text))


def _fit(cols: list[str], cells: list[list[str]], width: int) -> list[int]:
    """Column widths that fit ``width``: ids and file names in full, the widest other column shrunk first;
    columns that cannot fit even at a few cells are left out (a shorter list)."""
    natural = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(cols)]
    least = [n if c in KEEP_WHOLE else min(n, 6) for c, n in zip(cols, natural)]
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
    """``text`` in at most ``width`` cells: cut ones end in an ellipsis (never half a wide character)."""
    if _width(text) <= width:
        return text
    if text.isascii():
        return text[: max(width - 1, 0)] + "…"
    from rich.cells import set_cell_size

    return str(set_cell_size(text, max(width - 1, 0))).rstrip(" ") + "…"


def table_text(rows: list[dict[str, Any]], cols: list[str], *, width: int | None = None, wide: bool = False) -> str:
    """A table fitted to ``width`` (the terminal's, else ``$COLUMNS``, else 100), as plain text: the layout
    of rich's simple-head table (header, a rule, one line a row, three spaces between columns), drawn here
    because rich took seconds for 20,000 rows. Widths are terminal cells.

    Cells that do not fit end in an ellipsis; columns that cannot fit at all are left out with a note on
    stderr naming them (``--wide`` or ``--columns`` shows them).
    """
    cells = [[_cell(r.get(c)).replace("\r", "\\r").replace("\n", "\\n") for c in cols] for r in rows]
    if width is None:
        width = shutil.get_terminal_size((100, 24)).columns
    if wide:
        widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(cols)]
    else:
        widths = _fit(cols, cells, width)  # ids and file names are never cut, even past the width
        if len(widths) < len(cols):
            hidden = ", ".join(cols[len(widths) :])
            click.echo(f"note: not shown for lack of width: {hidden} (use --wide or --columns)", err=True)
    gap = " " * GAP

    def line(values: list[str]) -> str:
        parts = []
        for v, w in zip(values, widths):
            text = _cut(v, w)
            parts.append(text + " " * (w - _width(text)))
        return gap.join(parts).rstrip()

    out = [line(cols), "─" * (sum(widths) + GAP * (len(widths) - 1))]
    out += [line(row) for row in cells]
    return "\n".join(out) + "\n"


def csv_text(rows: list[dict[str, Any]], cols: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for r in rows:
        writer.writerow([_cell(r.get(c)) for c in cols])
    return buf.getvalue()


def emit(data: Any, columns: Sequence[str] | None = None, *, default_format: str = "json", id_key: str = "id") -> None:
    """Print ``data`` in the chosen format: JSON or YAML (all fields), a table/CSV of ``columns``, or ids (each
    row's ``id_key``)."""
    chosen = fmt(default_format)
    value = plain(data)
    if isinstance(value, list):
        value = sorted_and_limited(value, _opts())
    expr = _opts().get("jq")
    if chosen in ("json", "yaml") or expr:
        if _opts().get("columns") and isinstance(value, (list, dict)):
            rows = _rows(value)
            cols = _columns(rows, None)
            picked = [{c: r.get(c) for c in cols} for r in rows]
            value = picked if isinstance(value, list) else picked[0]
        if expr:
            for line in jq_lines(value, expr):
                click.echo(line)
        elif chosen == "yaml":
            click.echo(yaml_text(value), nl=False)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            _json_lines(value, sys.stdout.write)
        else:
            click.echo(json.dumps(value, indent=2, ensure_ascii=False))
        return
    rows = _rows(value)
    if chosen == "ids":
        for line in _ids(rows, id_key):
            click.echo(line)
        return
    cols = _columns(rows, columns)
    if chosen == "csv":
        click.echo(csv_text(rows, cols), nl=False)
        return
    click.echo(table_text(rows, cols, wide=bool(_opts().get("wide"))), nl=False)


def emit_stream(rows: Iterable[dict[str, Any]], columns: Sequence[str] | None = None) -> None:
    """Print rows as they come (JSON, CSV or ids) without holding them all; anything that needs the whole
    list first (a table's widths, YAML, ``--jq``, ``--sort-by``) collects them and goes through ``emit``."""
    opts = _opts()
    chosen = fmt("json")
    if chosen == "table" and not opts.get("wide") and not opts.get("sort_by") and not opts.get("jq"):
        rows = iter(rows)
        first = next(rows, None)
        if first is not None:  # a table needs every row for its widths: only the shown columns are kept
            cols = _columns([first], columns)
            rows = ({c: r.get(c) for c in cols} for r in itertools.chain([first], rows))
            emit(list(rows), cols)
            return
        rows = []
    if chosen in ("table", "yaml") or opts.get("jq") or opts.get("sort_by"):
        emit(list(rows), columns)
        return
    limit = None if opts.get("all") else opts.get("limit")
    if limit is not None:
        rows = itertools.islice(rows, limit)
    out = sys.stdout
    write = out.write
    chosen_cols = opts.get("columns")
    if chosen == "ids":
        for r in rows:
            write(_ids([r])[0] + "\n" if r else "\n")
        return
    if chosen == "csv":
        first = next(iter(rows), None)
        if first is None:
            write(",".join(chosen_cols or columns or []) + "\n")
            return
        cols = _columns([first], columns)
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(cols)
        for r in itertools.chain([first], rows):
            writer.writerow([_cell(r.get(c)) for c in cols])
        return

    def picked(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for n, r in enumerate(rows):
            if n == 0 and chosen_cols and not any(c in r for c in chosen_cols):
                raise click.UsageError(f"--columns: no column {', '.join(chosen_cols)}; columns here: {', '.join(r)}")
            yield {c: r.get(c) for c in chosen_cols} if chosen_cols else r

    _json_lines(picked(rows), write)


def _json_lines(rows: Iterable[dict[str, Any]], write: Callable[[str], Any]) -> None:
    """A JSON array with one object a line: one valid document, written as the objects come, and grep-,
    diff- and ``head``-friendly (the C encoder: an indented dump of 20,000 reports took seconds)."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    first = True
    for r in rows:
        write(("[\n" if first else ",\n") + dumps(r))
        first = False
    write("[]\n" if first else "\n]\n")


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
    """``-o/--format``, ``-q``, ``--columns``, ``--wide``, ``--jq``: accepted before or after the subcommand."""
    fn = click.option(
        "--jq",
        "jq_expr",
        default=None,
        metavar="EXPR",
        expose_value=False,
        callback=_set_obj("jq"),
        help="Filter the JSON output with a jq expression (needs the jq package: pip install 'mpnb[shell]').",
    )(fn)
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
        "-o",
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=None,
        expose_value=False,
        callback=_set_obj("format"),
        help="Output: json (default; every field), yaml, table, csv or ids.",
    )(fn)
    return fn
