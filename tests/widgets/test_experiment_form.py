"""ExperimentForm against the sandbox: create, dates PATCH, flag link; a failure after the create resumes."""

from __future__ import annotations

from datetime import date

import mpnb as mp
from mpnb.widgets import ExperimentForm
from mpnb.widgets.experiment_form import metrics_from_text


def _count(ws: mp.Workspace) -> int:
    return len(ws.list_experiments(include_archived=True))


def _flag_option(form: ExperimentForm, ws: mp.Workspace, *, disabled: bool = True) -> str:
    ids = {f.id: f for f in ws.list_feature_flags()}
    return next(v for _, v in form.flag.options if v and (not disabled or ids[v].status.value == "disabled"))


def test_create_with_dates_and_flag_link_reports_each_step(ws: mp.Workspace) -> None:
    form = ExperimentForm(ws)
    form.name.value = "Pricing v2"
    form.description.value = "Cheaper annual plan"
    form.hypothesis.value = "Annual signups rise"
    form.metrics.value = "Signups = Sign Up\nPurchase"
    form.min_sample.value = 500
    form.variants.rows[1].percent.value = 40
    form.variants.rows[0].percent.value = 60
    form.start_date.value = date(2026, 12, 1)
    form.end_date.value = date(2026, 12, 31)
    flag_id = _flag_option(form, ws)
    form.flag.value = flag_id
    created: list[mp.Experiment] = []
    done: list[mp.Experiment] = []
    form.on_created(created.append)
    form.on_done(done.append)
    form.create.click()
    assert form.done == ["create", "dates", "link"], form.status_text
    exp = ws.get_experiment(form.experiment.id)  # type: ignore[union-attr]
    assert exp.status == mp.ExperimentStatus.DRAFT and exp.hypothesis == "Annual signups rise"
    assert (exp.start_date or "")[:10] == "2026-12-01" and (exp.end_date or "")[:10] == "2026-12-31"
    assert exp.variants == [
        {"key": "control", "is_control": True, "split": 0.6},
        {"key": "treatment", "is_control": False, "split": 0.4},
    ]
    assert exp.metrics == [
        {"name": "Signups", "type": "primary", "event": "Sign Up"},
        {"name": "Purchase", "type": "secondary", "event": "Purchase"},
    ]
    assert exp.settings == {"confidence_level": 0.95, "min_sample_size": 500}
    assert ws.get_feature_flag(flag_id).experiment_id == exp.id
    for line in ("1/3 create: done", "2/3 dates: done", "3/3 link: done", "is ready as a draft"):
        assert line in form.status_text
    assert [e.id for e in created] == [exp.id] and [e.id for e in done] == [exp.id]


def test_double_click_never_creates_twice(ws: mp.Workspace) -> None:
    before = _count(ws)
    form = ExperimentForm(ws)
    form.name.value = "Once"
    form.create.click()
    form.create.click()
    assert _count(ws) == before + 1
    assert "every step is done; nothing sent" in form.status_text
    form.new.click()
    form.name.value = "Twice"
    form.create.click()
    assert _count(ws) == before + 2


def test_invalid_values_show_errors_and_create_nothing(ws: mp.Workspace) -> None:
    before = _count(ws)
    form = ExperimentForm(ws)
    form.create.click()  # no name
    assert "name" in form.errors.messages
    form.name.value = "Bad"
    form.description.value = "x" * 401
    form.create.click()
    assert "description" in form.errors.messages
    form.description.value = ""
    form.variants.rows[0].percent.value = 10
    form.create.click()
    assert "not 100%" in form.errors.messages["variants"]
    form.variants.rows[0].percent.value = 50
    form.start_date.value = date(2026, 12, 31)
    form.end_date.value = date(2026, 12, 1)
    form.create.click()
    assert "before the start date" in form.errors.messages["dates"]
    assert _count(ws) == before and form.experiment is None


def test_a_failed_step_never_recreates_and_resume_finishes(ws: mp.Workspace) -> None:
    before = _count(ws)
    form = ExperimentForm(ws)
    form.name.value = "Linked later"
    gone = _flag_option(form, ws)
    form.flag.value = gone
    ws.delete_feature_flag(gone)  # the flag disappears between loading the form and clicking
    form.create.click()
    assert form.done == ["create"] and form.experiment is not None
    assert "step link failed" in form.status_text and form.create.description == "Resume"
    assert "flag" in form.errors.messages
    assert _count(ws) == before + 1
    form.create.click()  # same flag again: fails again, still one experiment
    assert _count(ws) == before + 1 and "not created again" in form.status_text
    form.load_flags()
    other = _flag_option(form, ws)
    form.flag.value = other
    form.create.click()
    assert form.done == ["create", "link"] and _count(ws) == before + 1
    assert ws.get_feature_flag(other).experiment_id == form.experiment.id
    assert "Resuming with experiment" in form.status_text and form.create.description == "Create"


def test_metrics_from_text() -> None:
    assert metrics_from_text("\nA\n b = e \n") == [
        {"name": "A", "type": "primary", "event": "A"},
        {"name": "b", "type": "secondary", "event": "e"},
    ]


def test_a_lost_answer_to_create_is_never_sent_again(ws: mp.Workspace) -> None:
    assert ws.emulator is not None
    before = _count(ws)
    form = ExperimentForm(ws)
    form.name.value = "Maybe made"
    ws.emulator.faults.queue(["drop_after"])
    form.create.click()
    assert "step create failed" in form.status_text and form.experiment is None
    form.create.click()
    assert "may have made experiment 'Maybe made'" in form.status_text
    assert _count(ws) == before + 1
    form.new.click()
    form.create.click()
    assert _count(ws) == before + 2
