"""Forms refuse out-of-range numbers in their own words (never clamp), speak plainly about server refusals,
never pre-select a winner, and pick among 20,000 reports by search with what tells look-alikes apart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import mpnb as mp
from mpnb.widgets import AlertForm, ExperimentForm, FlagForm, LifecyclePanel


@pytest.fixture
def ws() -> mp.Workspace:
    w = mp.Workspace.sandbox(seed=1)
    w._http._sleep = lambda seconds: None
    return w


def _flag(ws: mp.Workspace) -> FlagForm:
    form = FlagForm(ws)
    form.name.value = "Range Check"
    return form


def _experiment(ws: mp.Workspace) -> ExperimentForm:
    form = ExperimentForm(ws)
    form.name.value = "Range Check"
    return form


def _alert(ws: mp.Workspace) -> AlertForm:
    form = AlertForm(ws)
    form.report.value = form.report.options[0][1]
    form.name.value = "Range Check"
    form.subscriptions.value = "team@example.com"
    return form


def _set(path: str, value: Any) -> Callable[[Any], None]:
    def go(form: Any) -> None:
        target = form
        *parts, last = path.split(".")
        for p in parts:
            target = target.rows[int(p)] if p.isdigit() else getattr(target, p)
        getattr(target, last).value = value

    return go


CASES = [
    (_flag, "rollout", 150, "rollout", "rollout must be between 0 and 100%, not 150"),
    (_flag, "rollout", -5, "rollout", "rollout must be between 0 and 100%, not -5"),
    (_flag, "variants.0.percent", 150, "variants", "variant 1 split must be between 0 and 100%, not 150"),
    (_experiment, "confidence", 150, "settings", "confidence must be between 50 and 99.9%, not 150"),
    (_experiment, "confidence", 10, "settings", "confidence must be between 50 and 99.9%, not 10"),
    (_experiment, "min_sample", -5, "settings", "minimum sample must be 0 or more, not -5"),
    (_experiment, "variants.1.percent", -20, "variants", "variant 2 split must be between 0 and 100%, not -20"),
    (_alert, "frequency_seconds", -60, "frequency", "frequency must be a positive number of seconds, not -60"),
]


@pytest.mark.parametrize(("make", "path", "value", "field", "words"), CASES)
def test_out_of_range_numbers_are_refused_in_the_forms_words_and_kept_as_typed(
    ws: mp.Workspace, make: Callable[[mp.Workspace], Any], path: str, value: float, field: str, words: str
) -> None:
    form = make(ws)
    if path == "frequency_seconds":
        form.frequency.value = 0  # custom seconds
    _set(path, value)(form)
    before = ws.request_count
    form.create.click()
    assert words in form.status_text and words in form.errors.messages[field]
    assert ws.request_count == before  # refused before any request
    *parts, last = path.split(".")
    target = form
    for p in parts:
        target = target.rows[int(p)] if p.isdigit() else getattr(target, p)
    assert getattr(target, last).value == value  # kept as typed: never clamped


def test_a_server_refusal_reads_plainly_without_the_url(ws: mp.Workspace) -> None:
    taken = ws.list_feature_flags()[0].key
    form = FlagForm(ws)
    form.name.value, form.key.value = "Taken", taken
    form.create.click()
    assert f"A feature flag with key '{taken}' already exists" in form.status_text
    assert "http" not in form.status_text and "/api/" not in form.status_text and "POST" not in form.status_text


def _concluded(ws: mp.Workspace) -> str:
    exp = ws.create_experiment(
        mp.CreateExperimentParams(
            name="Winner Check",
            variants=[{"key": "control", "is_control": True, "split": 0.5}, {"key": "green", "split": 0.5}],
        )
    )
    ws.launch_experiment(exp.id)
    ws.conclude_experiment(exp.id)
    return exp.id


def test_decide_preselects_nothing_and_yes_waits_for_the_users_pick(ws: mp.Workspace) -> None:
    eid = _concluded(ws)
    panel = LifecyclePanel(ws, eid)
    assert panel.winning_variant.value is None and panel.outcome.value is None
    panel.decide.click()
    assert panel.confirm.yes.disabled and "pick the outcome" in panel.confirm.message.value
    panel.confirm.yes.click()  # even a forced click sends nothing
    assert ws.get_experiment(eid).status.value == "concluded"
    panel.outcome.value = "success"
    assert panel.confirm.yes.disabled  # a success needs its winner
    panel.winning_variant.value = "green"
    assert not panel.confirm.yes.disabled
    panel.confirm.yes.click()
    assert ws.get_experiment(eid).status.value == "success" and "winner green" in panel.status_text


def test_a_failed_experiment_needs_no_winner(ws: mp.Workspace) -> None:
    eid = _concluded(ws)
    panel = LifecyclePanel(ws, eid)
    panel.outcome.value = "fail"
    panel.decide.click()
    assert not panel.confirm.yes.disabled
    panel.confirm.yes.click()
    assert ws.get_experiment(eid).status.value == "fail"


def test_the_report_picker_tells_look_alikes_apart_and_searches_20000_reports() -> None:
    big = mp.Workspace.sandbox(size=20_000)
    form = AlertForm(big)
    reports = {b.id: b for b in form.reports()}
    assert len(reports) >= 20_000 and len(form.report.options) <= 50  # a search, not a 20,000-row dropdown
    name = next(b.name for b in reports.values() if b.bookmark_type == "funnels")
    form.search.value = name
    labels = [label for label, _ in form.report.options]
    assert len(labels) > 1  # look-alikes share the name ...
    assert len(set(labels)) == len(labels)  # ... and the labels still differ
    for label, rid in form.report.options:
        b = reports[rid]
        board = f"board {b.dashboard_id}" if b.dashboard_id is not None else "no board"
        assert board in label and f"{b.total_view_count or 0:,} views" in label
        assert (b.creator_name or "") in label and f"edited {str(b.modified)[:10]}" in label
