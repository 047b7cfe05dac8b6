"""A frame as a person scans it: short ids, dates without midnight times, alert frequencies in words, names
instead of nested objects, and empty cells instead of ``<NA>``/``NaT``/``None``. For display only: edits and
plans always use the frame itself.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DISPLAY_COLUMNS",
    "display_columns",
    "frequency_words",
    "readable",
    "short_id",
    "tidy_html",
    "tidy_text",
    "when",
]

# Columns worth a glance, in order, per family (others stay in the frame; ``columns=`` shows any).
DISPLAY_COLUMNS = (
    "name",
    "title",
    "key",
    "bookmark_type",
    "status",
    "description",
    "tags",
    "owner",
    "dashboard_id",
    "bookmark",
    "frequency",
    "paused",
    "url",
    "is_enabled",
    "date",
    "total_view_count",
    "count",
    "created",
    "modified",
    "last_edited",
    "idle_days",
    "age_days",
)
_PERIODS = ((604_800, "week", "weekly"), (86_400, "day", "daily"), (3_600, "hour", "hourly"), (60, "minute", ""))


_ISO = re.compile(r"^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d)(?::\d\d(?:\.\d+)?)?(?:Z|[+-]00:?00)?$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_CELL = re.compile(r"(<td[^>]*>)([^<]*)(</td>)")
_ROW = re.compile(r"<tr[^>]*>.*?</tr>", re.S)


def short_id(value: Any, width: int = 8) -> str:
    """``baec1fcf-3aae-...`` -> ``baec1fcf…``; integer ids stay whole."""
    text = str(value)
    return text if len(text) <= width + 1 else text[:width] + "…"


def when(text: str) -> str:
    """An ISO time as a person writes it: ``2025-01-20T00:00:00`` -> ``2025-01-20``; other times to the minute."""
    match = _ISO.match(text.strip())
    if not match:
        return text
    day, clock = match.groups()
    return day if clock == "00:00" else f"{day} {clock}"


def tidy_text(text: str) -> str:
    """One shown value: no ``<NA>``/``NaT``/``None``/``nan``, short UUIDs, ISO times as :func:`when` writes them."""
    value = text.strip()
    if value in ("<NA>", "NaT", "None", "nan", "NaN"):
        return ""
    if _UUID.match(value):
        return short_id(value)
    return when(value)


def tidy_html(page: str) -> str:
    """A rendered table (a plan's, a result's) tidied cell by cell; a row whose field is ``frequency`` shows
    its before/after seconds in words (604800 -> weekly)."""
    import html as html_lib

    def cell(match: re.Match[str]) -> str:
        raw = html_lib.unescape(match.group(2))
        return f"{match.group(1)}{html_lib.escape(tidy_text(raw), quote=False)}{match.group(3)}"

    def row(match: re.Match[str]) -> str:
        text = _CELL.sub(cell, match.group(0))
        if "<td>frequency</td>" in text:
            text = re.sub(
                r"(<td>frequency</td><td>)(\d+)(</td><td>)(\d+)(</td>)",
                lambda m: (
                    f"{m.group(1)}{frequency_words(m.group(2))}{m.group(3)}{frequency_words(m.group(4))}{m.group(5)}"
                ),
                text,
            )
        return text

    return _ROW.sub(row, page)


def frequency_words(seconds: Any) -> str:
    """86400 -> "daily", 7200 -> "every 2 hours"; empty for a missing value."""
    try:
        n = int(seconds)
    except (TypeError, ValueError):
        return ""
    for size, unit, adverb in _PERIODS:
        if n % size == 0 and n >= size:
            k = n // size
            return adverb if k == 1 and adverb else f"every {k} {unit}{'s' * (k != 1)}"
    return f"every {n} seconds"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        for key in ("name", "title", "key", "id"):
            if value.get(key) not in (None, ""):
                return str(value[key])
        return json.dumps(value, default=str)[:60]
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, str):
        return when(value)
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def display_columns(df: pd.DataFrame, columns: list[str] | None = None) -> list[str]:
    if columns is not None:
        return [c for c in columns if c in df.columns]
    return [c for c in DISPLAY_COLUMNS if c in df.columns]


def readable(df: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """A display copy of ``df``: text cells, same row order, index of short ids named ``id``.

    >>> from mpnb.frames import readable
    >>> readable(ws.alerts.frame().head(10), ["name", "frequency", "paused"])   # 604800 reads "weekly"
    """
    import pandas as pd

    cols = display_columns(df, columns)
    out: pd.DataFrame = pd.DataFrame(index=pd.Index([short_id(i) for i in df.index], name="id"))
    for col in cols:
        s = df[col]
        if col == "frequency":
            out[col] = [frequency_words(v) for v in s]
        elif pd.api.types.is_datetime64_any_dtype(s.dtype):
            out[col] = s.dt.strftime("%Y-%m-%d").fillna("").to_numpy()  # created/modified: the day is enough
        elif pd.api.types.is_bool_dtype(s.dtype):
            out[col] = s.map(lambda v: "" if pd.isna(v) else ("yes" if v else "no")).to_numpy()
        elif pd.api.types.is_integer_dtype(s.dtype):  # numbers stay numbers (the grid sorts them so)
            out[col] = pd.array([None if pd.isna(v) else int(v) for v in s], dtype=object).fillna("")
        else:
            out[col] = [_cell(v) for v in s.to_numpy(dtype=object)]
    return out
