"""``PlanView``: a frames plan (``ws.<family>.plan(df)``) with its target, counts and conflicts, and Apply.

>>> view = PlanView(ws.reports.plan(df))
>>> view.apply.click(); view.confirm.yes.click()     # real Mixpanel: type the project id first
>>> view.result                                      # the per-row results frame

The widget leans on a small part of the plan's interface only: ``target``, ``counts()``, ``conflict_ids``,
``is_empty``, ``applied``, ``apply(confirm=, progress=)``, its HTML rendering and ``ws``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from mpnb.errors import InputError
from mpnb.widgets._base import Confirm, Shell, esc

if TYPE_CHECKING:
    import pandas as pd

    from mpnb.frames._plan import Plan

__all__ = ["PlanView", "counts_html", "results_summary"]


def counts_html(plan: Plan) -> str:
    """Target, non-zero counts and conflicting ids, as one HTML block."""
    counts = {k: v for k, v in plan.counts().items() if v}
    shown = ", ".join(f"{v} {k}" for k, v in counts.items()) or "nothing to do"
    conflicts = plan.conflict_ids
    extra = f"<br><span style='color:#cf222e'>conflicts (not sent): {esc(conflicts)}</span>" if conflicts else ""
    return f"<b>{esc(plan.family)} on {esc(plan.target)}</b>: {esc(shown)}{extra}"


def results_summary(result: pd.DataFrame) -> dict[str, int]:
    """How many rows ended in each status (``ok``, ``error``, ``conflict``, ...)."""
    return {str(k): int(v) for k, v in result["status"].value_counts().items()} if len(result) else {}


class PlanView(w.VBox, Shell):  # type: ignore[misc]
    """Show a plan; Apply asks first (typing the project id on real Mixpanel), shows progress, then the results.

    Events: applied (the results frame).
    """

    EVENTS = ("applied",)

    def __init__(self, plan: Plan, *, progress: bool = True) -> None:
        self._init_shell()
        self.plan = plan
        self.show_progress = progress
        self.result: pd.DataFrame | None = None
        self.summary = w.HTML(value=counts_html(plan))
        self.table = w.HTML(value=self._plan_html())
        self.apply = w.Button(description="Apply", button_style="danger", icon="upload")
        self.progress = w.IntProgress(value=0, min=0, max=max(1, self._rows()), description="Progress")
        self.progress_out = w.Output()
        self.results = w.HTML(value="")
        self.confirm = Confirm()
        self._busy_buttons = [self.apply]
        self._settle()
        self.apply.on_click(lambda _b: self.run("Apply", self._ask))
        super().__init__(
            children=[
                self.summary,
                self.table,
                self.apply,
                self.confirm,
                self.progress,
                self.progress_out,
                self.status,
                self.results,
            ]
        )
        self.say("Nothing to apply." if plan.is_empty else "Nothing sent yet; Apply sends the plan.", "info")

    def on_applied(self, callback: Any, remove: bool = False) -> None:
        """Call ``callback`` after the plan was applied; ``remove=True`` unhooks it."""
        self.on("applied", callback, remove)

    def _settle(self) -> None:
        self.apply.disabled = self.plan.is_empty or self.plan.applied or self.result is not None

    def _rows(self) -> int:
        c = self.plan.counts()
        return int(c.get("update", 0) + c.get("create", 0) + c.get("delete", 0) + c.get("archive", 0))

    def _plan_html(self) -> str:
        render = getattr(self.plan, "_repr_html_", None)
        return str(render()) if callable(render) else f"<pre>{esc(repr(self.plan))}</pre>"

    def _ask(self) -> None:
        plan = self.plan
        if self.result is not None or plan.applied:
            raise InputError("this plan was applied already; make a new plan to send more", field="plan")
        if plan.is_empty:
            raise InputError("the plan is empty: nothing to apply", field="plan")
        real = plan.ws.target.is_real
        typed = str(plan.ws.target.project_id) if real else None
        where = "REAL Mixpanel: " if real else ""
        self.say("Waiting for your confirmation below.", "busy")
        self.confirm.ask(
            f"Apply {self._rows()} change(s) to {esc(plan.family)} on {where}{esc(plan.target)}?",
            lambda: self.run("Apply", self._apply),
            typed=typed,
        )

    def _apply(self) -> None:
        self.progress.value, self.progress.bar_style = 0, "info"
        self.progress.description = "applying"
        self.say(f"Applying {self._rows()} change(s) to {self.plan.target} ...", "busy")
        try:
            with self.progress_out:  # tqdm.auto draws its live bar here in a notebook
                result = self.plan.apply(confirm=True, progress=self.show_progress)
        except Exception:
            self.progress.bar_style, self.progress.description = "danger", "failed"
            raise
        self.result = result
        counts = results_summary(result)
        bad = sum(v for k, v in counts.items() if k != "ok")
        self.progress.value = self.progress.max
        self.progress.bar_style = "warning" if bad else "success"
        self.progress.description = "done"
        self.results.value = result.to_html(index=False, na_rep="")
        shown = ", ".join(f"{v} {k}" for k, v in counts.items()) or "no rows"
        self.say(f"Applied to {self.plan.target}: {shown}.", "error" if bad else "ok")
        self._fire("applied", result)
