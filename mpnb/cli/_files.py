"""The files ``apply`` reads: UTF-8 CSV or JSON as ``export`` writes them, and every common writer's variant.

A file in another encoding (a spreadsheet's "Unicode text" is UTF-16) is named as such, with the fix, never
blamed on mpnb's own files. JSON must be an array of objects (``export --format json``, or pandas'
``to_json(orient="records")``, whose dates are epoch milliseconds); anything else is malformed JSON for
this family: a usage error (exit 2). A CSV and a JSON file are told apart by their first character.
"""

from __future__ import annotations

import codecs
import json
from datetime import datetime, timezone
from typing import Any

import click

from mpnb.errors import InputError

__all__ = ["decode_file", "read_file", "records_to_csv"]

_BOMS = [
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
]


def decode_file(data: bytes, name: str) -> str:
    """``data`` as UTF-8 text (a UTF-8 byte-order mark is dropped); another encoding is an error naming the
    file, what it is, and how to convert it."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise InputError(
                f"{name} is {encoding} text; apply reads UTF-8: convert it (iconv -f {encoding} -t UTF-8 {name} > "
                f"utf8.csv) or save it as 'CSV UTF-8' in the spreadsheet",
                field="file",
            )
    if len(data) >= 4 and data[1:4:2] == b"\0\0" and data[0] and data[2]:  # "i\0d\0": UTF-16 without a mark
        raise InputError(
            f"{name} looks like UTF-16 text (every other byte is zero); apply reads UTF-8: convert it "
            f"(iconv -f UTF-16LE -t UTF-8 {name} > utf8.csv)",
            field="file",
        )
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{name} is not UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); apply reads UTF-8: save it "
            f"as UTF-8 (e.g. iconv -f LATIN1 -t UTF-8 {name} > utf8.csv)",
            field="file",
        ) from None


def _quoted(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (dict, list)):
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))  # pandas' JSON writes an integer column with gaps as floats
    else:
        text = str(value)
    return '"' + text.replace('"', '""') + '"'


def _id_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _quoted(value) if isinstance(value, str) else str(value)


def _epoch_ms(value: Any, column: str, time_columns: frozenset[str], made: set[str]) -> Any:
    """pandas' ``to_json`` writes the datetimes it parsed as epoch milliseconds: back to ISO text (UTC)."""
    if column in time_columns and isinstance(value, int) and not isinstance(value, bool) and value > 10**11:
        text = datetime.fromtimestamp(value / 1000, tz=timezone.utc).isoformat().replace("+00:00", "Z")
        made.add(text)
        return text
    return value


def records_to_csv(records: Any, time_columns: frozenset[str] = frozenset(), made: set[str] | None = None) -> str:
    """A JSON export (an array of objects) as the CSV dialect ``apply`` reads: null stays null, "" stays ""."""
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        got = "an object" if isinstance(records, dict) else type(records).__name__
        raise click.UsageError(
            f"malformed JSON for apply: an array of objects is needed, as `export --format json` writes; got {got}"
        )
    made = set() if made is None else made
    header = list(dict.fromkeys(["id", *(k for r in records for k in r)]))
    lines = [",".join(header)]
    for r in records:
        cells = []
        for c in header:
            value = r.get(c)
            if c == "id":
                cells.append(_id_cell(value))
            else:
                cells.append(_quoted(_epoch_ms(value, c, time_columns, made)))
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def _as_times(df: Any, columns: frozenset[str], made: set[str]) -> None:
    """Text columns that held epoch milliseconds hold those times as timestamps, which compare with the
    server's own spelling of the same time ("2025-01-06 09:00:00") as equal."""
    import pandas as pd

    for col in columns & set(df.columns):
        values = df[col].to_numpy(dtype=object)
        if any(isinstance(v, str) and v in made for v in values):
            df[col] = pd.array([pd.Timestamp(v) if isinstance(v, str) and v in made else v for v in values], "object")


def _kinds(model: Any) -> dict[str, str]:
    """Field name -> "datetime", "string" or "other", from the response model's annotations."""
    import types
    import typing

    def kind(annotation: Any) -> str:
        if typing.get_origin(annotation) is typing.Annotated:
            return kind(typing.get_args(annotation)[0])
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            found = {kind(a) for a in typing.get_args(annotation) if a is not type(None)}
            return found.pop() if len(found) == 1 else "other"
        return "datetime" if annotation is datetime else "string" if annotation is str else "other"

    return {name: kind(f.annotation) for name, f in model.model_fields.items()}


def read_file(text: str, spec: Any) -> Any:
    """A frame from CSV or JSON text (JSON when it starts with ``[`` or ``{``)."""
    from mpnb.cli._common import loads_checked
    from mpnb.frames import read_csv

    body = text.lstrip("\ufeff").lstrip()
    if body[:1] in ("[", "{"):
        try:
            records = json.loads(body)
        except json.JSONDecodeError as exc:
            raise click.UsageError(
                f"malformed JSON for apply: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from None
        except RecursionError:
            records = loads_checked(body, "file")  # raises the depth error, naming the file
        kinds = _kinds(spec.model_cls())
        times = frozenset(c for c, kind in kinds.items() if kind in ("datetime", "string"))
        made: set[str] = set()
        df = read_csv(records_to_csv(records, times, made), spec)
        if made:
            _as_times(df, frozenset(c for c in times if kinds[c] == "string"), made)
        return df
    return read_csv(text, spec)
