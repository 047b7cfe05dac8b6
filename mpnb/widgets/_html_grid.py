"""The FrameEditor's grid without the ``grid`` extra: stock ipywidgets over the same kernel-side ``TableModel``.

A search box, a sort choice, a multi-select list (the rows to act on) and a plain HTML table of the first
rows. Search and sort reach every row; the list and table show the first ``LIST_ROWS``/``HTML_ROWS`` of
the result and say how many more there are, so a person narrows them with the search.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TYPE_CHECKING

import ipywidgets as w

from mpnb.widgets._table import TableModel

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["HTML_ROWS", "LIST_ROWS", "HtmlGrid"]

HTML_ROWS = 100  # rows the plain table draws
LIST_ROWS = 1000  # rows the selection list offers


class HtmlGrid(w.VBox):  # type: ignore[misc]
    """Search, sort and pick rows with stock controls; ``on_select(cb(ids))`` hears the picks."""

    def __init__(self, display: pd.DataFrame, keys: pd.DataFrame | None = None) -> None:
        self.model = TableModel(display, keys)
        self._drawing = False
        self._selected: list[Hashable] = []
        self._marks: dict[Hashable, str] = {}
        self._hooks: list[Callable[[list[Hashable]], None]] = []
        self.search = w.Text(placeholder="search any column", description="Search")
        self.sort_by = w.Dropdown(options=["(as read)", *display.columns], description="Sort by")
        self.descending = w.Checkbox(value=False, description="descending")
        self.rows = w.SelectMultiple(options=[], rows=10, description="Rows", layout=w.Layout(width="100%"))
        self.table_html = w.HTML(value="")
        for ctl in (self.search, self.sort_by, self.descending):
            ctl.observe(lambda _c: self._query(), names="value")
        self.rows.observe(lambda ch: self._picked(list(ch["new"])), names="value")
        tools = w.HBox(children=[self.search, self.sort_by, self.descending])
        super().__init__(children=[tools, self.rows, self.table_html])
        self._draw()

    def on_select(self, callback: Callable[[list[Hashable]], None]) -> None:
        self._hooks.append(callback)

    @property
    def selected_ids(self) -> list[Hashable]:
        return list(self._selected)

    def set_selected(self, ids: Iterable[Hashable]) -> None:
        self._selected = list(ids)
        self._draw()

    def set_data(self, display: pd.DataFrame, keys: pd.DataFrame | None = None) -> None:
        self.model.set_data(display, keys)
        self._selected = [i for i in self._selected if i in self.model.positions]
        self._marks = {}
        self._draw()

    def update_rows(
        self,
        display: pd.DataFrame,
        keys: pd.DataFrame | None = None,
        *,
        marks: Mapping[Hashable, str] | None = None,
        edited: Mapping[Hashable, set[str]] | None = None,
    ) -> None:
        self.model.update_rows(display, keys)
        self.model.pin(display.index)
        if marks is not None:
            self._marks = dict(marks)
        self._draw()

    def set_history(self, can_undo: bool, can_redo: bool) -> None:
        """The FrameEditor's own Undo/Redo buttons show this; nothing to draw here."""

    def _query(self) -> None:
        sort = self.sort_by.value if self.sort_by.value != "(as read)" else ""
        self.model.query(self.search.value, None, sort, self.descending.value)
        self._draw()

    def _picked(self, picked: list[Hashable]) -> None:
        """The list shows the searched rows only: rows selected but hidden by the search stay selected."""
        if self._drawing:
            return
        visible = {v for _, v in self.rows.options}
        self._selected = [i for i in self._selected if i not in visible] + picked
        for cb in list(self._hooks):
            cb(list(self._selected))

    def _draw(self) -> None:
        model = self.model
        order = model.view[:LIST_ROWS]
        frame = model.display.iloc[order]
        label = next((c for c in ("name", "title", "key", "description") if c in frame.columns), None)
        names = frame[label].tolist() if label else [""] * len(frame)
        ids = [model.ids[int(p)] for p in order]
        self._drawing = True
        try:
            self.rows.options = [(f"{rid} · {name}", rid) for rid, name in zip(ids, names)]
            shown = set(ids)
            self.rows.value = tuple(i for i in self._selected if i in shown)
        finally:
            self._drawing = False
        body = frame.head(HTML_ROWS).set_axis(ids[:HTML_ROWS]).to_html(border=0, classes="mpnb-frame")
        more = model.matching - min(HTML_ROWS, model.matching)
        note = f"<div><i>{more:,} more rows: narrow them with the search box</i></div>" if more > 0 else ""
        count = f"<div><b>{model.matching:,}</b> of {model.total:,} rows match</div>"
        self.table_html.value = f"{count}<div style='max-height:420px;overflow:auto'>{body}</div>{note}"
