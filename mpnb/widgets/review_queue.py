"""``ReviewQueue``: review thousands of proposed deletes by group, keep or delete each, apply the plan that follows.

>>> queue = ReviewQueue(ws.audit())                 # or ReviewQueue(ws.reports.plan(df, delete=[...]))
>>> queue.group_counts("board")                     # rows, delete, keep per board
>>> queue.decide_group("stale_report", "delete")    # the group's rows whose own default is delete
>>> queue.decide(["reports:41"], "keep")            # one row, explicitly
>>> queue.plans["reports"]                          # ws.reports.plan(frame, delete=[the rows chosen])

Every row starts at the proposal's own default (a row the audit says to keep stays kept). A group's
"delete" switches only rows whose default is delete; a row defaulting to keep is deleted only by its own,
explicit choice. The plans beneath follow every toggle, each in a PlanView with its Apply (backups first).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from mpnb.errors import InputError
from mpnb.frames import short_id
from mpnb.widgets._base import Shell, esc, reading
from mpnb.widgets._proposals import GROUPS, from_findings, from_plan
from mpnb.widgets.plan_view import PlanView

if TYPE_CHECKING:
    import pandas as pd

    from mpnb.frames import Plan

__all__ = ["ReviewQueue"]

CHOICES = ("keep", "delete")
SHOWN = ["decision", "family", "id", "name", "reason", "board", "owner", "age", "views", "keep_reason", "reasons"]


class ReviewQueue(w.VBox, Shell):  # type: ignore[misc]
    """Proposals by reason, board, owner or age with counts; keep/delete per row and per group; the plan beneath.

    ``source``: an ``Audit`` (``ws.audit()``) or a frames ``Plan``. Events: applied (one family's results).
    """

    EVENTS = ("applied",)

    def __init__(self, source: Any, *, include_review: bool = False, page_size: int = 15, progress: bool = True):
        self._init_shell()
        self.source = source
        self.show_progress = progress
        self.frames: dict[str, pd.DataFrame] = {}
        with reading("Reading what the proposals touch"):
            self.proposals = self._proposals(source, include_review)
        self.choice: dict[Hashable, str] = dict(zip(self.proposals.index, self.proposals["default"]))
        self.explicit: set[Hashable] = set()
        self.plans: dict[str, Plan] = {}
        self.views: dict[str, PlanView] = {}
        self.group_by = w.Dropdown(options=list(GROUPS), value="reason", description="Group by")
        self.groups_html = w.HTML(value="")
        self.group = w.Dropdown(options=[], description="Group")
        self.delete_group = w.Button(description="Delete group", button_style="warning", icon="trash")
        self.keep_group = w.Button(description="Keep group", icon="check")
        self.delete_selected = w.Button(description="Delete selected", icon="trash")
        self.keep_selected = w.Button(description="Keep selected", icon="check")
        self.reset_button = w.Button(description="Back to defaults", icon="undo")
        self.counts = w.HTML(value="")
        self.plans_box = w.VBox(children=[])
        self.grid: Any = self._make_grid(page_size)
        self._busy_buttons = [self.delete_group, self.keep_group, self.delete_selected, self.keep_selected]
        self.group_by.observe(lambda _c: self._draw_groups(), names="value")
        self.delete_group.on_click(lambda _b: self.run("Delete group", lambda: self._group_clicked("delete")))
        self.keep_group.on_click(lambda _b: self.run("Keep group", lambda: self._group_clicked("keep")))
        self.delete_selected.on_click(lambda _b: self.run("Delete selected", lambda: self._selected_clicked("delete")))
        self.keep_selected.on_click(lambda _b: self.run("Keep selected", lambda: self._selected_clicked("keep")))
        self.reset_button.on_click(lambda _b: self.run("Back to defaults", self.reset))
        super().__init__(
            children=[
                self.counts,
                w.HBox(children=[self.group_by, self.group, self.delete_group, self.keep_group]),
                self.groups_html,
                self.grid,
                w.HBox(children=[self.delete_selected, self.keep_selected, self.reset_button]),
                self.status,
                self.plans_box,
            ]
        )
        self._draw_groups()
        self._replan()
        self.say("Nothing is sent until you click Apply on a plan below.", "info")

    # -- the programmatic surface ----------------------------------------------------------------------
    def decide(self, keys: Iterable[Hashable], choice: str) -> int:
        """Keep or delete these rows (keys as ``"family:id"``), by explicit choice; returns rows changed."""
        choice = self._checked(choice)
        keys = [self._key(k) for k in keys]
        changed = [k for k in keys if self.choice[k] != choice]
        for k in keys:
            self.choice[k] = choice
            self.explicit.add(k)
        self._changed(changed, f"{choice} {len(keys):,} rows")
        return len(changed)

    def decide_group(self, value: Any, choice: str, by: str | None = None) -> int:
        """Keep or delete one group; "delete" touches only rows whose default is delete (or chosen so)."""
        choice = self._checked(choice)
        by = by or self.group_by.value
        if by not in GROUPS:
            raise InputError(f"group by one of {', '.join(GROUPS)}, not {by!r}", field="by")
        rows = self.proposals.index[self.proposals[GROUPS[by]].astype(str) == str(value)]
        if not len(rows):
            raise InputError(f"no group {value!r} when grouped by {by}", field="group")
        if choice == "delete":  # a row proposed as "keep" needs its own, explicit choice
            rows = [k for k in rows if self.proposals.at[k, "default"] == "delete" or k in self.explicit]
        changed = [k for k in rows if self.choice[k] != choice]
        for k in rows:
            self.choice[k] = choice
        skipped = int((self.proposals[GROUPS[by]].astype(str) == str(value)).sum()) - len(rows)
        note = f" ({skipped:,} proposed as keep stay kept: choose them one by one)" if skipped else ""
        self._changed(changed, f"{choice} {len(rows):,} rows of {by} {value}{note}")
        return len(changed)

    def reset(self) -> None:
        """Every row back to the proposal's own default."""
        changed = [k for k, d in self.proposals["default"].items() if self.choice[k] != d]
        self.choice = dict(zip(self.proposals.index, self.proposals["default"]))
        self.explicit.clear()
        self._changed(changed, "back to the proposals' defaults")

    def group_counts(self, by: str | None = None) -> pd.DataFrame:
        """Per group: rows, how many are chosen for deletion, how many kept (largest groups first)."""
        import pandas as pd

        by = by or self.group_by.value
        col = self.proposals[GROUPS[by]].astype(str).replace("", "(none)")
        chosen = pd.Series(self.choice).reindex(self.proposals.index)
        counts = pd.DataFrame({"group": col, "delete": chosen.eq("delete"), "keep": chosen.eq("keep")})
        grouped = counts.groupby("group", sort=False)
        out = grouped.agg(rows=("delete", "size"), delete=("delete", "sum"), keep=("keep", "sum"))
        ordered: pd.DataFrame = out.sort_values("rows", ascending=False, kind="stable").astype(int)
        return ordered

    def deletes(self, family: str) -> list[Any]:
        """The ids of ``family`` chosen for deletion now (what its plan deletes)."""
        sub = self.proposals[self.proposals["family"] == family]
        return [rid for key, rid in zip(sub.index, sub["id"]) if self.choice[key] == "delete"]

    # -- building ----------------------------------------------------------------------------------------
    def _proposals(self, source: Any, include_review: bool) -> pd.DataFrame:
        findings = getattr(source, "findings", None)
        if findings is not None:
            self.ws = source.ws
            families = [str(f) for f in dict.fromkeys(findings["family"].astype(str))]
            for family in families:
                self.frames[family] = getattr(self.ws, family).frame()
            return from_findings(findings, self.frames, include_review=include_review)
        if hasattr(source, "deletes") and hasattr(source, "family"):
            self.ws = source.ws
            self.frames[source.family] = getattr(self.ws, source.family).frame()
            return from_plan(source, self.frames[source.family])
        raise InputError("ReviewQueue takes ws.audit() or a plan (ws.<family>.plan(...))", field="source")

    def _replan(self) -> None:
        for family, frame in self.frames.items():
            ids = self.deletes(family)
            if not ids and family not in self.views:
                continue
            plan = getattr(self.ws, family).plan(frame, delete=ids or None)
            self.plans[family] = plan
            if family in self.views:
                self.views[family].set_plan(plan)
            else:
                view = PlanView(plan, progress=self.show_progress)
                view.on_applied(lambda result, family=family: self._fire("applied", result.assign(family=family)))
                self.views[family] = view
        self.plans_box.children = [self.views[f] for f in self.frames if f in self.views]
        self._draw_counts()

    # -- drawing -----------------------------------------------------------------------------------------
    def _display(self, keys: Iterable[Hashable] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
        p = self.proposals if keys is None else self.proposals.loc[list(keys)]
        shown = p.assign(
            decision=[self.choice[k] + ("" if k not in self.explicit else " (chosen)") for k in p.index],
            id=[short_id(i) for i in p["id"]],
            views=["" if v is None or str(v) == "<NA>" else str(v) for v in p["views"]],
        )
        cols = [c for c in SHOWN if c != "family" or self.proposals["family"].nunique() > 1]
        return shown[cols].fillna("").astype(str), p[["age_days", "views"]].assign(age=p["age_days"])

    def _make_grid(self, page_size: int) -> Any:
        from mpnb.widgets.frame_editor import grid_available

        display, keys = self._display()
        if grid_available():
            from mpnb.widgets._grid import PagedGrid

            grid: Any = PagedGrid(display, keys=keys, editable=["decision"], page_size=page_size)
            grid.on_edit(lambda key, _col, text: self._typed(key, text))
        else:
            from mpnb.widgets._html_grid import HtmlGrid

            grid = HtmlGrid(display, keys)
        return grid

    def _typed(self, key: Hashable, text: str) -> None:
        word = text.strip().lower().removesuffix(" (chosen)")
        self.run("Decide", lambda: self.decide([key], word))
        if self.last_error:
            raise InputError(self.last_error)

    def _changed(self, keys: list[Hashable], what: str) -> None:
        if keys:
            display, sort_keys = self._display(keys)
            self.grid.update_rows(display, sort_keys)
        else:
            self.grid.update_rows(self._display([])[0])
        self._replan()
        self._draw_groups()
        self.say(f"{what}; the plans below follow. Nothing sent yet.", "ok")

    def _draw_counts(self) -> None:
        n = len(self.proposals)
        delete = sum(1 for c in self.choice.values() if c == "delete")
        by_family = ", ".join(f"{len(self.deletes(f)):,} {f}" for f in self.frames if self.deletes(f))
        self.counts.value = (
            f"<b>{n:,} proposals</b>: <b>{delete:,} to delete</b>"
            + (f" ({esc(by_family)})" if by_family else "")
            + f", {n - delete:,} to keep"
        )

    def _draw_groups(self) -> None:
        counts = self.group_counts()
        current = self.group.value
        self.group.options = [(f"{g} ({r.rows:,})", g) for g, r in counts.iterrows()]
        if current in counts.index:
            self.group.value = current
        elif len(counts):
            self.group.index = 0
        head = "<tr><th style='text-align:left'>group</th><th>rows</th><th>delete</th><th>keep</th></tr>"
        body = "".join(
            f"<tr><td>{esc(g)}</td><td style='text-align:right'>{r.rows:,}</td>"
            f"<td style='text-align:right'>{r.delete:,}</td><td style='text-align:right'>{r.keep:,}</td></tr>"
            for g, r in counts.head(20).iterrows()
        )
        more = f"<i>{len(counts) - 20:,} more groups (pick one above)</i>" if len(counts) > 20 else ""
        self.groups_html.value = f"<div style='max-height:240px;overflow:auto'><table>{head}{body}</table>{more}</div>"
        self._draw_counts()

    # -- helpers -----------------------------------------------------------------------------------------
    def _checked(self, choice: str) -> str:
        if choice not in CHOICES:
            raise InputError(f"choose keep or delete, not {choice!r}", field="decision")
        return choice

    def _key(self, key: Hashable) -> Hashable:
        if key in self.choice:
            return key
        raise InputError(f"no proposal {key!r} in this queue (keys read 'family:id', e.g. 'reports:41')", field="key")

    def _group_clicked(self, choice: str) -> None:
        if self.group.value is None:
            raise InputError("pick a group first", field="group")
        self.decide_group(self.group.value, choice)

    def _selected_clicked(self, choice: str) -> None:
        keys = list(self.grid.selected_ids)
        if not keys:
            raise InputError("select rows in the grid first (tick them)", field="selection")
        self.decide(keys, choice)
