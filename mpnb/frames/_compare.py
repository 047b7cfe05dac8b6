"""What counts as a change: NaN vs None vs "", 1 vs 1.0 and JSON key order are not; everything else is.

An empty text and a missing one are the same (every spreadsheet tool writes both as an empty cell, and a
frame shows both as blank), so "" on the server and an empty cell in a file is no change.

``diff_mask`` compares two aligned columns (vectorised; of columns holding Python objects, only the cells
that are not the snapshot's very objects are compared);
``same`` compares two cells; ``plain`` turns a cell into the JSON value it will be sent as.
"""

from __future__ import annotations

import ctypes
import math
import operator
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["diff_mask", "is_null", "plain", "same"]


def is_null(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    if isinstance(v, np.floating):
        return bool(np.isnan(v))
    return isinstance(v, type(pd.NaT))


def plain(v: Any) -> Any:
    """A cell as plain JSON-able Python: NA/NaN -> None, numpy scalars -> int/float/bool, times -> ISO."""
    if type(v) is str or type(v) is int or type(v) is bool:
        return v  # the common cells, first
    if is_null(v):
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, np.ndarray):
        return [plain(x) for x in v.tolist()]
    return v


def _blank(v: Any) -> bool:
    return v == "" if isinstance(v, str) else is_null(v)


def same(a: Any, b: Any) -> bool:
    """Equal as Mixpanel would store them (``{"a": 1, "b": 2.0} == {"b": 2, "a": 1}``; ``"" == None``)."""
    if a is b:
        return True
    if type(a) is type(b) and isinstance(a, (dict, list, str, int)) and a == b:
        return True  # the common case, fast: dict equality ignores key order, 1 == 1.0 inside
    both = (isinstance(a, dict) and isinstance(b, dict)) or (isinstance(a, list) and isinstance(b, list))
    if both and a == b:
        return True  # a tracked cell and a plain one
    na, nb = _blank(a), _blank(b)
    if na or nb:
        return na and nb
    if isinstance(a, (pd.Timestamp, datetime)) or isinstance(b, (pd.Timestamp, datetime)):
        try:
            ta, tb = pd.Timestamp(a), pd.Timestamp(b)
            if (ta.tzinfo is None) != (tb.tzinfo is None):  # a time without a zone is UTC (the CLI writes it "Z")
                ta, tb = (t.tz_localize("UTC") if t.tzinfo is None else t for t in (ta, tb))
            return bool(ta == tb)
        except (ValueError, TypeError):
            return False
    a, b = plain(a), plain(b)
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    try:
        return bool(a == b)
    except (ValueError, TypeError):
        return False


def _holds_objects(s: pd.Series) -> bool:
    """The column's cells are Python objects that ``to_numpy(dtype=object)`` hands back as they are."""
    return s.dtype == object or (isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "python")


def diff_mask(edited: pd.Series, base: pd.Series) -> np.ndarray:
    """True where the aligned cells differ (same index, same order)."""
    if len(edited) == 0:
        return np.zeros(0, dtype=bool)
    if _holds_objects(edited) and _holds_objects(base):
        # A copied frame shares its cells' objects with the snapshot: only the cells that are not the very
        # same object are compared (identity is cheaper than a missing-value scan plus a vectorised ==).
        ev, bv = edited.to_numpy(dtype=object), base.to_numpy(dtype=object)
        out = ~_same_objects(ev, bv)
        if out.any():
            idx = np.flatnonzero(out)
            out[idx] = _diff(edited.iloc[idx], base.iloc[idx])
        return out
    return _diff(edited, base)


def _same_objects(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a[i] is b[i]`` for every cell of two object arrays of one length.

    A contiguous object array is an array of object addresses: compared as integers, in one vector
    operation (0.2 ms for 20,000 cells, against 0.7 ms for ``map(operator.is_, ...)``, per column)."""
    if a.flags.c_contiguous and b.flags.c_contiguous and len(a):
        same: np.ndarray = _addresses(a) == _addresses(b)  # both arrays hold their objects alive meanwhile
        return same
    return np.fromiter(map(operator.is_, a, b), dtype=bool, count=len(a))


def _addresses(a: np.ndarray) -> np.ndarray:
    raw = (ctypes.c_char * (a.size * a.itemsize)).from_address(a.ctypes.data)
    return np.frombuffer(memoryview(raw).cast("B"), dtype=np.uintp)


def _diff(edited: pd.Series, base: pd.Series) -> np.ndarray:
    if isinstance(edited.dtype, pd.StringDtype) and isinstance(base.dtype, pd.StringDtype):
        edited, base = edited.fillna(""), base.fillna("")  # "" and missing text are the same
    if edited.dtype == base.dtype and edited.dtype != object:
        en, bn = edited.isna().to_numpy(), base.isna().to_numpy()
        try:
            ne = (edited.to_numpy() != base.to_numpy()) if edited.dtype.kind in "biufM" else None
        except TypeError:
            ne = None
        if ne is None:
            ne = (edited != base).fillna(False).to_numpy(dtype=bool)
        return np.asarray((ne & ~en & ~bn) | (en ^ bn), dtype=bool)
    ev, bv = edited.to_numpy(dtype=object), base.to_numpy(dtype=object)
    return np.fromiter((not same(x, y) for x, y in zip(ev, bv)), dtype=bool, count=len(ev))
