"""``LifecyclePanel`` for one experiment and ``ExperimentList`` for all of them.

>>> panel = LifecyclePanel(ws, exp.id)
>>> panel.shown                      # ['launch', 'archive'] for a draft: only legal moves get a button
>>> panel.launch.click(); panel.confirm.yes.click()

The state machine is the entity layer's (``legal_transitions`` via ``Experiment.lifecycle``); the
panel draws it, offers a button per legal move, asks before each, and re-reads the server afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from mpnb.entities.experiments import (
    Experiment,
    ExperimentConcludeParams,
    ExperimentDecideParams,
    ExperimentLifecycle,
    ExperimentStatus,
)
from mpnb.errors import IllegalTransitionError, InputError
from mpnb.widgets._base import Confirm, Shell, esc

if TYPE_CHECKING:
    from mpnb import Workspace

__all__ = ["ACTIONS", "ExperimentList", "LifecyclePanel", "diagram_html", "experiments_table_html", "state_text"]

ACTIONS = ("launch", "conclude", "decide", "archive", "restore")
_NEXT = {"launch": "active", "conclude": "concluded", "decide": "success or fail", "archive": "archived"}
_NEXT["restore"] = "not archived"
_STATES = ("draft", "active", "concluded")


def _box(label: str, current: bool, done: bool) -> str:
    if current:
        style = "background:#0969da;color:white;font-weight:bold"
    elif done:
        style = "background:#ddf4ff;color:#0969da"
    else:
        style = "background:#f6f8fa;color:#57606a"
    mark = f"data-state='{label}'" + (" data-current='true'" if current else "")
    return f"<span {mark} style='{style};padding:3px 10px;border-radius:4px;border:1px solid #d0d7de'>{label}</span>"


def diagram_html(status: ExperimentStatus | str | None, archived: bool = False) -> str:
    """draft -> active -> concluded -> success | fail, the current state highlighted (plain HTML)."""
    state = status.value if isinstance(status, ExperimentStatus) else status
    order = [*_STATES, "success"]
    reached = order.index(state) if state in order else (3 if state == "fail" else -1)
    arrow = " <span style='color:#57606a'>&rarr;</span> "
    parts = [_box(s, s == state, i < reached) for i, s in enumerate(_STATES)]
    ends = f"{_box('success', state == 'success', False)} | {_box('fail', state == 'fail', False)}"
    badge = " <span style='color:#9a6700'>(archived)</span>" if archived else ""
    return f"<div style='line-height:2'>{arrow.join(parts)}{arrow}{ends}{badge}</div>"


def state_text(lc: ExperimentLifecycle) -> str:
    """ "draft", "concluded", or "archived (was draft)": what a person calls the state."""
    state = lc.status.value if lc.status else "unknown"
    return f"archived (was {state})" if lc.archived else state


def _dates_html(lc: ExperimentLifecycle, planned_end: str | None = None) -> str:
    rows = [("created", lc.created), ("start", lc.launched), ("end", lc.concluded), ("decided", lc.decided)]
    rows += [("modified", lc.modified)]
    if lc.archived:
        rows.append(("archived", lc.archived_at))
    shown = {k: esc(v[:19]) if v else "&mdash;" for k, v in rows}
    if not lc.concluded and planned_end:  # a draft (or a running one) with an end date set ahead
        shown["end"] = f"{esc(planned_end[:10])} (planned)"
    return " &nbsp; ".join(f"<b>{k}</b>: {v}" for k, v in shown.items())


class LifecyclePanel(w.VBox, Shell):  # type: ignore[misc]
    """One experiment's lifecycle: diagram, dates, a button per legal move (each confirmed), refresh.

    Events: changed (the new ``ExperimentLifecycle`` after a move or refresh).
    """

    EVENTS = ("changed",)

    def __init__(self, ws: Workspace, experiment_id: str) -> None:
        self._init_shell()
        self.ws = ws
        self.experiment_id = experiment_id
        self.lifecycle: ExperimentLifecycle | None = None
        self.experiment: Experiment | None = None
        self.title = w.HTML(value="")
        self.diagram = w.HTML(value="")
        self.dates = w.HTML(value="")
        self.buttons: dict[str, w.Button] = {a: w.Button(description=a.capitalize()) for a in ACTIONS}
        b = self.buttons
        self.launch, self.conclude, self.decide = b["launch"], b["conclude"], b["decide"]
        self.archive, self.restore = b["archive"], b["restore"]
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.actions = w.HBox(children=[])
        self.end_date = w.DatePicker(description="End date")
        # nothing picked for the user: a decision is recorded only as the user chose it
        self.outcome = w.ToggleButtons(options=["success", "fail"], value=None, description="Outcome")
        self.winning_variant = w.Dropdown(options=[("(none)", None)], index=0, description="Winner")
        self.message = w.Text(description="Message")
        self.decision = w.HTML(value="")  # what the last Decide sent (Mixpanel does not return it)
        self.options = w.VBox(children=[])
        self.confirm = Confirm()
        self.confirm.on_cancel(lambda: self.say(f"Cancelled; nothing sent. {self._state_line()}", "info"))
        self._asking: str | None = None
        self._question = ""
        self.outcome.observe(lambda _c: self._gate(), names="value")
        self.winning_variant.observe(lambda _c: self._gate(), names="value")
        self._busy_buttons = [*self.buttons.values(), self.refresh_button]
        for action, button in self.buttons.items():
            button.on_click(lambda _b, a=action: self.run(a.capitalize(), lambda: self._ask(a)))
        self.refresh_button.on_click(lambda _b: self.run("Refresh", self.refresh))
        super().__init__(
            children=[
                self.title,
                self.diagram,
                self.dates,
                self.decision,
                self.options,
                w.HBox(children=[self.actions, self.refresh_button]),
                self.confirm,
                self.status,
            ]
        )
        self.run("Load", self.refresh)

    def on_changed(self, callback: Any, remove: bool = False) -> None:
        """Call ``callback`` after a lifecycle move went through; ``remove=True`` unhooks it."""
        self.on("changed", callback, remove)

    @property
    def legal(self) -> list[str]:
        """The moves the experiment's current state allows (e.g. ``['launch', 'archive']``)."""
        return list(self.lifecycle.legal) if self.lifecycle else []

    @property
    def shown(self) -> list[str]:
        """The actions that have a button on screen now (only the legal ones)."""
        return [a for a, b in self.buttons.items() if b in self.actions.children]

    def refresh(self) -> None:
        """Read the experiment again (one GET: its lifecycle and its variants) and redraw."""
        self.experiment = self.ws.get_experiment(self.experiment_id)
        self.lifecycle = lc = self.experiment.lifecycle
        self.title.value = f"<b>{esc(lc.name)}</b> <code>{esc(lc.experiment_id)}</code>"
        self.diagram.value = diagram_html(lc.status, lc.archived)
        self.dates.value = _dates_html(lc, self.experiment.end_date)
        self.actions.children = [self.buttons[a] for a in lc.legal if a in self.buttons]
        self._settle()
        variants = [v for v in self.experiment.variants or [] if isinstance(v, dict) and v.get("key")]
        keys = [str(v.get("key")) for v in variants]
        current = self.winning_variant.value
        self.winning_variant.options = [("(none)", None), *((k, k) for k in keys)]
        if current in keys:  # the user's own pick survives a refresh; nothing is ever picked for them
            self.winning_variant.value = current
        else:
            self.winning_variant.index = 0
        self.options.children = self._option_controls(lc.legal)
        self.say(self._state_line(), "info")
        self._fire("changed", lc)

    def _state_line(self) -> str:
        lc = self.lifecycle
        if lc is None:
            return ""
        moves = ", ".join(lc.legal) if lc.legal else "none (final)"
        return f"{lc.name} is {state_text(lc)}; legal now: {moves}."

    def _settle(self) -> None:
        """Only legal moves are enabled (and shown); run() calls this after every callback."""
        for action, button in self.buttons.items():
            button.disabled = action not in self.legal

    def _option_controls(self, legal: list[str]) -> list[w.Widget]:
        out: list[w.Widget] = []
        if "conclude" in legal:
            out.append(self.end_date)
        if "decide" in legal:
            out += [self.outcome, self.winning_variant, self.message]
        return out

    def _ask(self, action: str) -> None:
        """Ask before moving; the move itself checks the lifecycle again on the server's current state."""
        if action not in self.legal:
            lc = self.lifecycle
            state = lc.status.value if lc and lc.status else "unknown"
            raise IllegalTransitionError(
                f"{action} is not a legal move now (the experiment is {state}; legal: {', '.join(self.legal)})",
                state=state,
                legal=self.legal,
            )
        name = self.lifecycle.name if self.lifecycle else self.experiment_id
        detail = ""
        if action == "conclude" and self.end_date.value is not None:
            detail = f" with end date {self.end_date.value.isoformat()}"
        if action == "decide" and self.outcome.value is not None:
            win = f", winner {self.winning_variant.value}" if self.winning_variant.value else ""
            detail = f" as {self.outcome.value}{win}"
        where = esc(self.ws.target.label())
        self.say("Waiting for your confirmation: Yes or Cancel above.", "busy")
        self._asking = action
        self._question = f"{action.capitalize()} experiment {esc(name)}{{detail}} (-> {_NEXT[action]}) on {where}?"
        self.confirm.ask(
            self._question.format(detail=esc(detail)),
            lambda: self.run(action.capitalize(), lambda: self._do(action)),
        )
        self._gate()

    def _missing(self) -> str:
        """What Decide still needs from the user ("" when ready): the outcome, and for a success its winner."""
        if self.outcome.value is None:
            return "pick the outcome (success or fail) above"
        if self.outcome.value == "success" and self.winning_variant.value is None:
            return "pick the winning variant above"
        return ""

    def _gate(self) -> None:
        """Decide's Yes stays disabled until the user picked what the decision records."""
        if self._asking != "decide" or not self.confirm.pending:
            return
        missing = self._missing()
        win = f", winner {self.winning_variant.value}" if self.winning_variant.value else ""
        detail = f" as {self.outcome.value}{win}" if self.outcome.value else ""
        hint = f"<br><i style='color:#9a6700'>{esc(missing)} to enable Yes.</i>" if missing else ""
        self.confirm.message.value = f"<b>{self._question.format(detail=esc(detail))}</b>{hint}"
        self.confirm.yes.disabled = bool(missing)

    def _do(self, action: str) -> None:
        eid = self.experiment_id
        if action == "launch":
            self.ws.launch_experiment(eid)
        elif action == "conclude":
            end = self.end_date.value.isoformat() if self.end_date.value is not None else None
            self.ws.conclude_experiment(eid, params=ExperimentConcludeParams(end_date=end))
        elif action == "decide":
            if self._missing():
                raise InputError(f"decide: {self._missing()}; nothing sent", field="outcome")
            params = ExperimentDecideParams(
                success=self.outcome.value == "success",
                variant=self.winning_variant.value,
                message=self.message.value.strip() or None,
            )
            self.ws.decide_experiment(eid, params)
            parts = [f"<b>decision</b>: {esc(self.outcome.value)}"]
            if params.variant:
                parts.append(f"winner <b>{esc(params.variant)}</b>")
            if params.message:
                parts.append(f"message: &ldquo;{esc(params.message)}&rdquo;")
            self.decision.value = ", ".join(parts)
        elif action == "archive":
            self.ws.archive_experiment(eid)
        else:
            self.ws.restore_experiment(eid)
        self.refresh()
        lc = self.lifecycle
        state = state_text(lc) if lc else "unknown"
        extra = ""
        if action == "decide":
            win = f", winner {self.winning_variant.value}" if self.winning_variant.value else ""
            msg = f", message {self.message.value.strip()!r}" if self.message.value.strip() else ""
            extra = f" ({self.outcome.value}{win}{msg})"
        self.say(f"{action.capitalize()}: done; the experiment is now {state}{extra}. {self.status_text}", "ok")


def experiments_table_html(experiments: list[Experiment]) -> str:
    """A plain HTML table: name, state, start, end, modified."""
    head = "".join(f"<th style='text-align:left;padding:2px 8px'>{h}</th>" for h in ("name", "state", "start", "end"))
    head += "<th style='text-align:left;padding:2px 8px'>modified</th>"
    rows = []
    for e in experiments:
        state = e.status.value if e.status else "?"
        state += " (archived)" if e.archived else ""
        cells = [e.name, state, (e.start_date or "")[:10], (e.end_date or "")[:10], (e.modified or "")[:10]]
        rows.append("<tr>" + "".join(f"<td style='padding:2px 8px'>{esc(c)}</td>" for c in cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


class ExperimentList(w.VBox, Shell):  # type: ignore[misc]
    """Every experiment with its state (one list call); pick one to open its ``LifecyclePanel`` below."""

    EVENTS = ("picked",)

    def __init__(self, ws: Workspace, *, include_archived: bool = False) -> None:
        self._init_shell()
        self.ws = ws
        self.experiments: list[Experiment] = []
        self.panel: LifecyclePanel | None = None
        self.table = w.HTML(value="")
        self.include_archived = w.Checkbox(value=include_archived, description="include archived")
        # index=0, not value=None: ipywidgets reads value None as "no selection" and shows a blank box
        self.pick = w.Dropdown(options=[("(pick an experiment)", None)], index=0, description="Open")
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.panel_box = w.VBox(children=[])
        self._busy_buttons = [self.refresh_button]
        self.refresh_button.on_click(lambda _b: self.run("Refresh", self.refresh))
        self.include_archived.observe(lambda _c: self.run("Refresh", self.refresh), names="value")
        self._refreshing = False
        self.pick.observe(lambda _c: None if self._refreshing else self.run("Open", self._open), names="value")
        super().__init__(
            children=[
                w.HBox(children=[self.pick, self.include_archived, self.refresh_button]),
                self.table,
                self.status,
                self.panel_box,
            ]
        )
        self.run("Load", self.refresh)

    def on_picked(self, callback: Any, remove: bool = False) -> None:
        """Call ``callback`` when an experiment is picked; ``remove=True`` unhooks it."""
        self.on("picked", callback, remove)

    def follow(self, *panels: LifecyclePanel) -> None:
        """Refresh the table whenever one of ``panels`` (drawn elsewhere) moves its experiment."""
        for panel in panels:
            panel.on_changed(lambda _lc: self.run("Refresh", self.refresh))

    def refresh(self) -> None:
        """List the experiments again (one call) and redraw the table and the picker."""
        self.experiments = self.ws.list_experiments(include_archived=self.include_archived.value)
        self.table.value = experiments_table_html(self.experiments)
        current = self.pick.value
        options: list[tuple[str, str | None]] = [("(pick an experiment)", None)]
        for e in self.experiments:
            options.append((f"{e.name} ({e.status.value if e.status else '?'})", e.id))
        self._refreshing = True  # re-filling the picker must not re-open the panel
        try:
            self.pick.options = options
            if current is not None and current in [v for _, v in options]:
                self.pick.value = current
            else:
                self.pick.index = 0
        finally:
            self._refreshing = False
        self.say(f"{len(self.experiments)} experiments.", "info")

    def _open(self) -> None:
        eid = self.pick.value
        if eid is None:
            self.panel, self.panel_box.children = None, []
            return
        self.panel = LifecyclePanel(self.ws, eid)
        self.follow(self.panel)
        self.panel_box.children = [self.panel]
        self._fire("picked", self.panel)
