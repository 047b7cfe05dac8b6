"""The seed's Alerts section, through the Workspace, on the sandbox in-process and over loopback HTTP."""

from __future__ import annotations

from typing import Any

import pytest

import mpnb as mp


def _report_id(ws: mp.Workspace, kind: str = "insights") -> int:
    return ws.list_bookmarks_v2(bookmark_type=kind)[0].id  # type: ignore[arg-type]


def _params(bookmark_id: int, **kw: Any) -> mp.CreateAlertParams:
    fields: dict[str, Any] = {
        "bookmark_id": bookmark_id,
        "name": "Daily signups drop",
        "condition": {"type": "absolute", "op": "<", "value": 100},
        "frequency": 86400,
        "paused": False,
        "subscriptions": [{"type": "email", "value": "team@example.com"}],
    }
    fields.update(kw)
    return mp.CreateAlertParams(**fields)


def test_seed_alerts_section(any_ws: mp.Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    ws = any_ws
    report_id = _report_id(ws)  # stands in for the seed's 12345

    # Create an Alert (seed snippet, ids replaced)
    alert = ws.create_alert(
        mp.CreateAlertParams(
            bookmark_id=report_id,
            name="Daily signups drop",
            condition={
                "keys": [{"header": "Signup", "value": "Signup"}],
                "type": "absolute",
                "op": "<",
                "value": 100,
            },
            frequency=mp.AlertFrequencyPreset.DAILY,
            paused=False,
            subscriptions=[{"type": "email", "value": "team@example.com"}],
        )
    )
    print(f"Created alert {alert.id}: {alert.name}")
    assert f"Created alert {alert.id}: Daily signups drop" in capsys.readouterr().out
    assert alert.frequency == 86400 and alert.bookmark is not None and alert.bookmark.id == report_id

    # List, get, update
    assert alert.id in [a.id for a in ws.list_alerts()]
    assert [a.id for a in ws.list_alerts(bookmark_id=report_id, skip_user_filter=True)].count(alert.id) == 1
    assert ws.get_alert(alert.id).subscriptions == [{"type": "email", "value": "team@example.com"}]
    updated = ws.update_alert(alert.id, mp.UpdateAlertParams(paused=True, frequency=mp.AlertFrequencyPreset.WEEKLY))
    assert (updated.paused, updated.frequency, updated.name) == (True, 604800, "Daily signups drop")

    # Monitoring
    count = ws.get_alert_count()
    print(f"{count.anomaly_alerts_count}/{count.alert_limit} alerts")
    assert capsys.readouterr().out.strip() == f"{count.anomaly_alerts_count}/{count.alert_limit} alerts"
    assert count.alert_limit > 0 and count.is_below_limit == (count.anomaly_alerts_count < count.alert_limit)

    seeded = next(a for a in ws.list_alerts() if a.last_fired is not None)  # stands in for the seed's 42
    history = ws.get_alert_history(seeded.id, page_size=10)
    for entry in history.results:
        print(entry)
    assert history.results and len(history.results) <= 10
    assert capsys.readouterr().out.count("\n") == len(history.results)

    result = ws.test_alert(
        mp.CreateAlertParams(
            bookmark_id=report_id,
            name="Test",
            condition={"type": "absolute", "op": "<", "value": 100},
            frequency=86400,
            paused=False,
            subscriptions=[{"type": "email", "value": "me@example.com"}],
        )
    )
    assert result == {"status": "sent"}
    assert [a.name for a in ws.list_alerts()].count("Test") == 0  # a test saves nothing

    screenshot = ws.get_alert_screenshot_url("gcs-key-here")
    print(screenshot.signed_url)
    assert screenshot.signed_url.startswith("https://") and "gcs-key-here" in capsys.readouterr().out

    # Validate alerts against a changed report
    check = ws.validate_alerts_for_bookmark(
        mp.ValidateAlertsForBookmarkParams(
            alert_ids=[alert.id], bookmark_type="funnels", bookmark_params={"sections": {"show": []}}
        )
    )
    assert check.invalid_count == 1 and check.alert_validations[0].alert_id == alert.id
    assert check.alert_validations[0].valid is False and check.alert_validations[0].reason

    # Delete, bulk delete
    ws.delete_alert(alert.id)
    with pytest.raises(mp.NotFoundError):
        ws.get_alert(alert.id)
    backup = ws.backups.latest("alerts")
    assert backup is not None and [r["id"] for r in backup.records] == [alert.id]
    victims = [a.id for a in ws.list_alerts()[:2]]
    ws.bulk_delete_alerts(victims)
    assert not {a.id for a in ws.list_alerts()} & set(victims)
    backup = ws.backups.latest("alerts")
    assert backup is not None and sorted(r["id"] for r in backup.records) == sorted(victims)


def test_history_pages_through_with_the_seed_aliases(any_ws: mp.Workspace) -> None:
    ws = any_ws
    busiest = max(ws.list_alerts(), key=lambda a: len(ws.get_alert_history(a.id, page_size=100).results))
    everything = ws.get_alert_history(busiest.id, page_size=100).data
    assert len(everything) > 3
    first = ws.get_alert_history(busiest.id, page_size=3)
    assert first.pagination.has_more and first.pagination.cursor
    second = ws.get_alert_history(busiest.id, page_size=3, cursor=first.pagination.cursor)
    assert second.data == everything[3:6]
    back = ws.get_alert_history(busiest.id, page_size=3, previous_cursor=second.pagination.previous_cursor)
    assert back.data == first.data
    assert list(ws.iter_alert_history(busiest.id, page_size=4)) == everything


@pytest.mark.parametrize("kind", ["retention", "flows"])
def test_wrong_report_type_is_refused_and_nothing_created(any_ws: mp.Workspace, kind: str) -> None:
    ws = any_ws
    before = len(ws.list_alerts())
    with pytest.raises(mp.InputError, match="bookmark_id") as info:
        ws.create_alert(_params(_report_id(ws, kind)))
    assert kind in str(info.value)
    assert len(ws.list_alerts()) == before


def test_unknown_report_is_refused_and_nothing_created(any_ws: mp.Workspace) -> None:
    ws = any_ws
    before = len(ws.list_alerts())
    for call in (ws.create_alert, ws.test_alert):
        with pytest.raises(mp.InputError, match="bookmark_id 999999"):
            call(_params(999999))
    assert len(ws.list_alerts()) == before


def test_update_onto_a_wrong_report_changes_nothing(ws: mp.Workspace) -> None:
    alert = ws.list_alerts()[0]
    with pytest.raises(mp.InputError, match="bookmark_id"):
        ws.update_alert(alert.id, mp.UpdateAlertParams(bookmark_id=_report_id(ws, "flows"), name="moved"))
    assert ws.get_alert(alert.id).name == alert.name


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"name": "A very long alert name that goes well past fifty characters"}, "name"),
        ({"subscriptions": [{"type": "email", "value": "team-at-example.com"}]}, "subscriptions"),
        ({"subscriptions": [{"kind": "email", "value": "team@example.com"}]}, "subscriptions"),
        ({"condition": '{"type": "absolute"}'}, "condition"),
    ],
)
def test_bad_params_are_clear_errors_and_nothing_reaches_the_server(
    any_ws: mp.Workspace, kw: dict[str, Any], field: str
) -> None:
    ws = any_ws
    before = len(ws.list_alerts())
    with pytest.raises(ValueError, match=field):
        ws.create_alert(_params(_report_id(ws), **kw))
    assert len(ws.list_alerts()) == before


def test_the_sandbox_refuses_what_the_client_would_have(ws: mp.Workspace) -> None:
    """Raw bodies past the client's checks still get 400s: the sandbox does not trust mpnb."""
    from mpnb.entities.alerts import OPS

    bid = _report_id(ws, "retention")
    body = _params(_report_id(ws)).model_dump()
    before = len(ws.list_alerts())
    for bad in (dict(body, bookmark_id=bid), dict(body, bookmark_id=999999), dict(body, name="x" * 51)):
        with pytest.raises(mp.BadRequestError):
            ws._http.call(OPS.CREATE, json_body=bad)
    assert len(ws.list_alerts()) == before


def test_unknown_id_in_bulk_delete_changes_nothing(ws: mp.Workspace) -> None:
    alerts = ws.list_alerts()
    with pytest.raises(mp.NotFoundError, match="999999"):
        ws.bulk_delete_alerts([alerts[0].id, 999999])
    assert len(ws.list_alerts()) == len(alerts)
