"""The report can be shared: no secret (service-account secret, OAuth token, the scratch webhook's password)
and no entity name or description reaches its files or the printed verdict."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import mpnb as mp
from mpnb.doctor.families import webhooks as doctor_webhooks
from mpnb.sandbox import DEMO_PROJECT_ID, Sandbox, SandboxConfig, SandboxServer

SA_SECRET = "PLANTED-SA-SECRET-4e1f"
TOKEN = "PLANTED-OAUTH-TOKEN-8a2b"
PASSWORD = "PLANTED-WEBHOOK-PASSWORD-3c9d"
NAME, DESCRIPTION = "PLANTED-NAME", "PLANTED-DESCRIPTION"


def _no_sleep(seconds: float) -> None:
    """Retries do not wait in tests."""


def _plant_names(ws: mp.Workspace) -> None:
    """An entity in every family whose name and description a report must never show."""
    board = ws.create_dashboard(mp.CreateDashboardParams(title=f"{NAME}-board", description=f"{DESCRIPTION}-board"))
    report = ws.create_bookmark(
        mp.CreateBookmarkParams(
            name=f"{NAME}-report",
            type="insights",
            dashboard_id=board.id,
            params={"sections": {"show": [{"type": "metric", "behavior": {"name": f"{NAME}-event"}}]}},
            description=f"{DESCRIPTION}-report",
        )
    )
    ws.create_cohort(mp.CreateCohortParams(name=f"{NAME}-cohort", description=f"{DESCRIPTION}-cohort"))
    ws.create_feature_flag(
        mp.CreateFeatureFlagParams(name=f"{NAME}-flag", key=f"{NAME}-flag-key", description=f"{DESCRIPTION}-flag")
    )
    ws.create_experiment(mp.CreateExperimentParams(name=f"{NAME}-experiment", description=f"{DESCRIPTION}-exp"))
    ws.create_alert(
        mp.CreateAlertParams(
            bookmark_id=report.id,
            name=f"{NAME}-alert",
            condition={"type": "absolute", "op": "<", "value": 1},
            frequency=86400,
            paused=True,
            subscriptions=[],
        )
    )
    ws.create_annotation(mp.CreateAnnotationParams(date="2024-01-01 00:00:00", description=f"{DESCRIPTION}-note"))
    ws.create_webhook(
        mp.CreateWebhookParams(
            name=f"{NAME}-webhook", url="https://example.com/hook", auth_type="basic", username="u", password=PASSWORD
        )
    )


@pytest.fixture
def served() -> Iterator[SandboxServer]:
    config = SandboxConfig(username="planted.sa", secret=SA_SECRET, token=TOKEN)
    srv = SandboxServer(Sandbox(seed=1, config=config), "127.0.0.1", 0)
    srv.start_in_thread()
    yield srv
    srv.shutdown()
    srv.server_close()


def _leaks(folder: Path, printed: str) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())] + [printed]
    planted = (SA_SECRET, TOKEN, PASSWORD, NAME, DESCRIPTION, "planted.sa")
    return sorted({p for p in planted for text in texts if p in text})


@pytest.mark.parametrize("auth", ["service account", "oauth token"])
def test_no_secret_and_no_name_reaches_the_report(
    auth: str, served: SandboxServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    creds = {"username": "planted.sa", "secret": SA_SECRET} if auth == "service account" else {"oauth_token": TOKEN}
    ws = mp.Workspace(base_url=served.url, project_id=DEMO_PROJECT_ID, sleep=_no_sleep, **creds)  # type: ignore[arg-type]
    _plant_names(ws)
    monkeypatch.setattr(doctor_webhooks, "scratch_password", lambda: PASSWORD)
    read = ws.doctor(report_dir=tmp_path / "read")
    written = ws.doctor(write=True, confirm_project=DEMO_PROJECT_ID, report_dir=tmp_path / "write")
    assert written.leftovers == 0 and written.data["errors"] == []
    assert any(i["id"] == "W-b" and i["verdict"] == "confirmed" for i in written.items)  # the password was sent
    for report in (read, written):
        assert _leaks(report.paths[0].parent, report.summary() + repr(report)) == []
    assert "PLANTED" in str(ws.records("dashboards").read_all())  # the names were there to leak


def test_the_check_has_teeth(tmp_path: Path) -> None:
    (tmp_path / "report.md").write_text(f"| flags | {NAME}-flag |", encoding="utf-8")
    assert _leaks(tmp_path, f"token {TOKEN}") == [NAME, TOKEN]
