"""``CopyView``: a copy plan (``mp.copy(src, dst, ...)``) shown per family and per row, sent only by Apply.

>>> view = CopyView(mp.copy(ws, ws.for_project(1001), dashboards=[12], include_alerts=True))
>>> view.apply.click(); view.confirm.yes.click()     # real Mixpanel: type the destination's project id first
>>> view.result                                      # the CopyResult: one outcome per row

The view reads the plan through its public interface (rows, references, ``summary()``, ``apply()``): counts
of each action per family, then one line per entity with what the copy does in the destination (create,
update, skip, conflict, ...), why the entity is in the copy and what it pairs with there. A row that points
at an entity the copy leaves alone (an alert whose report is in conflict) is marked: the apply skips it with
that entity. Nothing is sent before the confirmation, which names the destination project.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from mpnb._families import REGISTRY
from mpnb.errors import InputError
from mpnb.widgets._base import Confirm, Shell, esc

if TYPE_CHECKING:
    import pandas as pd

    from mpnb._workspace import Workspace
    from mpnb.copying import CopyPlan, CopyResult

__all__ = ["CopyView", "counts_table", "held_back", "where"]

ACTIONS = ("create", "update", "skip", "conflict", "mapped", "ambiguous", "left out")
SENDS = ("create", "update")  # the actions that write to the destination
NOT_COPIED = ("conflict", "left out", "ambiguous")  # rows the apply leaves alone (and what points at them)
PROBLEMS = ("error", "unknown", "conflict", "left out", "ambiguous")
ROWS = 200  # rows drawn in a table (view.plan.to_frame() and view.result.to_frame() have them all)


def where(ws: Workspace) -> str:
    """A Workspace's project in words: "SANDBOX project 1001", "Mixpanel us · project 4242"."""
    label = ws.target.label()
    return label if "project" in label else f"{label} project {ws.target.project_id}"


def held_back(plan: CopyPlan) -> dict[tuple[str, str], str]:
    """Rows to create or update that the apply will not send, because an entity they point at is not copied
    (in conflict, left out, ambiguous, or held back itself): (family, source id) -> why. The apply's own rule,
    known ahead from the plan."""
    action = {(r.family, str(r.source_id)): r.action for r in plan.rows}
    out: dict[tuple[str, str], str] = {}
    grew = True
    while grew:  # until nothing more is held back (an alert on a report on a board in conflict)
        grew = False
        for row in plan.rows:
            key = (row.family, str(row.source_id))
            item = plan.source.items.get(key)
            if row.action not in SENDS or item is None or key in out:
                continue
            for ref in item.refs:
                theirs = (ref.family, str(ref.source_id))
                why = "held back" if theirs in out else action.get(theirs)
                if why in (*NOT_COPIED, "held back"):
                    to = REGISTRY.get(ref.family).singular
                    out[key], grew = f"not sent: its {to} {ref.source_id} is not copied ({why})", True
                    break
    return out


def _order() -> dict[str, int]:
    return {f.name: i for i, f in enumerate(REGISTRY.creation_order())}


def counts_table(frame: pd.DataFrame, column: str, words: tuple[str, ...]) -> str:
    """Per family (in creation order), how many rows have each value of ``column``, and the total, as HTML."""
    if not len(frame):
        return ""
    order = _order()
    families = sorted(frame["family"].unique(), key=lambda f: order.get(str(f), len(order)))
    seen = set(frame[column])
    cols = [c for c in words if c in seen] + sorted(str(c) for c in seen if c not in words)
    head = "".join(f"<th style='text-align:right'>{esc(c)}</th>" for c in [*cols, "total"])
    body = []
    for fam in families:
        sub = frame[frame["family"] == fam][column].value_counts()
        cells = "".join(f"<td style='text-align:right'>{int(sub.get(c, 0)) or ''}</td>" for c in cols)
        body.append(f"<tr><td>{esc(fam)}</td>{cells}<td style='text-align:right'>{int(sub.sum())}</td></tr>")
    return f"<table><tr><th style='text-align:left'>family</th>{head}</tr>{''.join(body)}</table>"


def _cell(value: Any) -> Any:
    """Empty for a missing value, a whole number without ".0" (pandas makes ids float beside a None)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _table(frame: pd.DataFrame, what: str) -> str:
    rows = frame.head(ROWS).astype(object)
    rows = rows.apply(lambda col: col.map(_cell))
    page: str = rows.to_html(index=False, border=0, classes="mpnb-copy", justify="left")
    more = len(frame) - ROWS
    note = f"<div><i>{more:,} more rows: {esc(what)} has them all</i></div>" if more > 0 else ""
    return f"<div style='max-height:360px;overflow:auto'>{page}</div>{note}"  # Apply stays in sight


class CopyView(w.VBox, Shell):  # type: ignore[misc]
    """A copy plan: counts per family, one line per entity, references left unresolved; Apply asks first
    (naming the destination project; on real Mixpanel its id is typed), then shows each row's outcome.

    ``view.result`` is the ``CopyResult`` once applied (None before). Events: applied (the CopyResult).
    """

    EVENTS = ("applied",)

    def __init__(self, plan: CopyPlan) -> None:
        self._init_shell()
        self.plan = plan
        self.result: CopyResult | None = None
        self.summary = w.HTML(value="")
        self.counts = w.HTML(value="")
        self.table = w.HTML(value="")
        self.unresolved = w.HTML(value="")
        self.apply = w.Button(description="Apply", button_style="danger", icon="upload")
        self.confirm = Confirm()
        self.confirm.on_cancel(lambda: self.say("Cancelled; nothing sent. Apply asks again.", "info"))
        self.results = w.HTML(value="")
        self._busy_buttons = [self.apply]
        self.apply.on_click(lambda _b: self.run("Apply", self._ask))
        super().__init__(
            children=[
                self.summary,
                self.counts,
                self.table,
                self.unresolved,
                self.apply,
                self.confirm,
                self.status,
                self.results,
            ]
        )
        self._draw()

    # -- what the plan says ----------------------------------------------------------------------------
    @property
    def destination(self) -> str:
        """The project the copy writes to, in words ("SANDBOX project 1001")."""
        return where(self.plan.dst)

    def to_send(self) -> int:
        """How many rows the apply would write (creates and updates, less those held back)."""
        held = held_back(self.plan)
        return sum(1 for r in self.plan.rows if r.action in SENDS and (r.family, str(r.source_id)) not in held)

    def plan_frame(self) -> pd.DataFrame:
        """The plan's rows as shown: target id "new" for a create, and why a row will not be sent."""
        frame = self.plan.to_frame()
        held = held_back(self.plan)
        notes = [
            "; ".join(p for p in (held.get((f, str(s)), ""), n) if p)
            for f, s, n in zip(frame["family"], frame["source_id"], frame["note"])
        ]
        new = [a == "create" and t is None for a, t in zip(frame["action"], frame["target_id"])]
        ids = ["new" if n else t for n, t in zip(new, frame["target_id"])]
        shown: pd.DataFrame = frame.assign(note=notes, target_id=ids)
        return shown

    def on_applied(self, callback: Any, remove: bool = False) -> None:
        """Call ``callback(result)`` after the copy was applied; ``remove=True`` unhooks it."""
        self.on("applied", callback, remove)

    def question(self) -> str:
        """The confirmation's text: the writes, and where ("Copy into SANDBOX project 1001: create 8, update 1?")."""
        counts = self.plan.counts()
        held = len(held_back(self.plan))
        words = ", ".join(f"{a} {counts[a]}" for a in SENDS if counts[a])
        real = "REAL Mixpanel: " if self.plan.dst.target.is_real else ""
        tail = f" ({held} held back)" if held else ""
        return f"Copy into {real}{self.destination}: {words}{tail} (from {where(self.plan.src)})?"

    # -- drawing ---------------------------------------------------------------------------------------
    def _draw(self) -> None:
        plan = self.plan
        self.summary.value = f"<b>{esc(plan.summary())}</b>"
        frame = self.plan_frame()
        self.counts.value = counts_table(frame, "action", ACTIONS)
        empty = [c for c in ("changes", "note") if not frame[c].astype(bool).any()]
        self.table.value = _table(frame.drop(columns=empty), "view.plan.to_frame()")
        if plan.unresolved:
            lines = "".join(
                f"<li>{esc(REGISTRY.get(r.owner_family).singular)} {esc(r.owner_id)} {esc(r.field)} -> "
                f"{esc(REGISTRY.get(r.family).singular)} {esc(r.source_id)}</li>"
                for r in plan.unresolved[:20]
            )
            self.unresolved.value = (
                f"<span style='color:#cf222e'><b>{len(plan.unresolved)} reference(s) point outside the copy</b>: "
                "copy them too (follow=True), map them (mapping={...}) or leave those entities out "
                f"(skip_unresolved=True), then make the plan again.</span><ul>{lines}</ul>"
            )
        self._settle()
        if plan.unresolved:
            self.say("Apply waits until every reference is resolved; nothing sent.", "error")
        elif not self.to_send() and held_back(plan):
            held = len(held_back(plan))
            self.say(f"Nothing to send: {held} row(s) point at entities this copy leaves alone (see their notes).")
        elif not self.to_send():
            self.say(f"Nothing to send: {self.destination} already holds what this copy would write.", "info")
        else:
            self.say(f"Nothing sent yet; Apply copies into {self.destination} (it asks first).", "info")

    def _settle(self) -> None:
        done = self.result is not None or self.plan.applied
        self.apply.disabled = done or bool(self.plan.unresolved) or not self.to_send()

    # -- apply -----------------------------------------------------------------------------------------
    def _ask(self) -> None:
        plan = self.plan
        if self.result is not None or plan.applied:
            raise InputError("this copy was applied already; make a new plan (mp.copy) to copy again", field="plan")
        if plan.unresolved:
            raise InputError(f"{len(plan.unresolved)} reference(s) point outside the copy", field="unresolved")
        if not self.to_send():
            raise InputError("nothing to send: the destination already holds it", field="plan")
        typed = str(plan.dst.target.project_id) if plan.dst.target.is_real else None
        self.say("Waiting for your confirmation below the Apply button.", "busy")
        self.confirm.ask(esc(self.question()), lambda: self.run("Apply", self._apply), typed=typed)

    def _apply(self) -> None:
        self.say(f"Copying into {self.destination} ...", "busy")
        result = self.plan.apply(confirm=True)
        self.result = result
        frame = result.to_frame()
        counts = frame["status"].value_counts()
        bad = sum(int(n) for s, n in counts.items() if s in PROBLEMS)
        text = ", ".join(f"{int(n)} {s}" for s, n in counts.items()) or "nothing to do"
        backup = f" The destination's records were backed up first to {result.backup}." if result.backup else ""
        self.results.value = counts_table(frame, "status", ("ok", "skipped", *PROBLEMS)) + _table(
            self._problems_first(frame), "view.result.to_frame()"
        )
        self.say(f"Copied into {self.destination}: {text}.{backup}", "error" if bad else "ok")
        self._fire("applied", result)

    @staticmethod
    def _problems_first(frame: pd.DataFrame) -> pd.DataFrame:
        order = frame.assign(_ok=~frame["status"].isin(PROBLEMS)).sort_values("_ok", kind="stable")
        shown: pd.DataFrame = order.drop(columns="_ok")
        return shown
