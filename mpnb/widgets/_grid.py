"""``PagedGrid``: a grid whose rows stay in the kernel; the browser draws one page at a time.

An anywidget (the ``grid`` extra), so it draws in JupyterLab 4, Notebook 7, VS Code and Colab from one ES
module shipped in this package (no CDN: it works offline). The kernel's ``TableModel`` answers search,
column filters, sort and paging over every row; the page sends edits, pasted columns, undo/redo and
selection back as messages. Everything the browser can do is a method or a trait here, so tests drive it
without a browser: ``grid.search = "..."``, ``grid.edit(id, column, text)``, ``grid.paste(id, column, values)``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets as t

from mpnb.widgets._table import TableModel

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PagedGrid"]

_HERE = Path(__file__).parent
EditHook = Callable[[Hashable, str, str], None]
PasteHook = Callable[[list[Hashable], str, list[str]], None]


class PagedGrid(anywidget.AnyWidget):
    """Every row reachable by search, sort and column filters; one page drawn; cells edited in place.

    ``display``: the text to show (index = row ids); ``keys``: values to sort and compare by; ``editable``:
    the columns a double click edits. Hooks: ``on_edit(cb(id, column, text))``, ``on_paste(cb(ids,
    column, values))``, ``on_undo(cb())``, ``on_redo(cb())``, ``on_select(cb(ids))``.
    """

    _esm = _HERE / "_grid.js"
    _css = _HERE / "_grid.css"

    columns = t.List(t.Unicode()).tag(sync=True)
    editable = t.List(t.Unicode()).tag(sync=True)
    page_rows: t.List[Any] = t.List().tag(sync=True)  # the page's cells, as text
    page_ids = t.List(t.Unicode()).tag(sync=True)  # the page's row ids, as text
    page_marks = t.List(t.Unicode()).tag(sync=True)  # per row: "", "edited" or "delete"
    page_edited: t.List[Any] = t.List().tag(sync=True)  # per row: the columns edited (drawn marked)
    search = t.Unicode("").tag(sync=True)
    filters = t.Dict().tag(sync=True)
    sort_column = t.Unicode("").tag(sync=True)
    sort_descending = t.Bool(False).tag(sync=True)
    page = t.Int(0).tag(sync=True)
    page_size = t.Int(15).tag(sync=True)
    total = t.Int(0).tag(sync=True)  # rows in the frame
    matching = t.Int(0).tag(sync=True)  # rows the search and filters keep
    selected = t.List(t.Unicode()).tag(sync=True)  # ids (as text) of the selected rows, on any page
    can_undo = t.Bool(False).tag(sync=True)
    can_redo = t.Bool(False).tag(sync=True)
    message = t.Unicode("").tag(sync=True)  # a refused edit, in plain words
    # what the rows on the page were drawn for (page, sort): the page's count and arrows show this, so they
    # never claim a page or an order the kernel has not drawn yet
    drawn = t.Dict().tag(sync=True)
    busy = t.Bool(False).tag(sync=True)

    def __init__(
        self,
        display: pd.DataFrame,
        *,
        keys: pd.DataFrame | None = None,
        editable: Iterable[str] = (),
        page_size: int = 15,
    ) -> None:
        self.model = TableModel(display, keys)
        self._text_ids: dict[str, Hashable] = {str(i): i for i in self.model.ids}
        self._marks: dict[Hashable, str] = {}
        self._edited: dict[Hashable, set[str]] = {}
        self._hooks: dict[str, list[Callable[..., Any]]] = {k: [] for k in ("edit", "paste", "undo", "redo", "select")}
        self._quiet = False
        super().__init__(
            columns=[str(c) for c in display.columns],
            editable=[c for c in editable if c in display.columns],
            page_size=page_size,
        )
        self.observe(self._query_changed, names=["search", "filters", "sort_column", "sort_descending"])
        self.observe(lambda _c: self._draw(), names=["page", "page_size"])
        self.observe(self._selection_changed, names=["selected"])
        self.on_msg(self._message)
        self._draw()

    # -- hooks ---------------------------------------------------------------------------------------
    def on_edit(self, callback: EditHook) -> None:
        self._hooks["edit"].append(callback)

    def on_paste(self, callback: PasteHook) -> None:
        self._hooks["paste"].append(callback)

    def on_undo(self, callback: Callable[[], None]) -> None:
        self._hooks["undo"].append(callback)

    def on_redo(self, callback: Callable[[], None]) -> None:
        self._hooks["redo"].append(callback)

    def on_select(self, callback: Callable[[list[Hashable]], None]) -> None:
        self._hooks["select"].append(callback)

    # -- what the page does, as methods --------------------------------------------------------------
    def edit(self, rid: Hashable, column: str, text: str) -> None:
        """A cell typed in place (the page sends this on Enter)."""
        self._call("edit", rid, column, text)

    def paste(self, rid: Hashable, column: str, values: list[str]) -> None:
        """A column pasted at row ``rid``: values go down the view's order from there (across pages)."""
        order = self.model.view_ids()
        start = order.index(rid) if rid in order else None
        if start is None:
            self.message = "paste: click a cell of a row shown in the grid first"
            return
        ids = order[start : start + len(values)]
        self._call("paste", ids, column, list(values[: len(ids)]))

    def undo(self) -> None:
        self._call("undo")

    def redo(self) -> None:
        self._call("redo")

    def select_matching(self) -> None:
        """Select every row the search and filters keep (on every page)."""
        self.selected = [str(i) for i in self.model.view_ids()]

    # -- what the owner does ---------------------------------------------------------------------------
    @property
    def selected_ids(self) -> list[Hashable]:
        return [self._text_ids[s] for s in self.selected if s in self._text_ids]

    def set_selected(self, ids: Iterable[Hashable]) -> None:
        """Select rows from code (no ``select`` hook: the owner knows)."""
        self._quiet = True
        try:
            self.selected = [str(i) for i in ids]
        finally:
            self._quiet = False

    def set_data(self, display: pd.DataFrame, keys: pd.DataFrame | None = None) -> None:
        """Every row anew (after a fresh read); search, filters, sort and page are kept."""
        self.model.set_data(display, keys)
        self._text_ids = {str(i): i for i in self.model.ids}
        self._marks, self._edited = {}, {}
        self.selected = [s for s in self.selected if s in self._text_ids]
        self._draw()

    def update_rows(
        self,
        display: pd.DataFrame,
        keys: pd.DataFrame | None = None,
        *,
        marks: Mapping[Hashable, str] | None = None,
        edited: Mapping[Hashable, set[str]] | None = None,
    ) -> None:
        """Rows changed by an edit: new text and marks, drawn where they are (query, page and scroll kept)."""
        self.model.update_rows(display, keys)
        self.model.pin(display.index)
        if marks is not None:
            self._marks = dict(marks)
        if edited is not None:
            self._edited = {k: set(v) for k, v in edited.items()}
        self._draw()

    def set_history(self, can_undo: bool, can_redo: bool) -> None:
        self.can_undo, self.can_redo = can_undo, can_redo

    def show_row(self, rid: Hashable) -> bool:
        """Turn to the page that shows ``rid``; False when the query hides it."""
        page = self.model.page_of(rid, self.page_size)
        if page is None:
            return False
        self.page = page
        return True

    def page_frame(self) -> pd.DataFrame:
        """The page as drawn (for tests and code): the shown text, indexed by row id."""
        import pandas as pd

        rows: list[list[str]] = list(self.page_rows)
        index = pd.Index([self._text_ids[i] for i in self.page_ids])
        frame: pd.DataFrame = pd.DataFrame(rows, columns=list(self.columns), index=index)
        return frame

    # -- internals -----------------------------------------------------------------------------------
    def _call(self, hook: str, *args: Any) -> None:
        self.message = ""
        self.busy = True
        try:
            for cb in list(self._hooks[hook]):
                cb(*args)
        except Exception as exc:  # a refused edit: say why next to the grid, never a silent change
            from mpnb.widgets._base import error_text

            self.message = error_text(exc)
        finally:
            self.busy = False

    def _message(self, _widget: Any, content: Mapping[str, Any], _buffers: Any) -> None:
        kind = content.get("type")
        rid = self._text_ids.get(str(content.get("id")))
        if kind == "edit" and rid is not None:
            self.edit(rid, str(content.get("column")), str(content.get("value", "")))
        elif kind == "paste" and rid is not None:
            self.paste(rid, str(content.get("column")), [str(v) for v in content.get("values") or []])
        elif kind == "undo":
            self.undo()
        elif kind == "redo":
            self.redo()
        elif kind == "select_matching":
            self.select_matching()

    def _query_changed(self, _change: Any) -> None:
        self.model.query(self.search, dict(self.filters), self.sort_column, self.sort_descending)
        if self.page:
            self.page = 0  # draws
        else:
            self._draw()

    def _selection_changed(self, _change: Any) -> None:
        if not self._quiet:
            ids = self.selected_ids
            for cb in list(self._hooks["select"]):
                cb(ids)

    def _draw(self) -> None:
        model = self.model
        last = max(0, (model.matching - 1) // self.page_size)
        if self.page > last:
            self.page = last  # observing page draws again
            return
        positions = model.page(self.page, self.page_size)
        ids = [model.ids[p] for p in positions]
        with self.hold_sync():
            self.total, self.matching = model.total, model.matching
            self.page_ids = [str(i) for i in ids]
            self.page_rows = model.rows(positions)
            self.page_marks = [self._marks.get(i, "") for i in ids]
            self.page_edited = [sorted(self._edited.get(i, ())) for i in ids]
            self.drawn = {"page": self.page, "sort_column": model.sort_column, "sort_descending": model.descending}
