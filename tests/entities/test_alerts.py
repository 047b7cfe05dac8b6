"""The exact request of every alerts operation (A1-A11): verb, path (trailing slash), query, body."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

import mpnb as mp
from tests.helpers import APP, PID, body_of, ok, real_ws

S = f"{APP}/projects/{PID}"
A = {
    "id": 42,
    "name": "Daily signups drop",
    "bookmark": {"id": 12345, "name": "Signups", "type": "insights"},
    "condition": {"type": "absolute", "op": "<", "value": 100},
    "frequency": 86400,
    "paused": False,
    "subscriptions": [{"type": "email", "value": "team@example.com"}],
    "created": "2026-01-01T00:00:00",
    "modified": "",
}
REPORT = {"id": 12345, "name": "Signups", "type": "insights", "params": {}}
COND = {"keys": [{"header": "Signup", "value": "Signup"}], "type": "absolute", "op": "<", "value": 100}


def _create(**kw: Any) -> mp.CreateAlertParams:
    fields: dict[str, Any] = {
        "bookmark_id": 12345,
        "name": "Daily signups drop",
        "condition": COND,
        "frequency": mp.AlertFrequencyPreset.DAILY,
        "paused": False,
        "subscriptions": [{"type": "email", "value": "team@example.com"}],
    }
    fields.update(kw)
    return mp.CreateAlertParams(**fields)


CREATE_BODY = {
    "bookmark_id": 12345,
    "name": "Daily signups drop",
    "condition": COND,
    "frequency": 86400,
    "paused": False,
    "subscriptions": [{"type": "email", "value": "team@example.com"}],
}
PAGE = {
    "results": [{"fired": True, "timestamp": "2026-01-01"}],
    "pagination": {"page_size": 10, "next_cursor": "n2", "previous_cursor": None},
}

CASES: list[tuple[str, Callable[[mp.Workspace], Any], str, str, dict[str, str], Any, Any]] = [
    (
        "A1 list",
        lambda ws: ws.list_alerts(bookmark_id=12345, skip_user_filter=True),
        "GET",
        f"{S}/alerts/custom/",
        {"bookmark_id": "12345", "skip_user_filter": "true"},
        None,
        [A],
    ),
    ("A1 list plain", lambda ws: ws.list_alerts(), "GET", f"{S}/alerts/custom/", {}, None, [A]),
    (
        "A1 list no skip",
        lambda ws: ws.list_alerts(skip_user_filter=False),
        "GET",
        f"{S}/alerts/custom/",
        {"skip_user_filter": "false"},
        None,
        [A],
    ),
    ("A2 create", lambda ws: ws.create_alert(_create()), "POST", f"{S}/alerts/custom/", {}, CREATE_BODY, A),
    (
        "A2 create windows",
        lambda ws: ws.create_alert(_create(paused=True, notification_windows={"enabled": True, "windows": []})),
        "POST",
        f"{S}/alerts/custom/",
        {},
        dict(CREATE_BODY, paused=True, notification_windows={"enabled": True, "windows": []}),
        A,
    ),
    ("A3 get", lambda ws: ws.get_alert(42), "GET", f"{S}/alerts/custom/42/", {}, None, A),
    (
        "A4 update",
        lambda ws: ws.update_alert(42, mp.UpdateAlertParams(name="N", paused=True)),
        "PATCH",
        f"{S}/alerts/custom/42/",
        {},
        {"name": "N", "paused": True},
        A,
    ),
    ("A5 delete", lambda ws: ws.delete_alert(42), "DELETE", f"{S}/alerts/custom/42/", {}, None, {}),
    (
        "A6 bulk delete",
        lambda ws: ws.bulk_delete_alerts([42], confirm=True),
        "POST",
        f"{S}/alerts/custom/bulk-delete/",
        {},
        {"alert_ids": [42]},
        {"status": "ok"},
    ),
    (
        "A7 count",
        lambda ws: ws.get_alert_count(alert_type="anomaly"),
        "GET",
        f"{S}/alerts/custom/alert-count/",
        {"type": "anomaly"},
        None,
        {"anomaly_alerts_count": 5, "alert_limit": 100, "is_below_limit": True},
    ),
    (
        "A8 history",
        lambda ws: ws.get_alert_history(42, page_size=10, next_cursor="abc"),
        "GET",
        f"{S}/alerts/custom/42/history/",
        {"page_size": "10", "next_cursor": "abc"},
        None,
        PAGE,
    ),
    (
        "A8 history back",
        lambda ws: ws.get_alert_history(42, previous_cursor="p1"),
        "GET",
        f"{S}/alerts/custom/42/history/",
        {"previous_cursor": "p1"},
        None,
        PAGE,
    ),
    ("A9 test", lambda ws: ws.test_alert(_create()), "POST", f"{S}/alerts/custom/test/", {}, CREATE_BODY, {"a": 1}),
    (
        "A10 screenshot",
        lambda ws: ws.get_alert_screenshot_url("gcs-key-here"),
        "GET",
        f"{S}/alerts/custom/screenshot/",
        {"gcs_key": "gcs-key-here"},
        None,
        {"signed_url": "https://x/y"},
    ),
    (
        "A11 validate",
        lambda ws: ws.validate_alerts_for_bookmark(
            mp.ValidateAlertsForBookmarkParams(alert_ids=[1, 2], bookmark_type="funnels", bookmark_params={"a": 1})
        ),
        "POST",
        f"{S}/alerts/custom/validate-alerts-for-bookmark/",
        {},
        {"alert_ids": [1, 2], "bookmark_type": "funnels", "bookmark_params": {"a": 1}},
        {"alert_validations": [], "invalid_count": 0},
    ),
]


@pytest.mark.parametrize(("name", "call", "method", "url", "query", "body", "answer"), CASES, ids=[c[0] for c in CASES])
def test_request_shape(
    name: str,
    call: Callable[[mp.Workspace], Any],
    method: str,
    url: str,
    query: dict[str, str],
    body: Any,
    answer: Any,
    tmp_path: Path,
) -> None:
    with respx.mock(assert_all_called=False) as router:
        # the report check before create/test, and the list read behind the delete path's backup
        router.get(f"{S}/bookmarks/12345").mock(return_value=ok(REPORT))
        if not (method == "GET" and url == f"{S}/alerts/custom/"):
            router.get(f"{S}/alerts/custom/").mock(return_value=ok([A]))
        route = router.route(method=method, url=url).mock(return_value=ok(answer))
        call(real_ws(backup_dir=tmp_path))
    assert route.called
    req = route.calls.last.request
    assert dict(req.url.params) == query
    assert body_of(req) == body
    assert req.headers["Authorization"].startswith("Basic ")


def test_workspace_scope_when_pinned() -> None:
    with respx.mock() as router:
        route = router.get(f"{APP}/workspaces/7/alerts/custom/42/").mock(return_value=ok(A))
        alert = real_ws(workspace_id=7).get_alert(42)
    assert route.called and alert.bookmark is not None and alert.bookmark.id == 12345
    assert alert.modified is None and alert.created is not None  # "" reads as no timestamp


def test_create_checks_the_report_once_then_posts() -> None:
    with respx.mock() as router:
        report = router.get(f"{S}/bookmarks/12345").mock(return_value=ok(REPORT))
        post = router.post(f"{S}/alerts/custom/").mock(return_value=ok(A, status=201))
        made = real_ws().create_alert(_create())
        order = [c.request.url.path for c in router.calls]
    assert made.id == 42 and report.call_count == 1 and post.call_count == 1
    assert dict(report.calls.last.request.url.params) == {"v": "2"}
    assert order == [f"/api/app/projects/{PID}/bookmarks/12345", f"/api/app/projects/{PID}/alerts/custom/"]


@pytest.mark.parametrize(
    ("reply", "match"),
    [
        (httpx.Response(404, json={"status": "error", "error": "not found"}), "no such report"),
        (ok(dict(REPORT, type="retention")), "retention report"),
        (ok(dict(REPORT, type="flows")), "only insights and funnels"),
    ],
)
def test_create_and_test_on_a_bad_report_send_nothing(reply: httpx.Response, match: str) -> None:
    for call in ("create_alert", "test_alert"):
        with respx.mock(assert_all_called=False) as router:
            router.get(f"{S}/bookmarks/12345").mock(return_value=reply)
            post = router.route(method="POST").mock(return_value=ok(A))
            with pytest.raises(mp.InputError, match=match) as info:
                getattr(real_ws(), call)(_create())
        assert info.value.field == "bookmark_id" and "12345" in str(info.value)
        assert not post.called


def test_update_with_new_report_is_checked_and_without_is_not() -> None:
    with respx.mock() as router:
        check = router.get(f"{S}/bookmarks/777").mock(return_value=ok(dict(REPORT, id=777, type="user")))
        patch = router.patch(f"{S}/alerts/custom/42/").mock(return_value=ok(A))
        with pytest.raises(mp.InputError, match="bookmark_id"):
            real_ws().update_alert(42, mp.UpdateAlertParams(bookmark_id=777))
        assert check.called and not patch.called
        real_ws().update_alert(42, mp.UpdateAlertParams(frequency=mp.AlertFrequencyPreset.HOURLY))
    assert body_of(patch.calls.last.request) == {"frequency": 3600}
    assert check.call_count == 1


def test_empty_update_sends_nothing() -> None:
    with respx.mock() as router, pytest.raises(mp.InputError, match="nothing to update"):
        real_ws().update_alert(42, mp.UpdateAlertParams())
    assert not router.calls


def test_delete_reads_once_backs_up_then_deletes(tmp_path: Path) -> None:
    other = dict(A, id=43, name="Other")
    with respx.mock() as router:
        listing = router.get(f"{S}/alerts/custom/").mock(return_value=ok([A, other]))
        delete = router.delete(f"{S}/alerts/custom/42/").mock(return_value=httpx.Response(204))
        ws = real_ws(backup_dir=tmp_path)
        ws.delete_alert(42)
    assert listing.call_count == 1 and delete.called
    assert dict(listing.calls.last.request.url.params) == {"skip_user_filter": "true"}
    backup = ws.backups.latest("alerts")
    assert backup is not None and [r["id"] for r in backup.records] == [42]


def test_unknown_ids_are_refused_before_any_delete(tmp_path: Path) -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{S}/alerts/custom/").mock(return_value=ok([A]))
        bulk = router.post(f"{S}/alerts/custom/bulk-delete/").mock(return_value=ok({}))
        with pytest.raises(mp.NotFoundError, match="999"):
            real_ws(backup_dir=tmp_path).bulk_delete_alerts([42, 999], confirm=True)
    assert not bulk.called


def test_bulk_delete_on_real_mixpanel_needs_confirm() -> None:
    with respx.mock() as router, pytest.raises(mp.InputError, match="confirm=True"):
        real_ws().bulk_delete_alerts([42])
    assert not router.calls


def test_history_reads_the_double_envelope_and_seed_aliases() -> None:
    with respx.mock() as router:
        router.get(f"{S}/alerts/custom/42/history/").mock(return_value=ok(PAGE))
        page = real_ws().get_alert_history(42, page_size=10)
    assert page.results == PAGE["results"] and page.data == page.results
    assert page.pagination.has_more and page.pagination.cursor == "n2" and page.pagination.page_size == 10


def test_history_cursor_is_next_cursor_and_pages_iterate() -> None:
    last = {"results": [{"fired": False}], "pagination": {"page_size": 1}}
    with respx.mock() as router:
        route = router.get(f"{S}/alerts/custom/42/history/").mock(side_effect=[ok(PAGE), ok(last), ok(last)])
        ws = real_ws()
        assert list(ws.iter_alert_history(42, page_size=1)) == [PAGE["results"][0], {"fired": False}]
        ws.get_alert_history(42, cursor="n2")
    assert dict(route.calls[1].request.url.params) == {"page_size": "1", "next_cursor": "n2"}
    assert dict(route.calls[2].request.url.params) == {"next_cursor": "n2"}


def test_history_without_results_is_an_invalid_response() -> None:
    with respx.mock() as router:
        router.get(f"{S}/alerts/custom/42/history/").mock(return_value=ok({"pagination": {}}))
        with pytest.raises(mp.InvalidResponseError, match="get_alert_history"):
            real_ws().get_alert_history(42)


@pytest.mark.parametrize(
    "kw",
    [
        {"cursor": "a", "next_cursor": "b"},
        {"next_cursor": "a", "previous_cursor": "b"},
        {"page_size": 0},
        {"page_size": True},
    ],
)
def test_history_argument_mistakes_send_nothing(kw: dict[str, Any]) -> None:
    with respx.mock() as router, pytest.raises(mp.InputError):
        real_ws().get_alert_history(42, **kw)
    assert not router.calls


def test_test_alert_is_not_retried_after_a_5xx() -> None:
    with respx.mock() as router:
        router.get(f"{S}/bookmarks/12345").mock(return_value=ok(REPORT))
        post = router.post(f"{S}/alerts/custom/test/").mock(return_value=httpx.Response(502))
        with pytest.raises(mp.OutcomeUnknownError, match="Daily signups drop"):
            real_ws().test_alert(_create())
    assert post.call_count == 1


def test_screenshot_needs_a_key() -> None:
    with respx.mock() as router, pytest.raises(mp.InputError, match="gcs_key"):
        real_ws().get_alert_screenshot_url("  ")
    assert not router.calls


def test_frequency_preset_is_sent_as_seconds() -> None:
    assert [int(p) for p in mp.AlertFrequencyPreset] == [3600, 86400, 604800]
    assert isinstance(_create().frequency, int)


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"name": "x" * 51}, "name"),
        ({"condition": "type=absolute"}, "condition"),
        ({"subscriptions": [{"type": "email", "value": "not-an-address"}]}, "subscriptions"),
        ({"subscriptions": [{"type": "pager", "value": "x"}]}, "subscriptions"),
        ({"subscriptions": [{"type": "email"}]}, "subscriptions"),
        ({"frequency": 0}, "frequency"),
        ({"bookmark_id": -1}, "bookmark_id"),
    ],
)
def test_params_refuse_bad_fields_by_name(kw: dict[str, Any], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        _create(**kw)


def test_fifty_character_name_is_fine_and_update_limits_too() -> None:
    assert len(_create(name="x" * 50).name) == 50
    with pytest.raises(ValueError, match="name"):
        mp.UpdateAlertParams(name="y" * 51)
    with pytest.raises(ValueError, match="did you mean 'paused'"):
        mp.UpdateAlertParams(pasued=True)  # type: ignore[call-arg]


def test_validate_params_need_a_known_type_and_one_id() -> None:
    with pytest.raises(ValueError, match="bookmark_type"):
        mp.ValidateAlertsForBookmarkParams(alert_ids=[1], bookmark_type="flows", bookmark_params={})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="alert_ids"):
        mp.ValidateAlertsForBookmarkParams(alert_ids=[], bookmark_type="insights", bookmark_params={})


@pytest.mark.parametrize("bad", [None, 4.2, True, 0, "x"])
def test_bad_alert_ids_are_refused_before_sending(bad: Any) -> None:
    with respx.mock() as router, pytest.raises(mp.InputError, match="alert_id"):
        real_ws().get_alert(bad)
    assert not router.calls
