"""The CSV dialect of ``mpnb <family> export`` / ``apply``.

UTF-8, a header row, ``id`` first, nested fields as compact JSON, an empty cell is null and ``""`` (quoted)
is the empty string. Python's csv module cannot tell those two apart on reading, so reading uses a small
regex tokenizer that remembers which fields were quoted. A file without an ``id`` column, or with
non-integer ids for an integer family, is refused.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from mpnb._gc import paused_gc
from mpnb._models import MAX_DEPTH, too_deep
from mpnb.errors import InputError
from mpnb.frames._compare import is_null
from mpnb.frames._frame import ATTR_FAMILY, Kind, dtype_table, empty_index
from mpnb.frames._specs import FamilySpec

__all__ = ["parse_csv", "read_csv", "write_csv"]

_NEEDS_QUOTES = re.compile(r'[",\r\n]|^\s|\s$')
_CELL = re.compile(r'(?:"([^"]*(?:""[^"]*)*)"|([^,"\r\n]*))(,|\r\n|\r|\n|\Z)')


def _cell(v: Any) -> str:
    if isinstance(v, (dict, list)):
        text = json.dumps(v, separators=(",", ":"), ensure_ascii=False, default=str)
    elif isinstance(v, np.ndarray):
        text = json.dumps(v.tolist(), separators=(",", ":"), ensure_ascii=False, default=str)
    elif is_null(v):
        return ""
    elif isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    elif isinstance(v, np.generic):
        return _cell(v.item())
    elif isinstance(v, (datetime, date)):  # pd.Timestamp too
        text = v.isoformat()
    else:
        text = str(v)
    if text == "" or _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(df: pd.DataFrame) -> str:
    """The frame as CSV text: ``id`` first, then every column."""
    cols = [str(c) for c in df.columns]
    lines = [",".join(_cell(c) for c in ["id", *cols])]
    index = df.index.to_numpy(dtype=object)
    values = [df[c].to_numpy(dtype=object) for c in df.columns]
    for i in range(len(df)):
        lines.append(",".join([_cell(index[i]), *(_cell(col[i]) for col in values)]))
    return "\n".join(lines) + "\n"


def parse_csv(text: str) -> list[list[tuple[str, bool]]]:
    """Rows of ``(text, was_quoted)`` cells.

    One regex steps from cell to cell, each match a cell and what ends it (comma, line end, or the end of
    the text); a cell that does not match (a quote inside an unquoted cell) stops it."""
    if text.startswith("\ufeff"):
        text = text[1:]
    rows: list[list[tuple[str, bool]]] = []
    row: list[tuple[str, bool]] = []
    append = row.append
    match, pos = _CELL.match, 0
    while True:
        m = match(text, pos)
        if m is None:
            raise InputError(f"malformed CSV at line {len(rows) + 1}: a quote inside an unquoted field", field="file")
        quoted, plain, end = m.groups()
        pos = m.end()
        append((quoted.replace('""', '"'), True) if quoted is not None else (plain, False))
        if end == ",":
            continue
        rows.append(row)
        if not end or pos >= len(text):
            break
        row = []
        append = row.append
    return [r for r in rows if r != [("", False)]]


# pandas writes True/False, spreadsheets TRUE/FALSE, and a float column 1.0: all read as what was exported
_BOOLS = {"true": True, "false": False, "1": True, "0": False, "1.0": True, "0.0": False}
_WORDS = ("true", "false")
_TYPED = frozenset({"Int64", "Float64", "boolean", "datetime"})  # columns where "" can only mean missing
_JSON_STARTS = frozenset('{["-0123456789tfn \t')  # what a JSON text other than a plain word starts with


def _number(text: str, kind: str, col: str, pos: int) -> int | float:
    try:
        if kind == "Float64":
            return float(text)
        try:
            return int(text)
        except ValueError:
            value = float(text)  # "3.0": pandas writes an integer column with blanks as floats
            if not value.is_integer():
                raise
            return int(value)
    except ValueError:
        raise InputError(f"column {col!r}, row {pos + 2}: {text!r} is not a number", field=col) from None


def _too_deep(col: str, pos: int) -> InputError:
    return InputError(
        f"column {col!r}, row {pos + 2}: the JSON is nested more than {MAX_DEPTH} levels deep; deeper JSON is "
        "refused before anything is sent",
        field=col,
    )


def _convert(kind: Kind | None, cells: list[tuple[str, bool]], col: str) -> Any:
    out: list[Any] = []
    typed = kind in _TYPED
    for pos, (text, quoted) in enumerate(cells):
        if text == "" and (typed or not quoted):  # a quoted "" is text only in a text column (csv.QUOTE_ALL)
            out.append(None)
        elif kind in ("string", "datetime"):
            out.append(text)
        elif kind in ("Int64", "Float64"):
            out.append(_number(text, kind, col, pos))
        elif kind == "boolean":
            low = text.strip().lower()
            if low not in _BOOLS:
                raise InputError(f"column {col!r}, row {pos + 2}: {text!r} is not true/false", field=col)
            out.append(_BOOLS[low])
        elif text.isascii() and text.isdigit() and (len(text) == 1 or text[0] != "0"):
            out.append(int(text))  # a count (idle days, alert count): what JSON would give, without its cost
        elif not text or text[0] not in _JSON_STARTS:  # (a quoted empty cell is the empty string)
            low = text.strip().lower()
            out.append(_BOOLS[low] if low in _WORDS else text)  # plain text, e.g. a params key
        else:
            try:
                value = json.loads(text)
            except ValueError:
                out.append(_BOOLS.get(text.strip().lower(), text) if text.strip().lower() in _WORDS else text)
                continue
            except RecursionError:
                raise _too_deep(col, pos) from None
            if len(text) > 2 * MAX_DEPTH and too_deep(value) is not None:
                raise _too_deep(col, pos)
            out.append(value)
    if kind == "datetime":
        return pd.to_datetime(pd.Series(out, dtype=object), format="ISO8601").array
    if kind in ("string", "Int64", "boolean", "Float64"):
        return pd.array(out, dtype=kind)
    arr = np.empty(len(out), dtype=object)
    for i, v in enumerate(out):
        arr[i] = v
    return arr


def _int_id(text: str, line: int, family: str) -> int:
    """An integer id cell: ``12``, or ``12.0`` as pandas writes an id column with a gap (a new row) in it."""
    bare = text.strip()
    if bare.lstrip("-").isdigit():
        return int(bare)
    whole, dot, zeros = bare.partition(".")
    if dot and whole.isdigit() and zeros.strip("0") == "":
        return int(whole)
    raise InputError(f"line {line}: id {text!r} is not an integer; {family} ids are integers", field="id")


def read_csv(text: str, spec: FamilySpec) -> pd.DataFrame:
    """A frame of ``spec``'s family from CSV text (dtypes from the model); rows with an empty id are creates."""
    with paused_gc():  # 20,000 rows of nested JSON cells: collections during the parse only cost time
        return _read_csv(text, spec)


def _read_csv(text: str, spec: FamilySpec) -> pd.DataFrame:
    rows = parse_csv(text)
    if not rows:
        raise InputError("the file is empty", field="file")
    header = [h for h, _ in rows[0]]
    if "id" not in header:
        raise InputError("the file has no 'id' column; export one with `mpnb <family> export`", field="id")
    width = len(header)
    for n, r in enumerate(rows[1:], start=2):
        if len(r) != width:
            raise InputError(f"line {n} has {len(r)} cells; the header has {width}", field="file")
    kinds = dtype_table(spec)
    at = header.index("id")
    ids: list[Any] = []  # None: a new row (create)
    for n, r in enumerate(rows[1:], start=2):
        text = r[at][0]
        if text.strip() == "":  # empty, or quoted empty (csv.QUOTE_ALL): a new row
            ids.append(None)
        elif spec.id_type is int:
            ids.append(_int_id(text, n, spec.name))
        else:
            ids.append(text)
    data = {col: _convert(kinds.get(col), [r[i] for r in rows[1:]], col) for i, col in enumerate(header) if col != "id"}
    df: pd.DataFrame = pd.DataFrame(data, index=empty_index(spec, ids))
    df.attrs[ATTR_FAMILY] = spec.name
    return df
