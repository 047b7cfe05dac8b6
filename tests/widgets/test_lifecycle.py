"""LifecyclePanel and ExperimentList against the sandbox: only legal moves, each confirmed; draft to success."""

from __future__ import annotations

from datetime import date

import pytest

import mpnb as mp
from mpnb.widgets import ExperimentList, LifecyclePanel
from mpnb.widgets.lifecycle import diagram_html


def _draft(ws: mp.Workspace) -> mp.Experiment:
    return ws.create_experiment(
        mp.CreateExperimentParams(
            name="Walk me",
            variants=[{"key": "control", "is_control": True, "split": 0.5}, {"key": "b", "split": 0.5}],
        )
    )


def _status(ws: mp.Workspace, eid: str) -> str:
    status = ws.get_experiment(eid).status
    assert status is not None
    return status.value


def test_walks_an_experiment_from_draft_to_success(ws: mp.Workspace) -> None:
    exp = _draft(ws)
    panel = LifecyclePanel(ws, exp.id)
    changes: list[mp.ExperimentLifecycle] = []
    panel.on_changed(changes.append)
    assert panel.shown == ["launch", "archive"]
    panel.launch.click()
    assert _status(ws, exp.id) == "draft"  # nothing happens before the confirmation
    assert "Launch experiment Walk me" in panel.confirm.message.value
    panel.confirm.yes.click()
    assert _status(ws, exp.id) == "active" and panel.shown == ["conclude", "archive"]
    assert panel.end_date in panel.options.children
    panel.end_date.value = date.today()
    panel.conclude.click()
    panel.confirm.yes.click()
    assert _status(ws, exp.id) == "concluded" and panel.shown == ["decide", "archive"]
    assert [o for o in panel.winning_variant.options] == [("(none)", None), ("control", "control"), ("b", "b")]
    panel.outcome.value = "success"
    panel.winning_variant.value = "b"
    panel.message.value = "b wins"
    panel.decide.click()
    assert "as success, winner b" in panel.confirm.message.value
    panel.confirm.yes.click()
    assert _status(ws, exp.id) == "success" and panel.shown == ["archive"]
    assert "now success" in panel.status_text
    assert [c.status.value for c in changes if c.status] == ["active", "concluded", "success"]
    assert "data-state='success' data-current='true'" in panel.diagram.value
    for label in ("created", "start", "end", "decided", "modified"):
        assert f"<b>{label}</b>" in panel.dates.value


def test_illegal_moves_are_not_offered_and_refused_if_forced(ws: mp.Workspace) -> None:
    exp = _draft(ws)
    panel = LifecyclePanel(ws, exp.id)
    assert panel.conclude not in panel.actions.children and panel.conclude.disabled
    assert panel.decide not in panel.actions.children and panel.restore not in panel.actions.children
    panel.conclude._click_handlers(panel.conclude)  # a stale front end sending a click anyway
    assert "not a legal move" in panel.status_text and not panel.confirm.pending
    assert _status(ws, exp.id) == "draft"


def test_a_move_made_elsewhere_meanwhile_is_refused_by_the_entity_layer(ws: mp.Workspace) -> None:
    exp = _draft(ws)
    panel = LifecyclePanel(ws, exp.id)
    panel.launch.click()
    ws.launch_experiment(exp.id)  # someone else launched it while the question was open
    panel.confirm.yes.click()
    assert "Launch failed" in panel.status_text and "legal now: conclude" in panel.status_text
    panel.refresh_button.click()
    assert panel.shown == ["conclude", "archive"]


def test_cancel_sends_nothing_and_archive_then_restore(ws: mp.Workspace) -> None:
    exp = _draft(ws)
    panel = LifecyclePanel(ws, exp.id)
    panel.archive.click()
    panel.confirm.no.click()
    assert not ws.get_experiment(exp.id).archived
    panel.archive.click()
    panel.confirm.yes.click()
    assert ws.get_experiment(exp.id).archived and panel.shown == ["restore"]
    assert "(archived)" in panel.diagram.value
    panel.restore.click()
    panel.confirm.yes.click()
    assert not ws.get_experiment(exp.id).archived and panel.shown == ["launch", "archive"]


def test_list_shows_every_experiment_with_state_and_opens_a_panel(ws: mp.Workspace) -> None:
    view = ExperimentList(ws)
    experiments = ws.list_experiments()
    assert f"{len(experiments)} experiments." == view.status_text
    for e in experiments:
        assert e.name in view.table.value
    draft = next(e for e in experiments if e.status == mp.ExperimentStatus.DRAFT)
    opened: list[LifecyclePanel] = []
    view.on_picked(opened.append)
    view.pick.value = draft.id
    assert view.panel is not None and view.panel.shown == ["launch", "archive"] and opened == [view.panel]
    view.panel.launch.click()
    view.panel.confirm.yes.click()
    assert f"{draft.name} (active)" in [label for label, _ in view.pick.options]
    assert view.panel in view.panel_box.children and view.pick.value == draft.id


@pytest.mark.parametrize(
    ("status", "current"),
    [("draft", "draft"), ("active", "active"), ("fail", "fail"), ("success", "success")],
)
def test_diagram_highlights_the_current_state(status: str, current: str) -> None:
    html = diagram_html(status)
    assert html.count("data-current") == 1
    assert f"data-state='{current}' data-current='true'" in html


def test_list_picker_shows_its_placeholder_label(ws: mp.Workspace) -> None:
    """The picker's placeholder is selected by index, so its label shows instead of a blank box."""
    from mpnb.widgets import ExperimentList

    view = ExperimentList(ws)
    assert view.pick.index == 0 and view.pick.label == "(pick an experiment)"
    view.refresh_button.click()
    assert view.pick.index == 0 and view.pick.label == "(pick an experiment)"
