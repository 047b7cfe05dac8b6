"""AlertForm against the sandbox: search, live count, validation next to fields, test, create, edit."""

from __future__ import annotations

import mpnb as mp
from mpnb.entities.alerts import AlertFrequencyPreset
from mpnb.widgets import AlertForm
from mpnb.widgets.alert_form import CUSTOM, MAX_MATCHES, build_condition, report_label, report_matches


def _sent_tests(ws: mp.Workspace) -> list[dict[str, object]]:
    assert ws.emulator is not None
    return list(ws.emulator.store.meta.get("alert_test_notifications", []))


def _filled(ws: mp.Workspace) -> AlertForm:
    form = AlertForm(ws)
    form.search.value = "weekly"
    form.report.value = form.report.options[0][1]
    form.name.value = "Weekly check dropped"
    form.operator.value = ">"
    form.value.value = 250
    form.frequency.value = int(AlertFrequencyPreset.HOURLY)
    form.subscriptions.value = "growth@example.com\noncall@example.com"
    return form


def test_search_shows_only_alertable_matches_and_at_most_50(ws: mp.Workspace) -> None:
    reports = ws.list_bookmarks_v2()
    form = AlertForm(ws)
    labels = [label for label, _ in form.report.options]
    assert 0 < len(labels) <= MAX_MATCHES
    assert all("[insights #" in lbl or "[funnels #" in lbl for lbl in labels)
    form.search.value = "funnel"
    assert form.report.options and all("funnel" in lbl.lower() for lbl, _ in form.report.options)
    insights = next(r for r in reports if r.bookmark_type == "insights")
    many = [insights.model_copy(update={"id": 1000 + i}) for i in range(80)]
    assert len(report_matches(many, "")) == MAX_MATCHES
    assert report_matches(many, "1042") == [(report_label(many[42]), 1042)] and "[insights #1042]" in report_label(
        many[42]
    )


def test_name_is_counted_as_typed(ws: mp.Workspace) -> None:
    form = AlertForm(ws)
    form.name.value = "abc"
    assert "3/50" in form.name_count.value
    form.name.value = "x" * 51
    assert "51/50" in form.name_count.value and "#cf222e" in form.name_count.value


def test_create_makes_the_alert_on_the_server(ws: mp.Workspace) -> None:
    form = _filled(ws)
    created: list[mp.CustomAlert] = []
    form.on_created(created.append)
    form.create.click()
    assert form.created is not None, form.status_text
    alert = ws.get_alert(form.created.id)
    assert alert.name == "Weekly check dropped"
    assert alert.condition["op"] == ">" and alert.condition["value"] == 250
    assert alert.frequency == 3600 and alert.paused is False
    assert [s["value"] for s in alert.subscriptions] == ["growth@example.com", "oncall@example.com"]
    assert alert.bookmark is not None and alert.bookmark.id == form.report.value
    assert created == [form.created]
    assert f"Created alert #{alert.id}" in form.status_text


def test_double_click_never_creates_twice(ws: mp.Workspace) -> None:
    before = len(ws.list_alerts())
    form = _filled(ws)
    form.create.click()
    form.create.click()
    assert len(ws.list_alerts()) == before + 1
    assert "Already created" in form.status_text
    form.new.click()
    form.name.value = "A second one"
    form.create.click()
    assert len(ws.list_alerts()) == before + 2


def test_invalid_values_show_errors_next_to_fields_and_create_nothing(ws: mp.Workspace) -> None:
    before = len(ws.list_alerts())
    form = _filled(ws)
    form.name.value = "x" * 51
    form.subscriptions.value = "growth@example.com, not-an-address"
    form.create.click()
    assert "at most 50 characters" in form.errors.messages["name"]
    assert "not an email address" in form.errors.messages["subscriptions"]
    assert form.status_text.startswith("Create failed:")
    form2 = AlertForm(ws)  # no report picked
    form2.name.value = "ok"
    form2.create.click()
    assert "bookmark_id" in form2.errors.messages
    form3 = _filled(ws)
    form3.frequency.value = CUSTOM
    form3.frequency_seconds.value = 0
    form3.create.click()
    assert "frequency" in form3.errors.messages
    assert len(ws.list_alerts()) == before


def test_a_report_of_another_type_is_refused(ws: mp.Workspace) -> None:
    flows = next(b for b in ws.list_bookmarks_v2() if b.bookmark_type == "flows")
    form = _filled(ws)
    form.report.options = [("flows", flows.id)]
    form.report.value = flows.id
    form.validate.click()
    assert "alerts watch only insights and funnels" in form.errors.messages["bookmark_id"]
    assert "Validate failed" in form.status_text


def test_validate_checks_locally_and_the_report_type(ws: mp.Workspace) -> None:
    form = _filled(ws)
    seen: list[object] = []
    form.on_validated(seen.append)
    form.validate.click()
    assert form.status_text.startswith("OK: the alert is valid")
    assert len(seen) == 1


def test_send_test_asks_naming_the_recipients_then_sends(ws: mp.Workspace) -> None:
    form = _filled(ws)
    form.send_test.click()
    assert _sent_tests(ws) == []
    assert "growth@example.com, oncall@example.com" in form.confirm.message.value
    form.confirm.no.click()
    assert _sent_tests(ws) == []
    form.send_test.click()
    form.confirm.yes.click()
    sent = _sent_tests(ws)
    assert len(sent) == 1 and [r["value"] for r in sent[0]["recipients"]] == [  # type: ignore[index,union-attr]
        "growth@example.com",
        "oncall@example.com",
    ]
    assert "Test notification sent to growth@example.com, oncall@example.com" in form.status_text


def test_send_test_without_recipients_is_refused(ws: mp.Workspace) -> None:
    form = _filled(ws)
    form.subscriptions.value = ""
    form.send_test.click()
    assert not form.confirm.pending and "recipient" in form.errors.messages["subscriptions"]


def test_edit_mode_fills_validates_with_mixpanel_and_saves_only_changes(ws: mp.Workspace) -> None:
    original = ws.get_alert(1)
    form = AlertForm(ws, alert_id=1)
    assert form.name.value == original.name and form.save is form.create
    form.validate.click()
    assert "validate-alerts-for-report check passed" in form.status_text
    form.save.click()
    assert "nothing changed" in form.status_text
    form.name.value = "Renamed in the form"
    form.paused.value = True
    form.save.click()
    after = ws.get_alert(1)
    assert after.name == "Renamed in the form" and after.paused is True
    assert after.condition == original.condition  # untouched fields, keys included, are kept
    assert after.subscriptions == original.subscriptions
    assert "Saved alert #1: name, paused" in form.status_text


def test_edit_mode_validation_reports_what_mixpanel_says_about_a_changed_report(ws: mp.Workspace) -> None:
    alert = ws.get_alert(1)
    assert alert.bookmark is not None and alert.condition["keys"][0]["value"] == "App Open"
    report = ws.get_bookmark(alert.bookmark.id)
    assert report.params is not None
    params = dict(report.params)
    params["sections"] = {**params["sections"], "show": [{"type": "metric", "behavior": {"name": "Sign Up"}}]}
    ws.update_bookmark(report.id, mp.UpdateBookmarkParams(params=params))
    form = AlertForm(ws, alert_id=1)
    form.validate.click()
    assert "Mixpanel says the alert would be invalid" in form.status_text
    assert "'App Open' is not in the report" in form.status_text


def test_build_condition_keeps_unshown_fields_and_keys() -> None:
    base = {"type": "absolute", "op": "<", "value": 10, "keys": [{"header": "H", "value": "V"}], "extra": 1}
    cond = build_condition("absolute", ">", 20.0, "V", base)
    assert cond == {"type": "absolute", "op": ">", "value": 20, "keys": [{"header": "H", "value": "V"}], "extra": 1}
    assert build_condition("absolute", "<", 5.5, "A, B")["keys"] == [
        {"header": "A", "value": "A"},
        {"header": "B", "value": "B"},
    ]
    anomaly = build_condition("anomaly", "<", None, "")
    assert anomaly["op"] == "!<=x<=" and anomaly["keys"] == [{"header": "$event", "value": "$overall"}]


def test_a_lost_answer_to_create_is_never_sent_again(ws: mp.Workspace) -> None:
    assert ws.emulator is not None
    before = len(ws.list_alerts())
    form = _filled(ws)
    ws.emulator.faults.queue(["ok", "drop_after"])  # the report check passes; the create is made, its answer lost
    form.create.click()
    assert "Create failed" in form.status_text and form.created is None
    assert len(ws.list_alerts()) == before + 1
    form.create.click()
    assert "may have made alert 'Weekly check dropped'" in form.status_text and "nothing sent" in form.status_text
    assert len(ws.list_alerts()) == before + 1


def test_create_on_a_report_of_another_type_shows_the_error_at_the_report(ws: mp.Workspace) -> None:
    flows = next(b for b in ws.list_bookmarks_v2() if b.bookmark_type == "flows")
    before = len(ws.list_alerts())
    form = _filled(ws)
    form.report.options = [("flows", flows.id)]
    form.report.value = flows.id
    form.create.click()
    assert "insights and funnels" in form.errors.messages["bookmark_id"]
    assert len(ws.list_alerts()) == before


def test_edit_mode_keeps_slack_subscriptions_it_does_not_show(ws: mp.Workspace) -> None:
    alert = next(a for a in ws.list_alerts() if any(s["type"] == "slack" for s in a.subscriptions))
    slack = [s for s in alert.subscriptions if s["type"] == "slack"]
    form = AlertForm(ws, alert_id=alert.id)
    assert "slack" in form.kept_note.value and "#" not in form.subscriptions.value
    form.name.value = "Only the name"
    form.save.click()
    assert ws.get_alert(alert.id).subscriptions == alert.subscriptions
    assert form.status_text.endswith(f"Saved alert #{alert.id}: name.")
    form.subscriptions.value = "new@example.com"
    form.save.click()
    assert ws.get_alert(alert.id).subscriptions == [{"type": "email", "value": "new@example.com"}, *slack]
