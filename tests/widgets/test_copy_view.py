"""CopyView: a copy plan per family and per row; Apply confirmed (naming the destination), then each outcome."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

import mpnb as mp
from mpnb.copying import CopyResult
from mpnb.widgets import CopyView


@pytest.fixture
def pair() -> Iterator[tuple[mp.Workspace, mp.Workspace]]:
    src = mp.Workspace.sandbox(seed=1, sleep=lambda s: None)
    yield src, src.for_project(1001)  # the sandbox's second, empty project
    src.close()


def _writes(ws: mp.Workspace, since: int = 0) -> list[tuple[str, str]]:
    assert ws.emulator is not None
    return [(m, p) for m, p in ws.emulator.requests[since:] if m != "GET"]


def _board(src: mp.Workspace) -> int:
    """A seeded board whose reports carry alerts (so ``include_alerts`` brings some)."""
    alerts = src.alerts.frame()
    watched = set(alerts["report_id"].dropna().astype(int))
    reports = src.reports.frame()
    on_boards = reports[reports.index.isin(watched)]["dashboard_id"].dropna().astype(int)
    return int(on_boards.value_counts().idxmax())


def test_shows_the_plan_per_family_and_applies_only_after_the_confirmation(
    pair: tuple[mp.Workspace, mp.Workspace],
) -> None:
    src, dst = pair
    board = _board(src)
    plan = mp.copy(src, dst, dashboards=[board], include_alerts=True)
    counts = plan.to_frame().groupby("family").size()
    view = CopyView(plan)
    assert "to SANDBOX project 1001" in view.summary.value
    for family, n in counts.items():  # one line per family with its count of creates
        assert f"<td>{family}</td><td style='text-align:right'>{n}</td>" in view.counts.value
    assert ">create<" in view.counts.value and "alert on report" in view.table.value and ">new<" in view.table.value
    assert view.status_text == "Nothing sent yet; Apply copies into SANDBOX project 1001 (it asks first)."
    applied: list[Any] = []
    view.on_applied(applied.append)

    view.apply.click()
    assert _writes(src) == [] and view.confirm.pending  # nothing before the yes
    assert f"Copy into SANDBOX project 1001: create {len(plan.rows)} (from SANDBOX project 1000)?" in (
        view.confirm.message.value
    )
    assert view.confirm.answer not in view.confirm.children  # the sandbox needs no typed confirmation
    view.confirm.yes.click()
    assert view.result is not None and applied == [view.result]
    outcome = view.result.to_frame()
    assert set(outcome["status"]) == {"ok"} and len(outcome) == len(plan.rows)
    assert view.status_text == f"Copied into SANDBOX project 1001: {len(plan.rows)} ok."
    new_board = view.result.id_map["dashboards"][board]
    assert dst.get_dashboard(new_board).title == src.get_dashboard(board).title
    assert f"<td>{new_board}</td>" in view.results.value and ">ok<" in view.results.value  # each row's outcome
    assert view.apply.disabled
    mark = len(src.emulator.requests) if src.emulator else 0
    view.apply.click()  # a second click sends nothing
    assert "applied already" in view.status_text and not view.confirm.pending and _writes(src, mark) == []


def test_cancel_sends_nothing_and_apply_asks_again(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    view = CopyView(mp.copy(src, dst, dashboards=[_board(src)]))
    view.apply.click()
    view.confirm.no.click()
    assert view.status_text == "Cancelled; nothing sent. Apply asks again." and _writes(src) == []
    assert not view.apply.disabled and view.result is None


def test_an_alert_on_a_report_in_conflict_is_held_back_with_it(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    board = _board(src)
    first = CopyView(mp.copy(src, dst, dashboards=[board], include_alerts=True))
    first.apply.click()
    first.confirm.yes.click()
    assert first.result is not None
    rows = first.result.to_frame()
    alert = rows[rows.family == "alerts"].iloc[0]
    report = int(src.get_alert(int(alert.source_id)).bookmark.id)  # type: ignore[union-attr]
    ids = first.result.id_map
    dst.update_bookmark(ids["reports"][report], mp.UpdateBookmarkParams(name="Edited in production"))
    dst.delete_alert(int(alert.target_id))  # the copy would create it again, on the report in conflict
    other = next(int(s) for s in rows[rows.family == "reports"].source_id if int(s) != report)
    src.update_bookmark(other, mp.UpdateBookmarkParams(description="Promoted again"))  # one update to send

    view = CopyView(mp.copy(src, dst, dashboards=[board], include_alerts=True))
    shown = view.plan_frame().set_index(["family", "source_id"])
    assert shown.loc[("reports", report), "action"] == "conflict"
    assert shown.loc[("reports", other), "action"] == "update"
    assert shown.loc[("alerts", alert.source_id), "action"] == "create"
    held = f"not sent: its report {report} is not copied (conflict)"
    assert shown.loc[("alerts", alert.source_id), "note"].startswith(held) and held in view.table.value
    assert view.to_send() == 1 and "update 1 (1 held back)" in view.question()
    alerts_before = len(dst.list_alerts())
    view.apply.click()
    view.confirm.yes.click()
    assert view.result is not None
    done = view.result.to_frame().set_index(["family", "source_id"])
    assert done.loc[("alerts", alert.source_id), "status"] == "skipped"
    assert done.loc[("reports", report), "status"] == "conflict"
    assert done.loc[("reports", other), "status"] == "ok"
    assert len(dst.list_alerts()) == alerts_before  # the alert was not sent
    assert dst.get_bookmark(ids["reports"][report]).name == "Edited in production"  # the conflict left alone
    assert "1 conflict" in view.status_text and "#cf222e" in view.status.value  # a problem is shown as one
    table = view.results.value.split("mpnb-copy", 1)[1]  # the rows, after the counts per family
    assert table.index(">conflict<") < table.index(">ok<")  # problems first
    assert f"<td>{ids['reports'][other]}</td>" in table and ".0<" not in table  # ids as the server gives them


def test_what_points_at_a_held_back_row_is_held_back_too(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    board = _board(src)
    ids = mp.copy(src, dst, dashboards=[board], include_alerts=True).apply().id_map
    dst.update_dashboard(ids["dashboards"][board], mp.UpdateDashboardParams(title="Edited in production"))
    alert = next(iter(ids["alerts"]))
    report = int(src.get_alert(alert).bookmark.id)  # type: ignore[union-attr]
    dst.delete_bookmark(ids["reports"][report])  # gone with its alerts: both would be created again
    view = CopyView(mp.copy(src, dst, dashboards=[board], include_alerts=True))
    shown = view.plan_frame().set_index(["family", "source_id"])
    assert shown.loc[("reports", report), "note"].startswith(
        f"not sent: its dashboard {board} is not copied (conflict)"
    )
    assert shown.loc[("alerts", alert), "note"].startswith(f"not sent: its report {report} is not copied (held back)")
    assert view.to_send() == 0 and view.apply.disabled  # nothing the apply would send
    on_it = [a for a in ids["alerts"] if src.get_alert(a).bookmark.id == report]  # type: ignore[union-attr]
    held = 1 + len(on_it)  # the report, and every alert on it
    assert (
        view.status_text
        == f"Nothing to send: {held} row(s) point at entities this copy leaves alone (see their notes)."
    )


def test_references_outside_the_copy_keep_apply_disabled(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    report = int(src.reports.frame()["dashboard_id"].dropna().index[0])
    view = CopyView(mp.copy(src, dst, reports=[report]))  # its board is neither copied nor mapped
    assert view.apply.disabled and "point outside the copy" in view.unresolved.value
    assert "dashboard" in view.unresolved.value and "Apply waits" in view.status_text
    view.apply.click()
    assert _writes(src) == [] and not view.confirm.pending


def test_a_plan_with_nothing_to_send_cannot_be_applied(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    board = _board(src)
    mp.copy(src, dst, dashboards=[board]).apply()
    view = CopyView(mp.copy(src, dst, dashboards=[board]))
    assert view.apply.disabled and view.to_send() == 0
    assert view.status_text.startswith("Nothing to send: SANDBOX project 1001 already holds")
    assert ">skip<" in view.counts.value


class FakeCopyPlan:
    """The part of a copy plan the view reads, aimed at a project that says it is real Mixpanel (no request)."""

    def __init__(self) -> None:
        real = SimpleNamespace(is_real=True, project_id=4242, label=lambda: "Mixpanel us · project 4242")
        self.src = SimpleNamespace(target=SimpleNamespace(is_real=True, project_id=1, label=lambda: "SANDBOX"))
        self.dst = SimpleNamespace(target=real)
        self.rows = [SimpleNamespace(family="reports", source_id=7, action="create")]
        self.source = SimpleNamespace(items={("reports", "7"): SimpleNamespace(refs=[])})
        self.unresolved: list[Any] = []
        self.applied = False
        self.calls: list[bool] = []

    def summary(self) -> str:
        return "copy from SANDBOX project 1 to Mixpanel us · project 4242: 1 create"

    def counts(self) -> dict[str, int]:
        return {"create": 1, "update": 0}

    def to_frame(self) -> pd.DataFrame:
        row = {"family": "reports", "source_id": 7, "name": "Signups", "action": "create", "target_id": None}
        return pd.DataFrame([{**row, "why": "asked", "changes": "", "note": ""}])

    def apply(self, *, confirm: bool = False) -> Any:
        self.calls.append(confirm)
        self.applied = True
        row = {"family": "reports", "source_id": 7, "name": "Signups", "action": "create", "status": "error"}
        return CopyResult(rows=[{**row, "target_id": None, "error": "400 bad"}])


def test_real_mixpanel_needs_the_destination_project_id_typed() -> None:
    plan = FakeCopyPlan()
    view = CopyView(plan)  # type: ignore[arg-type]
    view.apply.click()
    assert "REAL Mixpanel: Mixpanel us · project 4242" in view.confirm.message.value
    assert view.confirm.answer in view.confirm.children
    view.confirm.yes.click()  # nothing typed
    assert plan.calls == [] and "does not match" in view.confirm.message.value
    view.confirm.answer.value = "4242"
    view.confirm.yes.click()
    assert plan.calls == [True]
    assert view.status_text == "Copied into Mixpanel us · project 4242: 1 error."
    assert "400 bad" in view.results.value and view.apply.disabled
