"""``PlanView``: a frames plan (``ws.<family>.plan(df)``) with its target, counts and conflicts, and Apply.

>>> view = PlanView(ws.reports.plan(df))
>>> view.apply.click(); view.confirm.yes.click()     # real Mixpanel: type the project id first
>>> view.result                                      # the per-row results frame

The widget reads the plan through its public interface and mpnb.frames._render (summary, action words,
bounded HTML), so a plan of 20,000 rows draws a few kilobytes, never every row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from mpnb.errors import InputError
from mpnb.frames import SAMPLE, action_words, plan_html, plan_summary, results_text, tidy_html
from mpnb.widgets._base import Confirm, Shell, esc

if TYPE_CHECKING:
    import pandas as pd

    from mpnb.frames import Plan

__all__ = ["PlanView", "counts_html", "results_html", "results_summary"]


def counts_html(plan: Plan) -> str:
    """Target, the per-action and per-field summary, and conflicting ids (a sample), as one HTML block."""
    conflicts = plan.conflict_ids
    more = f" and {len(conflicts) - SAMPLE:,} more" if len(conflicts) > SAMPLE else ""
    extra = (
        f"<br><span style='color:#cf222e'>conflicts (not sent): {esc(conflicts[:SAMPLE])}{more}</span>"
        if conflicts
        else ""
    )
    return f"<b>{esc(plan.family)} on {esc(plan.target)}</b>: {esc(plan_summary(plan))}{extra}"


def results_summary(result: pd.DataFrame) -> dict[str, int]:
    """How many rows ended in each status (``ok``, ``error``, ``conflict``, ...)."""
    return {str(k): int(v) for k, v in result["status"].value_counts().items()} if len(result) else {}


RESULT_ROWS = 50  # rows of the per-row results drawn on request (view.result has them all)


def results_html(result: pd.DataFrame, limit: int = RESULT_ROWS) -> str:
    """The first ``limit`` result rows, problems first, as a small table (empty cells stay empty)."""
    if not len(result):
        return ""
    order = result.assign(_ok=result["status"].eq("ok")).sort_values("_ok", kind="stable").drop(columns="_ok")
    rows = order.head(limit).astype(object)
    rows = rows.where(rows.notna(), "")  # no None / <NA> in the error cells of rows that went fine
    table: str = tidy_html(rows.to_html(index=False, classes="mpnb-results", border=0))
    more = len(result) - limit
    note = f"<div><i>{more:,} more rows: view.result has them all</i></div>" if more > 0 else ""
    return table + note


class PlanView(w.VBox, Shell):  # type: ignore[misc]
    """Show a plan; Apply asks first (typing the project id on real Mixpanel), shows progress, then the results.

    One progress bar: tqdm's (drawn in ``progress_out``) when ``progress=True``, else the widget's own.
    The results show as counts; "Show rows" draws the first rows (problems first). Events: applied.
    """

    EVENTS = ("applied",)

    def __init__(self, plan: Plan, *, progress: bool = True) -> None:
        self._init_shell()
        self.plan = plan
        self.show_progress = progress
        self.result: pd.DataFrame | None = None
        self.summary = w.HTML(value="")
        self.table = w.HTML(value="")
        self.apply = w.Button(description="Apply", button_style="danger", icon="upload")
        # a mass delete (many rows, or a large share of the family) needs this extra, deliberate tick
        self.allow_mass_delete = w.Checkbox(value=False, indent=False, layout=w.Layout(display="none"))
        self.progress = w.IntProgress(value=0, min=0, max=1, description="Progress")
        self.progress_out = w.Output()
        self.results = w.HTML(value="")
        self.show_rows = w.Button(description="Show rows", icon="table", disabled=True)
        self.confirm = Confirm()
        self.confirm.on_cancel(lambda: self.say("Cancelled; nothing sent. Apply asks again.", "info"))
        self._busy_buttons = [self.apply]
        self.apply.on_click(lambda _b: self.run("Apply", self._ask))
        self.show_rows.on_click(lambda _b: self._rows_on_request())
        bar = self.progress_out if progress else self.progress
        super().__init__(
            children=[
                self.summary,
                self.table,
                self.allow_mass_delete,
                self.apply,
                self.confirm,
                bar,
                self.status,
                w.HBox(children=[self.show_rows]),
                self.results,
            ]
        )
        self.set_plan(plan)

    def set_plan(self, plan: Plan) -> None:
        """Show another plan (the FrameEditor re-plans as the frame is edited); drops a pending confirmation."""
        self.plan, self.result = plan, None
        self.confirm.cancel()
        self.summary.value = counts_html(plan)
        self.table.value = self._plan_html()
        self.progress.value, self.progress.max = 0, max(1, self._rows())
        self.progress.bar_style, self.progress.description = "", "Progress"
        self.results.value = ""
        self.show_rows.disabled = True
        mass = bool(getattr(plan, "mass_delete", False))
        self.allow_mass_delete.value = False
        self.allow_mass_delete.layout.display = None if mass else "none"
        if mass:
            deleting = sum(1 for d in plan.deletes if d.action == "delete")
            self.allow_mass_delete.description = (
                f"Yes, delete {deleting:,} of the {plan.family_size:,} {plan.family} (a backup is written first)"
            )
        self._settle()
        self.say("Nothing to apply." if plan.is_empty else "Nothing sent yet; Apply sends the plan.", "info")

    @property
    def summary_text(self) -> str:
        """The plan's one-line summary ("2 updates: description 2; 1 delete")."""
        return plan_summary(self.plan)

    def on_applied(self, callback: Any, remove: bool = False) -> None:
        """Call ``callback`` after the plan was applied; ``remove=True`` unhooks it."""
        self.on("applied", callback, remove)

    def _settle(self) -> None:
        self.apply.disabled = self.plan.is_empty or self.plan.applied or self.result is not None

    def _rows(self) -> int:
        c = self.plan.counts()
        return int(c.get("update", 0) + c.get("create", 0) + c.get("delete", 0) + c.get("archive", 0))

    def _plan_html(self) -> str:
        try:
            return tidy_html(plan_html(self.plan, header=False))
        except AttributeError:  # a plan-like object without the full interface
            render = getattr(self.plan, "_repr_html_", None)
            return str(render()) if callable(render) else f"<pre>{esc(repr(self.plan))}</pre>"

    def question(self) -> str:
        """The confirmation's text: the actions and counts, then where ("Delete 22 reports, ... on SANDBOX?")."""
        plan = self.plan
        where = "REAL Mixpanel: " if plan.ws.target.is_real else ""
        words = action_words(plan)
        return f"{words[:1].upper()}{words[1:]} on {where}{plan.target}?"

    def _ask(self) -> None:
        plan = self.plan
        if self.result is not None or plan.applied:
            raise InputError("this plan was applied already; make a new plan to send more", field="plan")
        if plan.is_empty:
            raise InputError("the plan is empty: nothing to apply", field="plan")
        if getattr(plan, "mass_delete", False) and not self.allow_mass_delete.value:
            raise InputError(
                f"{self.allow_mass_delete.description.split(' (')[0][5:]}: tick the box above Apply to confirm "
                "a delete this large",
                field="allow_mass_delete",
            )
        typed = str(plan.ws.target.project_id) if plan.ws.target.is_real else None
        self.say("Waiting for your confirmation below the Apply button.", "busy")
        self.confirm.ask(esc(self.question()), lambda: self.run("Apply", self._apply), typed=typed)

    def _apply(self) -> None:
        self.progress.value, self.progress.bar_style = 0, "info"
        self.progress.description = "applying"
        self.say(f"Applying to {self.plan.target}: {action_words(self.plan)} ...", "busy")
        try:
            with self.progress_out:  # tqdm.auto draws its bar here (the only bar shown when progress=True)
                result = self.plan.apply(
                    confirm=True, progress=self.show_progress, allow_mass_delete=self.allow_mass_delete.value
                )
        except Exception:
            self.progress.bar_style, self.progress.description = "danger", "failed"
            raise
        self.result = result
        counts = results_summary(result)
        bad = sum(v for k, v in counts.items() if k != "ok")
        self.progress.value = self.progress.max
        self.progress.bar_style = "warning" if bad else "success"
        self.progress.description = "done"
        self.show_rows.disabled = not len(result)
        if bad:  # the problems are what to read first: show them without a click
            self._rows_on_request()
        self.say(results_text(result, str(self.plan.target)), "error" if bad else "ok")
        self._fire("applied", result)

    def _rows_on_request(self) -> None:
        if self.result is not None:
            self.results.value = results_html(self.result)
