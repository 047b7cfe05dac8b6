"""Secrets (service-account secret, OAuth token) appear in no repr, log, error or CLI output (S8)."""

from __future__ import annotations

import logging

import httpx
import pytest
import respx

import mpnb as mp
from tests.helpers import APP, PID

SECRET = "Zq9-NEVER-PRINT-ME"


def test_secret_absent_from_repr_info_errors_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    ws = mp.Workspace(username="svc", secret=SECRET, project_id=PID, region="us", max_requests_per_minute=None)
    ws._http._sleep = lambda s: None
    texts = [repr(ws), repr(ws.target), str(ws.target.credentials)]
    with respx.mock() as router:
        router.get(f"{APP}/projects/{PID}/workspaces/public").mock(
            return_value=httpx.Response(
                200, json={"status": "ok", "results": [{"id": 1, "name": "a", "project_id": PID, "is_default": True}]}
            )
        )
        texts.append(str(ws.info()) + ws.info().model_dump_json())
        router.get(f"{APP}/projects/{PID}/dashboards").mock(return_value=httpx.Response(401, json={"error": "bad"}))
        with pytest.raises(mp.AuthenticationError) as info:
            ws.list_dashboards()
        texts += [str(info.value), repr(info.value), repr(info.value.to_dict()), repr(info.value.details)]
        router.get(f"{APP}/projects/{PID}/bookmarks").mock(side_effect=httpx.ConnectError("down"))
        with pytest.raises(mp.TransportError) as tinfo:
            ws.list_bookmarks_v2()
        texts += [str(tinfo.value), repr(tinfo.value)]
    texts += [r.getMessage() for r in caplog.records]
    joined = "\n".join(texts)
    assert SECRET not in joined
    assert "Authorization" not in joined and "Basic " not in joined


def test_token_absent_from_everything() -> None:
    ws = mp.Workspace(oauth_token=SECRET, project_id=PID)
    assert SECRET not in repr(ws) + repr(ws.target) + repr(ws.target.credentials) + str(vars(ws))
