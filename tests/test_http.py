"""The HTTP layer (S5, S7): envelopes, status -> error, retries, redirects, secrets kept out of errors."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import respx

import mpnb as mp
from tests.helpers import APP, PID, mock_delete_reads, ok, real_ws

S = f"{APP}/projects/{PID}"


def test_envelope_variants() -> None:
    with respx.mock() as router:
        router.get(f"{S}/dashboards").mock(return_value=httpx.Response(200, json=[{"id": 1, "title": "a"}]))
        assert [d.id for d in real_ws().list_dashboards()] == [1]
        router.get(f"{S}/dashboards").mock(return_value=ok({"results": [{"id": 2, "title": "b"}]}))
        assert [d.id for d in real_ws().list_dashboards()] == [2]
        router.get(f"{S}/dashboards/1").mock(return_value=httpx.Response(200, json={"id": 1, "title": "raw"}))
        assert real_ws().get_dashboard(1).title == "raw"
        router.post(f"{S}/dashboards").mock(return_value=ok({"id": 3, "title": "t"}, status=201))
        assert real_ws().create_dashboard(mp.CreateDashboardParams(title="t")).id == 3
        router.delete(f"{S}/dashboards/1/pin").mock(return_value=httpx.Response(204))
        real_ws().unpin_dashboard(1)


def test_non_json_answer_is_invalid_response() -> None:
    with respx.mock() as router:
        router.get(f"{S}/dashboards/1").mock(return_value=httpx.Response(200, text="<html>"))
        with pytest.raises(mp.InvalidResponseError):
            real_ws().get_dashboard(1)


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (400, {"status": "error", "error": "bad title"}, mp.BadRequestError),
        (401, {"status": "error", "error": "nope"}, mp.AuthenticationError),
        (403, {"status": "error", "error": "role"}, mp.PermissionDeniedError),
        (404, {"status": "error", "error": "gone"}, mp.NotFoundError),
        (422, {"status": "error", "error": {"title": ["too long"]}}, mp.BadRequestError),
        (412, {"status": "error", "error": "precondition"}, mp.BadRequestError),
    ],
)
def test_status_maps_to_error(status: int, body: dict[str, object], cls: type[Exception]) -> None:
    with respx.mock() as router:
        router.get(f"{S}/dashboards/1").mock(return_value=httpx.Response(status, json=body))
        with pytest.raises(cls) as info:
            real_ws().get_dashboard(1)
    err = info.value
    assert isinstance(err, mp.APIError)
    assert err.status == status and err.method == "GET" and err.url.endswith("/dashboards/1")
    assert "too long" in str(err) if status == 422 else str(body["error"]) in str(err)


def test_region_mismatch_says_region() -> None:
    with respx.mock() as router:
        router.get(f"{S}/dashboards").mock(
            return_value=httpx.Response(400, json={"status": "error", "error": "invalid project id for cluster"})
        )
        with pytest.raises(mp.RegionMismatchError, match="MP_REGION"):
            real_ws().list_dashboards()


def test_redirect_is_never_followed() -> None:
    with respx.mock() as router:
        route = router.post(f"{S}/dashboards").mock(
            return_value=httpx.Response(301, headers={"Location": f"{S}/dashboards/"})
        )
        with pytest.raises(mp.RedirectError, match="trailing slash"):
            real_ws().create_dashboard(mp.CreateDashboardParams(title="t"))
    assert route.call_count == 1


def test_429_retries_honouring_retry_after() -> None:
    waits: list[float] = []
    with respx.mock() as router:
        route = router.get(f"{S}/dashboards").mock(
            side_effect=[
                httpx.Response(429, headers={"Retry-After": "7"}, json={"status": "error", "error": "slow"}),
                ok([]),
            ]
        )
        ws = real_ws()
        ws._http._sleep = waits.append
        assert ws.list_dashboards() == []
    assert route.call_count == 2 and waits == [7.0]


def test_429_gives_up_with_rate_limit_error() -> None:
    with respx.mock() as router:
        route = router.get(f"{S}/dashboards").mock(
            return_value=httpx.Response(429, headers={"Retry-After": "2"}, json={"error": "slow"})
        )
        with pytest.raises(mp.RateLimitError) as info:
            real_ws(max_retries=2).list_dashboards()
    assert route.call_count == 3 and info.value.retry_after == 2.0


def test_5xx_retried_for_idempotent_reads() -> None:
    with respx.mock() as router:
        route = router.get(f"{S}/dashboards").mock(side_effect=[httpx.Response(503), httpx.Response(500), ok([])])
        assert real_ws().list_dashboards() == []
    assert route.call_count == 3


def test_5xx_on_a_create_is_outcome_unknown_and_not_resent() -> None:
    with respx.mock() as router:
        route = router.post(f"{S}/dashboards").mock(return_value=httpx.Response(500, json={"error": "boom"}))
        with pytest.raises(mp.OutcomeUnknownError) as info:
            real_ws().create_dashboard(mp.CreateDashboardParams(title="Quarterly"))
    assert route.call_count == 1
    assert info.value.natural_key == "Quarterly" and info.value.status == 500


def test_dropped_connection_on_create_is_outcome_unknown_and_not_resent() -> None:
    with respx.mock() as router:
        route = router.post(f"{S}/dashboards").mock(side_effect=httpx.RemoteProtocolError("dropped"))
        with pytest.raises(mp.OutcomeUnknownError):
            real_ws().create_dashboard(mp.CreateDashboardParams(title="x"))
    assert route.call_count == 1


def test_connect_error_is_retried_even_for_a_create() -> None:
    with respx.mock() as router:
        route = router.post(f"{S}/dashboards").mock(
            side_effect=[httpx.ConnectError("refused"), ok({"id": 5, "title": "x"})]
        )
        assert real_ws().create_dashboard(mp.CreateDashboardParams(title="x")).id == 5
    assert route.call_count == 2


def test_connect_errors_exhausted_raise_transport_error() -> None:
    with respx.mock() as router:
        router.get(f"{S}/dashboards").mock(side_effect=httpx.ConnectError("refused"))
        with pytest.raises(mp.TransportError):
            real_ws(max_retries=1).list_dashboards()


def test_retried_delete_that_finds_404_counts_as_done(tmp_path: object) -> None:
    with respx.mock() as router:
        router.get(f"{S}/dashboards").mock(return_value=ok([{"id": 4, "title": "x"}]))
        mock_delete_reads(router, "dashboards")
        route = router.delete(f"{S}/dashboards/4").mock(
            side_effect=[httpx.ReadTimeout("slow"), httpx.Response(404, json={"error": "gone"})]
        )
        real_ws(backup_dir=tmp_path).delete_dashboard(4)
    assert route.call_count == 2


def test_errors_never_carry_secret_or_body() -> None:
    secret = "s3cr3t-value"
    with respx.mock() as router:
        router.post(f"{S}/dashboards").mock(return_value=httpx.Response(400, json={"error": "bad"}))
        with pytest.raises(mp.BadRequestError) as info:
            real_ws().create_dashboard(mp.CreateDashboardParams(title="private title"))
    text = str(info.value) + repr(info.value) + repr(info.value.to_dict())
    assert secret not in text and "Basic" not in text and "private title" not in text


def test_workspace_discovery_prefers_global(ws: mp.Workspace) -> None:
    with respx.mock() as router:
        router.get(f"{S}/workspaces/public").mock(
            return_value=ok(
                [
                    {"id": 5, "name": "a", "project_id": PID, "is_default": True},
                    {"id": 9, "name": "b", "project_id": PID, "is_default": False, "is_global": True},
                ]
            )
        )
        w = real_ws()
        assert w._http.required_workspace_id() == 9
        assert w._http.prefix("project_workspace") == f"/projects/{PID}/workspaces/9"
        assert w._http.prefix("maybe") == f"/projects/{PID}"  # discovery never moves maybe-scoped paths
        w.set_workspace_id(3)
        assert w._http.prefix("maybe") == "/workspaces/3"


def test_failed_discovery_names_the_variable() -> None:
    with respx.mock() as router:
        router.get(f"{S}/workspaces/public").mock(return_value=ok([]))
        with pytest.raises(mp.ConfigError, match="MP_WORKSPACE_ID"):
            real_ws()._http.required_workspace_id()


def test_rate_limiter_spaces_requests() -> None:
    waits: list[float] = []
    with respx.mock() as router:
        router.get(f"{S}/dashboards").mock(return_value=ok([]))
        ws = real_ws(max_requests_per_minute=600)
        ws._http._limiter._sleep = waits.append
        for _ in range(3):
            ws.list_dashboards()
    # the sleeps are fake, so the clock stands still: request n waits until its slot n * 0.1 s
    assert waits == pytest.approx([0.1, 0.2], abs=0.01)


def test_sandbox_faults_drive_the_retries() -> None:
    ws = mp.Workspace.sandbox(seed=1, faults="retry_after=0")
    ws._http._sleep = lambda s: None
    assert ws.emulator is not None
    ws.emulator.faults.queue(["429", "503", "drop"])
    assert ws.list_dashboards()  # three faults, then success: idempotent read retried each time
    before = len(ws.list_dashboards())
    ws.emulator.faults.queue(["drop_after"])
    with pytest.raises(mp.OutcomeUnknownError):
        ws.create_dashboard(mp.CreateDashboardParams(title="maybe"))
    titles = [d.title for d in ws.list_dashboards()]
    assert len(titles) == before + 1 and titles.count("maybe") == 1  # processed once, never re-sent


def test_wait_listeners_see_every_wait_and_can_be_removed() -> None:
    ws = real_ws()
    seen: list[float] = []
    other: list[float] = []
    remove = ws.on_wait(lambda kind, seconds: seen.append(seconds))
    ws.on_wait(lambda kind, seconds: other.append(seconds))
    with respx.mock() as router:
        router.get(f"{APP}/projects/{PID}/dashboards").mock(
            side_effect=[httpx.Response(429, headers={"Retry-After": "2"}), httpx.Response(503), ok([])]
        )
        ws.list_dashboards()
        assert seen[0] == 2.0 and len(seen) == 2 and other == seen
        remove()
        router.get(f"{APP}/projects/{PID}/bookmarks").mock(side_effect=[httpx.Response(503), ok([])])
        ws.list_bookmarks_v2()
    assert len(seen) == 2 and len(other) == 3


def test_workspace_pinned_property() -> None:
    ws = real_ws()
    assert ws.workspace_pinned is None
    ws.set_workspace_id(7)
    assert ws.workspace_pinned == 7


def test_an_unknown_sandbox_project_names_the_projects_it_serves() -> None:
    ws = mp.Workspace.sandbox(seed=1).for_project(4242)
    with pytest.raises(mp.APIError) as info:
        ws.list_dashboards()
    text = str(info.value)
    assert "no project 4242" in text and "1000" in text and "1001" in text and "MP_REGION" not in text


def test_an_unknown_project_on_a_served_sandbox_names_the_server(http_ws: mp.Workspace) -> None:
    with pytest.raises(mp.NotFoundError) as info:
        http_ws.for_project(4242).list_dashboards()
    assert "has no project 4242" in str(info.value) and "127.0.0.1" in str(info.value)


def test_another_project_keeps_the_workspaces_waits_pace_and_backups(tmp_path: Path) -> None:
    """``for_project`` is the same client on another project: a test's no-sleep, a script's timeout and
    back-off, and the backup folder carry over (the doctor's region check waited for real without it)."""
    waited: list[float] = []
    ws = mp.Workspace.sandbox(
        seed=1, sleep=waited.append, timeout=7.5, max_retries=2, backoff_base=0.25, backup_dir=tmp_path / "b"
    )
    other = ws.for_project(1001)
    assert other.emulator is ws.emulator and other.target.project_id == 1001
    assert other.backups.folder == ws.backups.folder == tmp_path / "b"
    http = other._http
    assert (http.max_retries, http.backoff_base, http._client.timeout.read) == (2, 0.25, 7.5)
    http._pause("retry", 0.5)
    assert waited == [0.5]
