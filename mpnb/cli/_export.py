"""What ``mpnb <family> export`` writes: the family's frame as the CSV dialect ``apply`` reads, or JSON records.

Rows are written as they are formatted (never one big string); times carry their zone as ``Z`` (a time the
server sends without a zone is taken as UTC, as everywhere in the CLI; ``apply`` reads both spellings);
``--columns`` picks columns, with ``id`` always first in a CSV or JSON file so ``apply`` can read it back.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

import click

from mpnb.cli._output import chosen_format, emit, opts, utc_text

__all__ = ["export_rows", "write_export"]

_READING = ["id", "name", "title", "description", "modified"]


def _frame(ws: Any, family: str) -> Any:
    return getattr(ws, family).frame()


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
    from mpnb.frames._csv import _cell as csv_cell

    cols, rows = exported
    chosen = chosen_format() or "csv"
    out = sys.stdout
    if chosen == "csv":
        at = _picked(cols, keep_id=True)
        out.write(",".join(csv_cell(cols[i]) for i in at) + "\n")
        for row in rows:
            out.write(",".join(csv_cell(row[i]) for i in at) + "\n")
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
