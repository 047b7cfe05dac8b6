"""What a FrameEditor cell holds: typed text turned into the column's value, equality as a person sees it,
and rows as the grid shows them (text) with the values it sorts by."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.errors import InputError
from mpnb.frames import readable
from mpnb.widgets._base import split_list

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FREQUENCIES", "PENDING", "coerce", "display_rows", "same"]

FREQUENCIES = {"hourly": 3_600, "daily": 86_400, "weekly": 604_800}
PENDING = "pending"  # the first column: "edited" or "delete" (searchable and filterable like any other)


def same(a: Any, b: Any) -> bool:
    """Cell equality as a person sees it: NA equals NA, lists compare as lists."""
    import pandas as pd

    if isinstance(a, (list, tuple, dict)) or isinstance(b, (list, tuple, dict)):
        return bool(a == b)
    a_na, b_na = bool(pd.isna(a)), bool(pd.isna(b))
    return a_na and b_na if a_na or b_na else bool(a == b)


def coerce(series: pd.Series, column: str, value: Any) -> Any:
    """Typed text as the column's value ("yes" for a flag, 42 for a count, a list for tags); refused in words."""
    import pandas as pd

    kind = series.dtype
    if column == "tags" and isinstance(value, str):
        return split_list(value)
    if not isinstance(value, str):
        return value
    text = value.strip()
    if pd.api.types.is_bool_dtype(kind):
        if text.lower() in ("yes", "true", "1", "on"):
            return True
        if text.lower() in ("no", "false", "0", "off"):
            return False
        raise InputError(f"{column} is yes or no, not {value!r}", field=column)
    if column == "frequency" and text.lower() in FREQUENCIES:
        return FREQUENCIES[text.lower()]
    if pd.api.types.is_integer_dtype(kind):
        if text == "":
            return pd.NA
        if not text.lstrip("-").isdigit():
            raise InputError(f"{column} is a whole number, not {value!r}", field=column)
        return int(text)
    return value


def display_rows(
    rows: pd.DataFrame, columns: list[str] | None, marks: list[str], *, int_ids: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``rows`` as the grid shows them (pending mark, short id, readable columns; index = the real ids) and
    the values to sort them by (numbers and dates as such; ids when they are numbers)."""
    import pandas as pd

    shown = readable(rows, columns)
    shown.insert(0, PENDING, marks)
    shown.insert(1, "id", list(shown.index))
    shown.index = rows.index
    keys = pd.DataFrame(index=rows.index)
    keys["id"] = rows.index.to_numpy() if int_ids else None
    for col in shown.columns[2:]:
        raw = rows[col]
        numeric = pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype)
        if numeric or pd.api.types.is_datetime64_any_dtype(raw.dtype):
            keys[col] = raw
    return shown, keys.dropna(axis=1, how="all")
