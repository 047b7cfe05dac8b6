"""The grid's rows in the kernel: search, column filters, sort and paging over every row, page by page.

The browser only ever holds one page, so a frame of 200,000 rows costs the page what 15 rows cost; the
kernel answers each query over the whole frame (vectorised pandas, a few tens of milliseconds). Edited rows
keep their place in the current view until the user changes the query ("pinned"), so an edit never makes
the row you just typed in jump away or vanish.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["TableModel", "parse_filter"]

_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
    "!=": operator.ne,
}
_COMPARE = re.compile(r"^\s*(<=|>=|!=|<|>|=)\s*(.+?)\s*$")


def parse_filter(text: str) -> tuple[str, str]:
    """``">= 10"`` -> ``(">=", "10")``; plain text -> ``("contains", text)`` (case-insensitive)."""
    match = _COMPARE.match(text)
    if match:
        return match.group(1), match.group(2)
    return "contains", text.strip()


class TableModel:
    """Display text (one string per cell) plus sort keys (numbers, dates) for every row, queried in the kernel.

    ``display``: index = the rows' ids, columns = what the grid shows, every cell a string. ``keys``: the
    same index, the values to sort and compare by (numbers as numbers); a column missing there sorts by its
    lower-cased text.
    """

    def __init__(self, display: pd.DataFrame, keys: pd.DataFrame | None = None) -> None:
        self.set_data(display, keys)
        self.search = ""
        self.filters: dict[str, str] = {}
        self.sort_column = ""
        self.descending = False
        self.view = self._all()

    # -- data ----------------------------------------------------------------------------------------
    def set_data(self, display: pd.DataFrame, keys: pd.DataFrame | None = None) -> None:
        """Replace every row (after a fresh read); the next ``query`` runs on the new rows."""
        import pandas as pd

        self.display = display.astype(str).reset_index(drop=True)
        self.ids: list[Hashable] = list(display.index)
        self.positions: dict[Hashable, int] = {rid: n for n, rid in enumerate(self.ids)}
        self.keys = (keys if keys is not None else pd.DataFrame(index=display.index)).reset_index(drop=True)
        self._lower: dict[str, pd.Series] = {}
        self._hay: pd.Series | None = None
        if hasattr(self, "view"):
            self.query()

    def update_rows(self, display: pd.DataFrame, keys: pd.DataFrame | None = None) -> None:
        """New text (and keys) for some rows, by id; the view keeps its order (the rows stay where they are)."""
        at = [self.positions[rid] for rid in display.index]
        text = display.astype(str)
        for col in text.columns.intersection(self.display.columns):
            self.display.loc[at, col] = text[col].to_numpy()
            if col in self._lower:
                self._lower[col].iloc[at] = text[col].str.lower().to_numpy()
        if keys is not None:
            for col in keys.columns.intersection(self.keys.columns):
                self.keys[col] = self.keys[col].astype(object)
                self.keys.loc[at, col] = keys[col].to_numpy(dtype=object)
        if self._hay is not None:
            self._hay.iloc[at] = self._join(self.display.iloc[at]).to_numpy()

    @property
    def total(self) -> int:
        return len(self.ids)

    @property
    def matching(self) -> int:
        return len(self.view)

    # -- queries -------------------------------------------------------------------------------------
    def query(
        self,
        search: str | None = None,
        filters: Mapping[str, str] | None = None,
        sort_column: str | None = None,
        descending: bool | None = None,
    ) -> None:
        """Recompute the view: rows matching the search and every filter, in the sort order (stable)."""
        import numpy as np

        if search is not None:
            self.search = search
        if filters is not None:
            self.filters = {k: v for k, v in filters.items() if k in self.display.columns and str(v).strip()}
        if sort_column is not None:
            self.sort_column = sort_column if sort_column in self.display.columns else ""
        if descending is not None:
            self.descending = descending
        mask = np.ones(self.total, dtype=bool)
        needle = self.search.strip().lower()
        if needle:
            mask &= self._haystack().str.contains(needle, regex=False).to_numpy()
        for col, text in self.filters.items():
            mask &= self._filter_mask(col, str(text))
        positions = np.flatnonzero(mask)
        if self.sort_column:
            positions = self._sorted(positions, self.sort_column, self.descending)
        self.view = positions

    def page(self, page: int, size: int) -> list[int]:
        """Row positions of page ``page`` (0-based) of the view; an out-of-range page is clamped."""
        last = max(0, (self.matching - 1) // size)
        page = min(max(0, page), last)
        return [int(p) for p in self.view[page * size : (page + 1) * size]]

    def page_of(self, rid: Hashable, size: int) -> int | None:
        """The page of the view that shows row ``rid`` (None when the query hides it)."""
        import numpy as np

        at = self.positions.get(rid)
        if at is None:
            return None
        hit = np.flatnonzero(self.view == at)
        return int(hit[0]) // size if len(hit) else None

    def view_ids(self) -> list[Hashable]:
        """Every row of the view, in its order (e.g. where a pasted column goes)."""
        return [self.ids[int(p)] for p in self.view]

    def rows(self, positions: Sequence[int]) -> list[list[str]]:
        return [list(r) for r in self.display.iloc[list(positions)].itertuples(index=False, name=None)]

    def pin(self, ids: Iterable[Hashable]) -> None:
        """Keep ``ids`` in the view (e.g. rows just edited that no longer match the search) where they were."""
        import numpy as np

        missing = [self.positions[i] for i in ids if i in self.positions]
        have = set(self.view.tolist())
        extra = [p for p in missing if p not in have]
        if extra:
            self.view = np.concatenate([self.view, np.array(extra, dtype=self.view.dtype)])

    # -- helpers -------------------------------------------------------------------------------------
    def _all(self) -> np.ndarray[Any, Any]:
        import numpy as np

        return np.arange(self.total)

    @staticmethod
    def _join(frame: pd.DataFrame) -> pd.Series:
        """Each row's cells, lower-cased and joined (what the search box looks in)."""
        import pandas as pd

        out = pd.Series([""] * len(frame), index=frame.index, dtype=str)
        for n, col in enumerate(frame.columns):
            out = out + ("\x1f" if n else "") + frame[col].str.lower()
        return out

    def _haystack(self) -> pd.Series:
        if self._hay is None:
            self._hay = self._join(self.display)
        return self._hay

    def _lowered(self, col: str) -> pd.Series:
        if col not in self._lower:
            self._lower[col] = self.display[col].str.lower()
        return self._lower[col]

    def _numeric(self, col: str) -> pd.Series | None:
        import pandas as pd

        if col not in self.keys.columns:
            return None
        s = self.keys[col]
        if pd.api.types.is_datetime64_any_dtype(s.dtype):
            return None
        values = pd.to_numeric(s, errors="coerce")
        return values if values.notna().any() or s.isna().all() else None

    def _filter_mask(self, col: str, text: str) -> np.ndarray[Any, Any]:
        import pandas as pd

        op, operand = parse_filter(text)
        if op != "contains":
            numbers = self._numeric(col)
            value = pd.to_numeric(pd.Series([operand]), errors="coerce").iloc[0]
            if numbers is not None and not pd.isna(value):
                hit: pd.Series = _OPS[op](numbers, value)
                return hit.fillna(False).to_numpy(dtype=bool)
            texts: pd.Series = _OPS[op](self._lowered(col), operand.lower())
            return texts.to_numpy(dtype=bool)
        return self._lowered(col).str.contains(operand.lower(), regex=False).to_numpy()

    def _sorted(self, positions: np.ndarray[Any, Any], col: str, descending: bool) -> np.ndarray[Any, Any]:
        """Stable sort; empty values last in either direction (as a spreadsheet does)."""
        import numpy as np
        import pandas as pd

        if col in self.keys.columns:
            key = self.keys[col].iloc[positions]
            if key.dtype == object:
                numeric = pd.to_numeric(key, errors="coerce")
                key = numeric if numeric.notna().sum() == key.notna().sum() else key.astype(str).str.lower()
        else:
            key = self._lowered(col).iloc[positions]
        empty = key.isna().to_numpy() | (key.astype(str).to_numpy() == "")
        filled = positions[~empty]
        ranks = pd.Series(key[~empty].to_numpy()).rank(method="min", ascending=not descending).to_numpy()
        order = np.lexsort((np.arange(len(ranks)), ranks))  # ties keep their order
        return np.concatenate([filled[order], positions[empty]])
