"""PlanView: a frames plan shown with target, counts and conflicts; Apply confirmed, progress, results."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd

import mpnb as mp
from mpnb.frames._plan import Change
from mpnb.widgets import PlanView


def _ws(tmp_path: Path) -> mp.Workspace:
    return mp.Workspace.sandbox(seed=1, backup_dir=tmp_path / "backups", sleep=lambda seconds: None)


def test_applies_a_plan_after_confirmation_and_shows_per_row_results(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    df = ws.reports.frame()
    first, second = df.index[:2]
    df.loc[first, "description"] = "edited in a frame"
    df.loc[second, "name"] = "Renamed in a frame"
    view = PlanView(ws.reports.plan(df), progress=False)
    assert "reports on SANDBOX" in view.summary.value and "2 updates: description 1, name 1" in view.summary.value
    assert "edited in a frame" in view.table.value
    assert view.status_text == "Nothing sent yet; Apply sends the plan."
    applied: list[pd.DataFrame] = []
    view.on_applied(applied.append)
    view.apply.click()
    assert ws.get_bookmark(int(first)).description != "edited in a frame"  # nothing before the yes
    assert "Update 1 description, update 1 name on SANDBOX?" in view.confirm.message.value
    assert view.confirm.answer not in view.confirm.children  # the sandbox needs no typed confirmation
    view.confirm.yes.click()
    assert ws.get_bookmark(int(first)).description == "edited in a frame"
    assert ws.get_bookmark(int(second)).name == "Renamed in a frame"
    assert view.result is not None and list(view.result["status"]) == ["ok", "ok"]
    assert view.status_text == "Applied to SANDBOX: 2 updated."
    assert view.progress.value == view.progress.max and view.progress.bar_style == "success"
    assert view.results.value == "" and applied == [view.result]  # rows only on request
    view.show_rows.click()
    assert "<table" in view.results.value and "None" not in view.results.value
    assert view.apply.disabled
    view.apply.click()  # a second click sends nothing
    assert "applied already" in view.status_text and not view.confirm.pending


def test_conflicts_are_shown_and_reported_not_sent(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    df = ws.reports.frame()
    rid, other = df.index[:2]
    df.loc[rid, "description"] = "mine"
    df.loc[other, "description"] = "fine"
    ws.update_bookmark(int(rid), mp.UpdateBookmarkParams(description="theirs"))  # the server moves meanwhile
    view = PlanView(ws.reports.plan(df), progress=False)
    assert "conflicts (not sent)" in view.summary.value and "1 conflict" in view.summary.value
    view.apply.click()
    view.confirm.yes.click()
    assert ws.get_bookmark(int(rid)).description == "theirs"
    assert ws.get_bookmark(int(other)).description == "fine"
    assert view.result is not None
    assert dict(zip(view.result["id"], view.result["status"])) == {rid: "conflict", other: "ok"}
    assert "1 conflict" in view.status_text and "1 updated" in view.status_text


def test_a_plan_with_only_conflicts_sends_nothing(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    df = ws.reports.frame()
    rid = df.index[0]
    df.loc[rid, "description"] = "mine"
    ws.update_bookmark(int(rid), mp.UpdateBookmarkParams(description="theirs"))
    view = PlanView(ws.reports.plan(df), progress=False)
    assert "conflicts (not sent)" in view.summary.value and view.apply.disabled
    view.apply.click()
    assert "nothing to apply" in view.status_text and not view.confirm.pending


def test_an_empty_plan_cannot_be_applied(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    view = PlanView(ws.reports.plan(ws.reports.frame()), progress=False)
    assert view.apply.disabled and view.status_text == "Nothing to apply."


class FakePlan:
    """The part of a frames plan the view uses, on a target that says it is real Mixpanel (no request made)."""

    family = "dashboards"
    target = "Mixpanel project 4242 (us)"
    conflict_ids: list[Any] = []
    is_empty = False
    overwrite = False
    fresh_requests = 1

    def __init__(self) -> None:
        self.applied = False
        self.updates = {1: {"title": "New"}}
        self.changes = [Change(1, "title", "Old", "New")]
        self.deletes: list[Any] = []
        self.creates: list[Any] = []
        self.conflicts: list[Any] = []
        self.invalid: dict[Any, str] = {}
        self.notes: list[str] = []
        self.cascades: dict[str, Any] = {}
        self.fresh = {1: {"id": 1, "title": "Old"}}
        self.spec = SimpleNamespace(modified="modified", lost_on_restore=())
        self.ws = SimpleNamespace(target=SimpleNamespace(is_real=True, project_id=4242))
        self.calls: list[dict[str, Any]] = []

    def counts(self) -> dict[str, int]:
        return {"update": 1, "create": 0, "delete": 0, "archive": 0, "conflict": 0, "invalid": 0}

    def requests(self) -> int:
        return 1

    def apply(self, **kw: Any) -> pd.DataFrame:
        self.calls.append(kw)
        self.applied = True
        return pd.DataFrame([{"id": 1, "action": "update", "status": "error", "error": "400 bad"}])


def test_real_mixpanel_needs_the_project_id_typed() -> None:
    plan = FakePlan()
    view = PlanView(plan, progress=False)  # type: ignore[arg-type]
    view.apply.click()
    assert "REAL Mixpanel" in view.confirm.message.value and view.confirm.answer in view.confirm.children
    view.confirm.yes.click()  # nothing typed
    assert plan.calls == [] and "does not match" in view.confirm.message.value
    view.confirm.answer.value = "4242"
    view.confirm.yes.click()
    assert plan.calls == [{"confirm": True, "progress": False, "allow_mass_delete": False}]
    assert view.status_text == "Applied to Mixpanel project 4242 (us): 1 error."
    assert view.progress.bar_style == "warning"
