"""What ``mpnb <family> export`` writes: the family's frame as the CSV dialect ``apply`` reads, or JSON records.

Rows are written as they are formatted (never one big string); times carry their zone as ``Z`` (a time the
server sends without a zone is taken as UTC, as everywhere in the CLI; ``apply`` reads both spellings);
``--columns`` picks columns, with ``id`` always first in a CSV or JSON file so ``apply`` can read it back.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from typing import Any

import click

from mpnb.cli._output import chosen_format, emit, opts, utc_text

__all__ = ["export_rows", "write_export"]

_READING = ["id", "name", "title", "description", "modified"]


def _frame(ws: Any, family: str) -> Any:
    """The family's frame as ``ws.<family>.frame()`` builds it, without what only an in-place edit needs
    (the snapshot and its copy, the cells wrapped to track edits): an export is read once and let go."""
    from mpnb.frames import spec_for
    from mpnb.frames._cleanup import add_cleanup_columns, read_related
    from mpnb.frames._frame import build_frame, target_of
    from mpnb.frames._gc import paused_gc

    spec = spec_for(family)
    related = read_related(ws, spec)  # first, as frame() does: its records go before the main read's
    with paused_gc():
        records = spec.list_raw(ws, {})
        df = build_frame(spec, records, target=target_of(ws))
        del records
        return add_cleanup_columns(ws, spec, df, read=related)


_QUOTE = re.compile(r'[",\r\n]|^\s|\s$')


def _csv_cell(value: Any) -> str:
    """``write_csv``'s cell, with the common types first (700,000 cells in a 20,000-report export)."""
    kind = type(value)
    if kind is str:
        text: str = value
        return '"' + text.replace('"', '""') + '"' if text == "" or _QUOTE.search(text) else text
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    from mpnb.frames._csv import _cell

    return str(_cell(value))


def export_rows(ws: Any, family: str) -> tuple[list[str], Iterator[list[Any]]]:
    """The header and the rows of the export (cells as the frame holds them; times as ``...Z`` text)."""
    import pandas as pd

    df = _frame(ws, family)
    cols = ["id", *(str(c) for c in df.columns)]
    values: list[Any] = [df.index.to_numpy(dtype=object)]
    for c in df.columns:
        col = df[c]
        if isinstance(col.dtype, pd.DatetimeTZDtype) or str(col.dtype).startswith("datetime64"):
            values.append([None if pd.isna(v) else utc_text(v.to_pydatetime()) for v in col])
        else:
            values.append(col.to_numpy(dtype=object))
    del df

    def rows() -> Iterator[list[Any]]:
        for i in range(len(values[0])):
            yield [v[i] for v in values]

    return cols, rows()


def _picked(cols: list[str], *, keep_id: bool) -> list[int]:
    chosen = opts().get("columns")
    if not chosen:
        return list(range(len(cols)))
    unknown = [c for c in chosen if c not in cols]
    if unknown:
        raise click.UsageError(f"--columns: no column {', '.join(unknown)}; columns here: {', '.join(cols)}")
    names = (["id"] if keep_id and "id" not in chosen else []) + list(chosen)
    return [cols.index(c) for c in names]


def write_export(family: str, exported: tuple[list[str], Iterator[list[Any]]]) -> None:
    """Write the export in the chosen format (CSV by default), a row at a time."""
    from mpnb.frames import plain

    cols, rows = exported
    chosen = chosen_format() or "csv"
    out = sys.stdout
    if chosen == "csv":
        at = _picked(cols, keep_id=True)
        out.write(",".join(_csv_cell(cols[i]) for i in at) + "\n")
        for row in rows:
            out.write(",".join(_csv_cell(row[i]) for i in at) + "\n")
        return
    if chosen == "json":
        at = _picked(cols, keep_id=True)
        names = [cols[i] for i in at]
        encode = json.JSONEncoder(indent=1, ensure_ascii=False).encode
        first = True
        for row in rows:
            text = encode(dict(zip(names, (plain(row[i]) for i in at)))).replace("\n", "\n ")
            out.write(("[\n " if first else ",\n ") + text)
            first = False
        out.write("[]\n" if first else "\n]\n")
        return
    emit([dict(zip(cols, (plain(v) for v in row))) for row in rows], _READING, default_format="csv")
