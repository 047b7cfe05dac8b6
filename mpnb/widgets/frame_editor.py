"""``FrameEditor``: edit a family's frame in a grid, cell by cell or in bulk; apply the plan behind one confirmation.

>>> editor = FrameEditor(ws, "reports")                 # filters as ws.reports.frame() takes them
>>> editor.edit_cell(12, "description", "Weekly KPIs")  # what a double click in the grid does
>>> editor.select([12, 14, 15]); editor.set_value("description", "Weekly KPIs for sales")
>>> editor.undo(); editor.redo()                        # step by step
>>> editor.mark_delete(); editor.plan                   # the live plan (a Plan), also drawn beneath
>>> editor.apply_button.click(); editor.confirm.yes.click()

The grid (the ``grid`` extra: ``PagedGrid``, an anywidget) keeps every row in the kernel and draws one
page: search, column filters, sort and paging reach all rows of a 200,000-row frame, cells are edited in
place, a column pasted from a spreadsheet goes down the rows from the clicked cell, and edits keep the
search, sort, page and scroll, the edited cells marked. Without the extra, or with ``grid="html"``, stock
ipywidgets do the same over the same kernel-side model (search, sort, a list of rows to pick). Every action
re-plans and the PlanView beneath shows the plan and applies it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import ipywidgets as w

from mpnb.errors import InputError
from mpnb.widgets._base import Shell, esc, reading
from mpnb.widgets._cells import coerce, display_rows, same
from mpnb.widgets._history import Cell, History, Step
from mpnb.widgets.plan_view import PlanView

if TYPE_CHECKING:
    import pandas as pd

    from mpnb import Workspace
    from mpnb.frames import Plan

__all__ = ["FrameEditor", "grid_available"]

Grid = Literal["auto", "grid", "itables", "html"]  # "itables" is the old name of "grid"


def grid_available() -> bool:
    """Is the grid's widget library importable (``pip install 'mpnb[grid]'``)?"""
    try:
        import anywidget  # noqa: F401
    except Exception:  # ImportError, or anywidget failing to load in an odd kernel
        return False
    return True


class FrameEditor(w.VBox, Shell):  # type: ignore[misc]
    """A frame in a grid, a bulk-action bar for the selected rows, undo/redo, and the live plan with Apply beneath.

    Events: applied (the results frame; the editor then reads the frame again).
    """

    EVENTS = ("applied",)

    def __init__(
        self,
        ws: Workspace,
        family: str,
        *,
        columns: list[str] | None = None,
        grid: Grid = "auto",
        progress: bool = True,
        page_size: int = 15,
        **filters: Any,
    ) -> None:
        self._init_shell()
        self.ws, self.family = ws, family
        self.frames = getattr(ws, family, None)
        if self.frames is None or not hasattr(self.frames, "spec"):
            raise InputError(f"no family named {family!r}; try 'reports', 'dashboards', 'flags', ...", field="family")
        self.filters, self.columns = filters, columns
        wants_grid = grid in ("grid", "itables")
        self.uses_grid = wants_grid or (grid == "auto" and grid_available())
        if wants_grid and not grid_available():
            raise InputError("the grid needs anywidget: pip install 'mpnb[grid]' (or pass grid='html')", field="grid")
        self.selected: list[Any] = []
        self.marked: list[Any] = []
        self.history = History()
        self.edited_cells: dict[Hashable, set[str]] = {}
        self.original: pd.DataFrame
        self.frame: pd.DataFrame
        self.plan: Plan
        with reading(f"Reading {family} from {ws.target.label()}"):
            self._read()
        self._build_bar()
        self.grid: Any = self._make_grid(page_size)
        self.view = PlanView(self.plan, progress=progress)
        self.view.on_applied(self._after_apply)
        super().__init__(children=[self.count_line, self.grid, self.bar, self.status, self.view])
        self._count()
        how = "double-click a cell to edit it, or select rows" if self.uses_grid else "select rows"
        self.say(f"{how[0].upper()}{how[1:]}, then use the bar; nothing is sent until you click Apply below.", "info")

    # -- the programmatic surface ----------------------------------------------------------------------
    @property
    def apply_button(self) -> w.Button:
        """The plan's Apply button (it asks for confirmation before anything is sent)."""
        return self.view.apply

    @property
    def confirm(self) -> Any:
        """The Yes/Cancel confirmation shown after Apply."""
        return self.view.confirm

    @property
    def result(self) -> pd.DataFrame | None:
        """The per-row results of the last apply, or None before one."""
        return self.view.result

    def select(self, ids: Iterable[Any]) -> list[Any]:
        """Select rows by id (the grid shows the selection); returns the ids now selected."""
        wanted = [self._id(i) for i in ids]
        unknown = [i for i in wanted if i not in self._positions]
        if unknown:
            raise InputError(f"no rows with ids {unknown[:5]} in this {self.family} frame", field="ids")
        self.selected = wanted
        self.grid.set_selected(wanted)
        self._count()
        return list(self.selected)

    def edit_cell(self, rid: Any, column: str, value: Any) -> int:
        """Set one cell (what typing in the grid does); returns how many rows the plan now changes."""
        rid = self._known(rid)
        col = self._editable(column)
        return self._change(f"set {col} of {rid}", {(rid, col): self._coerce(col, value)})

    def paste_column(self, column: str, values: Sequence[Any], start: Any = None) -> int:
        """Paste ``values`` down ``column``: from row ``start`` in the grid's current order (search and sort
        as shown), or onto the selected rows in order; one undo step."""
        col = self._editable(column)
        if start is not None:
            order = self.grid.model.view_ids()
            first = self._known(start)
            at = order.index(first) if first in order else None
            if at is None:
                raise InputError(f"row {first} is not shown in the grid (clear the search)", field="start")
            rows = order[at : at + len(values)]
        else:
            rows = self._need_selection()[: len(values)]
        cells = {(rid, col): self._coerce(col, v) for rid, v in zip(rows, values)}
        return self._change(f"pasted {len(cells)} values into {col}", cells)

    def set_value(self, column: str, value: Any) -> int:
        """Set ``column`` to ``value`` on the selected rows; returns how many rows the plan changes."""
        rows = self._need_selection()
        col = self._writable(column)
        new = self._coerce(col, value)
        return self._change(f"set {col} on {len(rows)} rows", {(r, col): new for r in rows})

    def replace(self, column: str, find: str, replace_with: str) -> int:
        """Find and replace text in ``column`` of the selected rows (plain text, not a pattern)."""
        rows = self._need_selection()
        col = self._writable(column)
        if not find:
            raise InputError("type the text to find", field="find")
        cells: dict[Cell, Any] = {}
        for rid in rows:
            old = self.frame.at[rid, col]
            if isinstance(old, str) and find in old:
                cells[(rid, col)] = old.replace(find, replace_with)
        return self._change(f"replaced {find!r} in {col} of {len(cells)} rows", cells)

    def add_tag(self, tag: str) -> int:
        """Add ``tag`` to the selected rows' tags; returns how many rows the plan changes."""
        return self._tags(tag, add=True)

    def remove_tag(self, tag: str) -> int:
        """Remove ``tag`` from the selected rows' tags; returns how many rows the plan changes."""
        return self._tags(tag, add=False)

    def mark_delete(self) -> int:
        """Mark the selected rows for deletion (a backup is written before any delete)."""
        rows = self._need_selection()
        marked = self.marked + [r for r in rows if r not in self.marked]
        return self._change(f"marked {len(rows)} rows for deletion", {}, marked=marked)

    def unmark(self) -> int:
        """Drop the deletion mark of the selected rows (or of every row when none is selected)."""
        rows = self.selected or list(self.marked)
        return self._change(f"unmarked {len(rows)} rows", {}, marked=[r for r in self.marked if r not in rows])

    def undo(self) -> int:
        """Take back the last action (one cell, a paste, a bulk set, a mark); returns the plan's row count."""
        step = self.history.undo()
        if step is None:
            raise InputError("nothing to undo", field="undo")
        return self._put(step.before, step.marked_before, f"undid: {step.what}")

    def redo(self) -> int:
        """Do again what the last undo took back."""
        step = self.history.redo()
        if step is None:
            raise InputError("nothing to redo", field="redo")
        return self._put(step.after, step.marked_after, f"redid: {step.what}")

    def revert(self) -> None:
        """Forget every edit and mark: the frame as read (Undo can bring them back, one step at a time)."""
        cells = {(rid, col): self.original.at[rid, col] for rid, cols in self.edited_cells.items() for col in cols}
        self._change("reverted every edit", cells, marked=[])

    # -- reading and planning --------------------------------------------------------------------------
    def _read(self) -> None:
        assert self.frames is not None
        self.original = self.frames.frame(**self.filters)
        self.frame = self.original.copy(deep=True)
        self.frame.attrs = dict(self.original.attrs)
        self._ids = self.frame.index.tolist()
        self._positions = {rid: n for n, rid in enumerate(self._ids)}
        self.selected, self.marked, self.edited_cells = [], [], {}
        self.history.clear()
        self.plan = self.frames.plan(self.frame)

    def _change(self, what: str, cells: dict[Cell, Any], *, marked: list[Any] | None = None) -> int:
        """Apply one user action as an undoable step: only the cells whose value really changes count."""
        import copy

        step = Step(what, marked_before=list(self.marked), marked_after=list(self.marked if marked is None else marked))
        for (rid, col), new in cells.items():
            old = self.frame.at[rid, col]
            if not same(old, new):
                step.before[(rid, col)] = copy.deepcopy(old)
                step.after[(rid, col)] = copy.deepcopy(new)
        self.history.push(step)
        return self._put(step.after, step.marked_after, what, rows=step.rows)

    def _put(self, cells: dict[Cell, Any], marked: list[Any], what: str, rows: list[Any] | None = None) -> int:
        touched = list(dict.fromkeys([*(rid for rid, _ in cells), *(set(marked) ^ set(self.marked))]))
        for (rid, col), value in cells.items():
            self._set_cell(rid, col, value)
            unchanged = same(value, self.original.at[rid, col])
            cols = self.edited_cells.setdefault(rid, set())
            (cols.discard if unchanged else cols.add)(col)
            if not cols:
                del self.edited_cells[rid]
        self.marked = list(marked)
        self._replan()
        self._refresh(rows if rows is not None else touched)
        n = len(self.plan.updates) + len(self.plan.deletes)
        self.say(f"{what}. The plan below: {self.view.summary_text}. Nothing sent yet.", "ok")
        return n

    def _set_cell(self, rid: Any, col: str, value: Any) -> None:
        if isinstance(value, (list, tuple, dict)):  # .at would try to spread a list over cells
            cells = list(self.frame[col].to_numpy(dtype=object))
            cells[self._positions[rid]] = value
            import pandas as pd

            self.frame[col] = pd.Series(cells, index=self.frame.index, dtype=object)
        else:
            self.frame.at[rid, col] = value

    def _replan(self) -> None:
        assert self.frames is not None
        self.plan = self.frames.plan(self.frame, delete=list(self.marked) or None)
        self.view.set_plan(self.plan)

    def _after_apply(self, result: pd.DataFrame) -> None:
        status = self.status.value
        with reading(f"Reading {self.family} again"):
            self._read()  # the frame as the server now holds it; the old plan stays shown with its results
        display, keys = self._display(self.frame)
        self.grid.set_data(display, keys)
        self._history_buttons()
        self._count()
        self.status.value = status
        self._fire("applied", result)

    # -- helpers ---------------------------------------------------------------------------------------
    def _id(self, value: Any) -> Any:
        if self.frames is not None and self.frames.spec.id_type is int and isinstance(value, str) and value.isdigit():
            return int(value)
        return value.item() if hasattr(value, "item") else value

    def _known(self, rid: Any) -> Any:
        rid = self._id(rid)
        if rid not in self._positions:
            raise InputError(f"no row with id {rid} in this {self.family} frame", field="id")
        return rid

    def _need_selection(self) -> list[Any]:
        if not self.selected:
            raise InputError("select one or more rows first (tick them in the grid)", field="selection")
        return list(self.selected)

    def _writable(self, column: str) -> str:
        assert self.frames is not None
        writable = [c for c in self.frames.spec.writable() if c in self.frame.columns]
        if column not in writable:
            raise InputError(f"{column!r} cannot be edited here; editable columns: {', '.join(writable)}", field=column)
        return column

    def _editable(self, column: str) -> str:
        """A column a cell edit may change: writable and shown as text (nested objects: edit in code)."""
        col = self._writable(column)
        if col not in self._cell_columns():
            raise InputError(f"{col!r} holds nested values; edit it in code (editor.frame)", field=col)
        return col

    def _cell_columns(self) -> list[str]:
        assert self.frames is not None
        writable = [c for c in self.frames.spec.writable() if c in self.frame.columns]
        return [c for c in writable if str(self.frame[c].dtype) != "object" or c == "tags"]

    def _coerce(self, column: str, value: Any) -> Any:
        return coerce(self.frame[column], column, value)

    def _tags(self, tag: str, *, add: bool) -> int:
        rows = self._need_selection()
        col = self._writable("tags")
        tag = tag.strip()
        if not tag:
            raise InputError("type a tag first", field="tag")
        cells: dict[Cell, Any] = {}
        for rid in rows:
            cur = self.frame.at[rid, col]
            tags: list[str] = [str(t) for t in cur] if isinstance(cur, (list, tuple)) else []
            cells[(rid, col)] = [*tags, tag] if add and tag not in tags else [t for t in tags if t != tag]
        return self._change(f"{'added' if add else 'removed'} tag {tag!r} on {len(rows)} rows", cells)

    # -- drawing ---------------------------------------------------------------------------------------
    def _display(self, rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The rows as shown (text: pending mark, short id, readable columns) and their sort keys."""
        assert self.frames is not None
        edited = set(self.plan.updates)
        marks = ["delete" if rid in self.marked else ("edited" if rid in edited else "") for rid in rows.index]
        return display_rows(rows, self.columns, marks, int_ids=self.frames.spec.id_type is int)

    def _marks(self) -> dict[Hashable, str]:
        edited = set(self.plan.updates)
        out: dict[Hashable, str] = {rid: "edited" for rid in edited}
        out.update({rid: "delete" for rid in self.marked})
        return out

    def _refresh(self, rows: list[Any]) -> None:
        """Redraw only ``rows`` (text and marks); the grid keeps its search, sort, page and scroll."""
        rows = [r for r in rows if r in self._positions]
        if rows:
            display, keys = self._display(self.frame.loc[rows])
            self.grid.update_rows(display, keys, marks=self._marks(), edited=self.edited_cells)
        else:
            self.grid.update_rows(self._display(self.frame.iloc[:0])[0], marks=self._marks(), edited=self.edited_cells)
        self._history_buttons()
        self._count()

    def _history_buttons(self) -> None:
        self.undo_button.disabled = not self.history.can_undo
        self.redo_button.disabled = not self.history.can_redo
        self.grid.set_history(self.history.can_undo, self.history.can_redo)

    def _make_grid(self, page_size: int) -> Any:
        display, keys = self._display(self.frame)
        if self.uses_grid:
            from mpnb.widgets._grid import PagedGrid

            grid: Any = PagedGrid(display, keys=keys, editable=self._cell_columns(), page_size=page_size)
            grid.on_edit(lambda rid, col, text: self._from_grid("Edit", lambda: self.edit_cell(rid, col, text)))
            grid.on_paste(lambda ids, col, vals: self._from_grid("Paste", lambda: self.paste_column(col, vals, ids[0])))
            grid.on_undo(lambda: self._from_grid("Undo", self.undo))
            grid.on_redo(lambda: self._from_grid("Redo", self.redo))
        else:
            from mpnb.widgets._html_grid import HtmlGrid

            grid = HtmlGrid(display, keys)
            self.search, self.sort_by, self.descending = grid.search, grid.sort_by, grid.descending
            self.rows, self.table_html = grid.rows, grid.table_html
        grid.on_select(self._selected_in_grid)
        return grid

    def _from_grid(self, what: str, fn: Callable[[], Any]) -> None:
        """A grid action, guarded like a button; a refusal also shows next to the grid (where the user looks)."""
        self.run(what, fn)
        if self.last_error:
            raise InputError(self.last_error)

    def _selected_in_grid(self, ids: list[Hashable]) -> None:
        self.selected = list(ids)
        self._count()

    def _count(self) -> None:
        n, sel, marked = len(self._ids), len(self.selected), len(self.marked)
        edits = len(self.edited_cells)
        self.count_line.value = (
            f"<b>{esc(self.family)}</b> on {esc(self.plan.target)}: {n:,} rows, <b>{sel:,} selected</b>"
            + (f", {edits:,} edited" if edits else "")
            + (f", {marked:,} marked for deletion" if marked else "")
        )

    def _replace_clicked(self) -> int:
        return self.replace(self.find_column.value, self.find.value, self.replace_with.value)

    def _build_bar(self) -> None:
        assert self.frames is not None
        writable = [c for c in self.frames.spec.writable() if c in self.frame.columns]
        scalar = [c for c in writable if str(self.frame[c].dtype) != "object"]  # nested ones: edit in code
        texts = [c for c in scalar if str(self.frame[c].dtype) in ("string", "str")]
        first = "description" if "description" in scalar else (scalar[0] if scalar else None)
        self.count_line = w.HTML(value="")
        self.field = w.Dropdown(options=scalar, description="Set", value=first)
        self.value = w.Text(placeholder="new value", description="to")
        self.set_button = w.Button(description="Set on selected", icon="pencil")
        self.find_column = w.Dropdown(options=texts, description="In", value=texts[0] if texts else None)
        self.find = w.Text(placeholder="find", description="find")
        self.replace_with = w.Text(placeholder="replace with", description="with")
        self.replace_button = w.Button(description="Replace", icon="exchange")
        self.tag = w.Text(placeholder="tag", description="Tag")
        self.add_tag_button = w.Button(description="Add tag", icon="tag")
        self.remove_tag_button = w.Button(description="Remove tag")
        self.delete_button = w.Button(description="Mark for deletion", button_style="warning", icon="trash")
        self.unmark_button = w.Button(description="Unmark")
        self.undo_button = w.Button(description="Undo", icon="undo", disabled=True)
        self.redo_button = w.Button(description="Redo", icon="repeat", disabled=True)
        self.revert_button = w.Button(description="Revert all")
        clicks: list[tuple[w.Button, str, Callable[[], Any]]] = [
            (self.set_button, "Set", lambda: self.set_value(self.field.value, self.value.value)),
            (self.replace_button, "Replace", self._replace_clicked),
            (self.add_tag_button, "Add tag", lambda: self.add_tag(self.tag.value)),
            (self.remove_tag_button, "Remove tag", lambda: self.remove_tag(self.tag.value)),
            (self.delete_button, "Mark for deletion", self.mark_delete),
            (self.unmark_button, "Unmark", self.unmark),
            (self.undo_button, "Undo", self.undo),
            (self.redo_button, "Redo", self.redo),
            (self.revert_button, "Revert", self.revert),
        ]
        for button, what, fn in clicks:
            button.on_click(lambda _b, what=what, fn=fn: self.run(what, fn))
        self._busy_buttons = [b for b, _, _ in clicks if b not in (self.undo_button, self.redo_button)]
        lines = [w.HBox(children=[self.field, self.value, self.set_button])]
        if texts:
            lines.append(w.HBox(children=[self.find_column, self.find, self.replace_with, self.replace_button]))
        if "tags" in writable:
            lines.append(w.HBox(children=[self.tag, self.add_tag_button, self.remove_tag_button]))
        history = [self.undo_button, self.redo_button, self.revert_button]
        lines.append(w.HBox(children=[self.delete_button, self.unmark_button, *history]))
        self.bar = w.VBox(children=lines)
