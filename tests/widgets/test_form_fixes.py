"""The forms' rough edges: reset, enable, percent everywhere, plain errors, pickers that start sensibly."""

from __future__ import annotations

import pytest

import mpnb as mp
from mpnb.widgets import AlertForm, ExperimentForm, ExperimentList, FlagForm, LifecyclePanel
from mpnb.widgets._base import error_text, loc_text, plain_message


@pytest.fixture
def ws() -> mp.Workspace:
    w = mp.Workspace.sandbox(seed=1)
    w._http._sleep = lambda seconds: None
    return w


def test_plain_messages_drop_validator_noise_and_speak_percent() -> None:
    assert plain_message("Value error, subscriptions[1].value is not an email address: 'x'") == (
        "subscription 2 is not an email address: 'x'"
    )
    assert plain_message("ruleset.variants: the variant splits must sum to 1, they sum to 0.9", percent=True) == (
        "the variant splits must sum to 100%, they sum to 90%"
    )
    assert plain_message("String should have at least 1 character") == "cannot be empty"
    assert loc_text(("subscriptions", 1, "value")) == "subscription 2 value"
    with pytest.raises(mp.InputError) as info:
        raise mp.InputError("name: too long", field="name")
    assert error_text(info.value) == "name: too long"  # a field name is not a path: kept


def test_flag_form_new_flag_clears_the_fields_and_can_enable(ws: mp.Workspace) -> None:
    form = FlagForm(ws)
    form.name.value, form.description.value, form.tags.value = "Form Reset Check", "checks the reset", "ui"
    form.enabled.value = True
    form.create.click()
    assert form.created is not None and form.created.status.value == "enabled"
    form.new.click()
    assert (form.name.value, form.key.value, form.description.value, form.tags.value) == ("", "", "", "")
    assert not form.enabled.value and form.created is None and form.rollout.value == 100
    form.name.value = "Light Mode"  # the key follows the name again
    assert form.key.value == "light_mode"
    form.create.click()
    assert form.created is not None and form.created.key == "light_mode" and "already exists" not in form.status_text
    assert form.created.status.value == "disabled"


def test_flag_form_errors_are_plain_and_in_percent(ws: mp.Workspace) -> None:
    form = FlagForm(ws)
    form.create.click()
    assert form.status_text == "Create failed: name: cannot be empty; key: cannot be empty"
    assert "cannot be empty" in form.errors.messages["name"]
    form.name.value = "Half"
    form.variants.rows[0].percent.value = 40
    form.create.click()
    text = form.errors.messages["variants"]
    assert "100%" in text and "%" in form.status_text and "sum to 1," not in form.status_text


def test_experiment_form_splits_confidence_and_flag_picker(ws: mp.Workspace) -> None:
    form = ExperimentForm(ws)
    assert form.flag.index == 0 and form.flag.label == "(no flag)"  # shown, not a blank box
    assert form.confidence.value == 95.0 and form.confidence.description == "Confidence %"
    form.name.value = "Three Way"
    form.variants.add_variant("b", "", 0)
    for row in form.variants.rows:
        row.percent.value = 33.33
    assert "sent as 100%" in form.variants.total.value
    params = form.params()
    assert params.variants is not None and sum(v["split"] for v in params.variants) == pytest.approx(1, abs=1e-9)
    assert params.settings is not None and params.settings["confidence_level"] == 0.95
    form.variants.rows[0].percent.value = 20
    with pytest.raises(mp.InputError, match=r"sum to 86\.66%, not 100%"):
        form.params()
    form.variants.even.click()
    assert [r.percent.value for r in form.variants.rows] == [33.33, 33.33, 33.34]
    made = FlagForm(ws)
    made.name.value = "After The Form"
    made.create.click()
    assert made.created is not None
    assert made.created.id not in [v for _, v in form.flag.options]  # drawn before the flag existed
    form.reload_flags.click()
    assert made.created.id in [v for _, v in form.flag.options] and form.flag.index == 0
    form.load_flags(select=made.created.id)
    assert form.flag.value == made.created.id


def _draft(ws: mp.Workspace, end_date: str | None = None) -> str:
    exp = ws.create_experiment(
        mp.CreateExperimentParams(
            name="Panel Test",
            variants=[
                {"key": "control", "is_control": True, "split": 0.5},
                {"key": "green", "is_control": False, "split": 0.5},
            ],
        )
    )
    if end_date:
        ws.update_experiment(exp.id, mp.UpdateExperimentParams(end_date=end_date))
    return exp.id


def test_lifecycle_panel_texts_winner_decision_and_archive(ws: mp.Workspace) -> None:
    panel = LifecyclePanel(ws, _draft(ws, end_date="2030-01-31"))
    assert "2030-01-31 (planned)" in panel.dates.value
    panel.launch.click()
    assert panel.status_text == "Waiting for your confirmation: Yes or Cancel above."
    panel.confirm.no.click()
    assert panel.status_text.startswith("Cancelled; nothing sent. Panel Test is draft")
    for move in ("launch", "conclude"):
        panel.buttons[move].click()
        panel.confirm.yes.click()
    assert panel.winning_variant.value is None  # nothing picked for the user
    panel.outcome.value, panel.winning_variant.value = "success", "green"
    panel.message.value = "ship green"
    panel.decide.click()
    panel.confirm.yes.click()
    assert "winner green" in panel.status_text and "ship green" in panel.status_text
    assert "green" in panel.decision.value and "ship green" in panel.decision.value
    panel.archive.click()
    panel.confirm.yes.click()
    assert "now archived (was success)" in panel.status_text


def test_experiment_list_follows_a_panel_drawn_elsewhere(ws: mp.Workspace) -> None:
    eid = _draft(ws)
    listing = ExperimentList(ws)
    panel = LifecyclePanel(ws, eid)
    listing.follow(panel)
    panel.launch.click()
    panel.confirm.yes.click()
    row = next(e for e in listing.experiments if e.id == eid)
    assert row.status is not None and row.status.value == "active"


def test_alert_form_messages_are_plain_and_counted(ws: mp.Workspace) -> None:
    form = AlertForm(ws)
    form.search.value = "Weekly App Open by Country"
    form.search.value = "11"
    assert form.matches.value == "<i>1 matching report</i>"
    form.report.value = form.report.options[0][1]
    form.name.value = "x"
    form.subscriptions.value = "a@example.com\nnot-an-email"
    form.create.click()
    assert "Value error" not in form.status_text and "[1]" not in form.status_text
    assert "subscription 2 is not an email address" in form.status_text
