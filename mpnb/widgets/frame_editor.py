"""``FrameEditor``: edit a family's frame in a grid, in bulk, and apply the plan behind one confirmation.

>>> editor = FrameEditor(ws, "reports")                 # filters as ws.reports.frame() takes them
>>> editor.select([12, 14, 15]); editor.set_value("description", "Weekly KPIs for sales")
>>> editor.mark_delete(); editor.plan                   # the live plan (a Plan), also drawn beneath
>>> editor.apply_button.click(); editor.confirm.yes.click()

The grid is itables' ``ITable`` widget (the ``grid`` extra: sorting, search, column filters and row
selection; an anywidget, so it draws in JupyterLab 4, Notebook 7, VS Code and Colab). Without it, or with
``grid="html"``, a plain HTML table with a search box, a sort choice and a multi-select list does the same
job with stock ipywidgets. Either way the bulk-action bar edits ``editor.frame`` (a copy of the frame as
read); every action re-plans (one fresh read) and the PlanView beneath shows the plan and applies it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal

import ipywidgets as w

from mpnb.errors import InputError
from mpnb.widgets._base import Shell, esc
from mpnb.widgets._readable import readable
from mpnb.widgets.plan_view import PlanView

if TYPE_CHECKING:
    import pandas as pd

    from mpnb import Workspace
    from mpnb.frames import Plan

__all__ = ["FrameEditor", "grid_available"]

HTML_ROWS = 100  # rows the plain table draws (the list and search reach every row)
Grid = Literal["auto", "itables", "html"]
_FREQUENCIES = {"hourly": 3_600, "daily": 86_400, "weekly": 604_800}


def grid_available() -> bool:
    """Is itables' widget importable (``pip install 'mpnb[grid]'``)?"""
    try:
        import itables.widget  # noqa: F401
    except Exception:  # ImportError, or anywidget failing to load in an odd kernel
        return False
    return True


class FrameEditor(w.VBox, Shell):  # type: ignore[misc]
    """A frame in a grid, a bulk-action bar for the selected rows, and the live plan with Apply beneath.

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
        **filters: Any,
    ) -> None:
        self._init_shell()
        self.ws, self.family = ws, family
        self.frames = getattr(ws, family, None)
        if self.frames is None or not hasattr(self.frames, "spec"):
            raise InputError(f"no family named {family!r}; try 'reports', 'dashboards', 'flags', ...", field="family")
        self.filters, self.columns = filters, columns
        self.uses_grid = grid == "itables" or (grid == "auto" and grid_available())
        if grid == "itables" and not grid_available():
            raise InputError("the grid needs itables: pip install 'mpnb[grid]' (or pass grid='html')", field="grid")
        self.selected: list[Any] = []
        self.marked: list[Any] = []
        self._drawing = False
        self.original: pd.DataFrame
        self.frame: pd.DataFrame
        self.plan: Plan
        self._read()
        self._build_bar()
        self.grid: Any = self._make_grid()
        self.view = PlanView(self.plan, progress=progress)
        self.view.on_applied(self._after_apply)
        super().__init__(children=[self.count_line, self.grid_box, self.bar, self.status, self.view])
        self._redraw()
        self.say("Select rows, then use the bar; nothing is sent until you click Apply below.", "info")

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
        self._set_selection(wanted, push=True)
        return list(self.selected)

    def set_value(self, column: str, value: Any) -> int:
        """Set ``column`` to ``value`` on the selected rows; returns how many rows changed."""
        rows = self._need_selection()
        col = self._writable(column)
        self.frame.loc[rows, col] = self._coerce(col, value)
        return self._edited(f"set {col} on {len(rows)} rows")

    def replace(self, column: str, find: str, replace_with: str) -> int:
        """Find and replace text in ``column`` of the selected rows (plain text, not a pattern)."""
        rows = self._need_selection()
        col = self._writable(column)
        if not find:
            raise InputError("type the text to find", field="find")
        old = self.frame.loc[rows, col]
        new = old.str.replace(find, replace_with, regex=False)
        hit = new.fillna("") != old.fillna("")
        self.frame.loc[rows, col] = new
        return self._edited(f"replaced {find!r} in {col} of {int(hit.sum())} rows")

    def add_tag(self, tag: str) -> int:
        """Add ``tag`` to the selected rows' tags; returns how many rows changed."""
        return self._tags(tag, add=True)

    def remove_tag(self, tag: str) -> int:
        """Remove ``tag`` from the selected rows' tags; returns how many rows changed."""
        return self._tags(tag, add=False)

    def mark_delete(self) -> int:
        """Mark the selected rows for deletion (a backup is written before any delete)."""
        rows = self._need_selection()
        self.marked += [r for r in rows if r not in self.marked]
        return self._edited(f"marked {len(rows)} rows for deletion")

    def unmark(self) -> int:
        """Drop the deletion mark of the selected rows (or of every row when none is selected)."""
        rows = self.selected or list(self.marked)
        self.marked = [r for r in self.marked if r not in rows]
        return self._edited(f"unmarked {len(rows)} rows")

    def revert(self) -> None:
        """Forget every edit and mark: the frame as read."""
        self.frame = self.original.copy(deep=True)
        self.marked = []
        self._edited("reverted every edit")

    # -- reading and planning --------------------------------------------------------------------------
    def _read(self) -> None:
        assert self.frames is not None
        self.original = self.frames.frame(**self.filters)
        self.frame = self.original.copy(deep=True)
        self.frame.attrs = dict(self.original.attrs)
        self._ids = self.frame.index.tolist()
        self._positions = {rid: n for n, rid in enumerate(self._ids)}
        self.selected, self.marked = [], []
        self.plan = self.frames.plan(self.frame)

    def _replan(self) -> None:
        assert self.frames is not None
        self.plan = self.frames.plan(self.frame, delete=list(self.marked) or None)
        self.view.set_plan(self.plan)

    def _edited(self, what: str) -> int:
        self._replan()
        self._redraw()
        n = len(self.plan.updates) + len(self.plan.deletes)
        self.say(f"{what}. The plan below: {self.view.summary_text}. Nothing sent yet.", "ok")
        return n

    def _after_apply(self, result: pd.DataFrame) -> None:
        status = self.status.value
        self._read()  # the frame as the server now holds it; the old plan stays shown with its results
        self._redraw()
        self.status.value = status
        self._fire("applied", result)

    # -- helpers ---------------------------------------------------------------------------------------
    def _id(self, value: Any) -> Any:
        if self.frames is not None and self.frames.spec.id_type is int and isinstance(value, str) and value.isdigit():
            return int(value)
        return value.item() if hasattr(value, "item") else value

    def _need_selection(self) -> list[Any]:
        if not self.selected:
            raise InputError("select one or more rows first (click them in the table)", field="selection")
        return list(self.selected)

    def _writable(self, column: str) -> str:
        assert self.frames is not None
        writable = [c for c in self.frames.spec.writable() if c in self.frame.columns]
        if column not in writable:
            raise InputError(f"{column!r} cannot be edited here; editable columns: {', '.join(writable)}", field=column)
        return column

    def _coerce(self, column: str, value: Any) -> Any:
        import pandas as pd

        kind = self.frame[column].dtype
        if not isinstance(value, str):
            return value
        text = value.strip()
        if pd.api.types.is_bool_dtype(kind):
            if text.lower() in ("yes", "true", "1", "on"):
                return True
            if text.lower() in ("no", "false", "0", "off"):
                return False
            raise InputError(f"{column} is yes or no, not {value!r}", field=column)
        if column == "frequency" and text.lower() in _FREQUENCIES:
            return _FREQUENCIES[text.lower()]
        if pd.api.types.is_integer_dtype(kind):
            if not text.lstrip("-").isdigit():
                raise InputError(f"{column} is a whole number, not {value!r}", field=column)
            return int(text)
        return value

    def _tags(self, tag: str, *, add: bool) -> int:
        rows = self._need_selection()
        col = self._writable("tags")
        tag = tag.strip()
        if not tag:
            raise InputError("type a tag first", field="tag")
        import pandas as pd

        cells = list(self.frame[col].to_numpy(dtype=object))
        for rid in rows:
            cur = cells[self._positions[rid]]
            tags: list[str] = [str(t) for t in cur] if isinstance(cur, (list, tuple)) else []
            cells[self._positions[rid]] = [*tags, tag] if add and tag not in tags else [t for t in tags if t != tag]
        self.frame[col] = pd.Series(cells, index=self.frame.index, dtype=object)
        return self._edited(f"{'added' if add else 'removed'} tag {tag!r} on {len(rows)} rows")

    # -- drawing ---------------------------------------------------------------------------------------
    def _display(self) -> pd.DataFrame:
        shown = readable(self.frame, self.columns)
        edited = set(self.plan.updates)
        marks = ["delete" if rid in self.marked else ("edited" if rid in edited else "") for rid in self._ids]
        shown.insert(0, "pending", marks)
        return shown

    def _make_grid(self) -> Any:
        self.grid_box = w.VBox()
        if self.uses_grid:
            from itables.widget import ITable

            table = ITable(
                self._display().reset_index(),  # "id" as a column: one header row, and every header sorts
                showIndex=False,
                select=True,
                column_filters="footer",  # the header keeps the names and the sort arrows
                maxBytes=0,  # never downsample: every row must be selectable
                pageLength=15,
                lengthMenu=[15, 50, 200],
                classes="display compact nowrap",
            )
            table.observe(lambda ch: self._from_grid(ch["new"]), names="selected_rows")
            self.grid_box.children = [table]
            return table
        self.search = w.Text(placeholder="search any column", description="Search")
        self.sort_by = w.Dropdown(options=["(as read)", *self._display().columns], description="Sort by")
        self.descending = w.Checkbox(value=False, description="descending")
        self.rows = w.SelectMultiple(options=[], rows=10, description="Rows", layout=w.Layout(width="100%"))
        self.table_html = w.HTML(value="")
        for ctl in (self.search, self.sort_by, self.descending):
            ctl.observe(lambda _c: self._redraw(), names="value")
        self.rows.observe(lambda ch: self._from_list(list(ch["new"])), names="value")
        tools = w.HBox(children=[self.search, self.sort_by, self.descending])
        self.grid_box.children = [tools, self.rows, self.table_html]
        return self.table_html

    def _from_list(self, picked: list[Any]) -> None:
        """The list shows the searched rows only: rows selected but hidden by the search stay selected."""
        if self._drawing:
            return
        visible = {v for _, v in self.rows.options}
        self._set_selection([i for i in self.selected if i not in visible] + picked, push=False)

    def _from_grid(self, positions: list[int]) -> None:
        ids = [self._ids[p] for p in positions if 0 <= p < len(self._ids)]
        self._set_selection(ids, push=False)

    def _set_selection(self, ids: list[Any], *, push: bool) -> None:
        self.selected = ids
        if push and self.uses_grid:
            self.grid.selected_rows = [self._positions[i] for i in ids]
        elif push:
            opts = {v for _, v in self.rows.options}
            self._drawing = True
            try:
                self.rows.value = tuple(i for i in ids if i in opts)
            finally:
                self._drawing = False
        self._count()

    def _count(self) -> None:
        n, sel, marked = len(self._ids), len(self.selected), len(self.marked)
        self.count_line.value = (
            f"<b>{esc(self.family)}</b> on {esc(self.plan.target)}: {n:,} rows, <b>{sel:,} selected</b>"
            + (f", {marked:,} marked for deletion" if marked else "")
        )

    def _redraw(self) -> None:
        shown = self._display()
        if self.uses_grid:
            self.grid.update(
                shown.reset_index(), showIndex=False, selected_rows=[self._positions[i] for i in self.selected]
            )
        else:
            self._redraw_html(shown)
        self._count()

    def _redraw_html(self, shown: pd.DataFrame) -> None:
        view = shown.assign(_id=self._ids)
        needle = self.search.value.strip().lower()
        if needle:
            hay = view.drop(columns="_id").astype(str).agg(" ".join, axis=1).str.lower()
            view = view[hay.str.contains(needle, regex=False).to_numpy()]
        if self.sort_by.value in view.columns:
            view = view.sort_values(self.sort_by.value, ascending=not self.descending.value, kind="stable")
        label = next((c for c in ("name", "title", "key", "description") if c in view.columns), None)
        names = view[label].tolist() if label else [""] * len(view)
        self._drawing = True
        try:
            self.rows.options = [(f"{i} · {n}", rid) for i, n, rid in zip(view.index, names, view["_id"])]
            self.rows.value = tuple(i for i in self.selected if i in set(view["_id"]))
        finally:
            self._drawing = False
        body = view.drop(columns="_id").head(HTML_ROWS).to_html(border=0, classes="mpnb-frame")
        more = len(view) - HTML_ROWS
        note = f"<div><i>{more:,} more rows: narrow them with the search box</i></div>" if more > 0 else ""
        self.table_html.value = f"<div style='max-height:420px;overflow:auto'>{body}</div>{note}"

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
        self.unmark_button = w.Button(description="Unmark", icon="undo")
        self.revert_button = w.Button(description="Revert all")
        clicks: list[tuple[w.Button, str, Callable[[], Any]]] = [
            (self.set_button, "Set", lambda: self.set_value(self.field.value, self.value.value)),
            (self.replace_button, "Replace", self._replace_clicked),
            (self.add_tag_button, "Add tag", lambda: self.add_tag(self.tag.value)),
            (self.remove_tag_button, "Remove tag", lambda: self.remove_tag(self.tag.value)),
            (self.delete_button, "Mark for deletion", self.mark_delete),
            (self.unmark_button, "Unmark", self.unmark),
            (self.revert_button, "Revert", self.revert),
        ]
        for button, what, fn in clicks:
            button.on_click(lambda _b, what=what, fn=fn: self.run(what, fn))
        self._busy_buttons = [b for b, _, _ in clicks]
        lines = [w.HBox(children=[self.field, self.value, self.set_button])]
        if texts:
            lines.append(w.HBox(children=[self.find_column, self.find, self.replace_with, self.replace_button]))
        if "tags" in writable:
            lines.append(w.HBox(children=[self.tag, self.add_tag_button, self.remove_tag_button]))
        lines.append(w.HBox(children=[self.delete_button, self.unmark_button, self.revert_button]))
        self.bar = w.VBox(children=lines)
