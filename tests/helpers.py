"""Shared test helpers: a Workspace aimed at a respx-mocked Mixpanel, and request capture."""

from __future__ import annotations

import json
from typing import Any

import httpx

import mpnb as mp

APP = "https://mixpanel.com/api/app"
PID = 12345


def real_ws(**kw: Any) -> mp.Workspace:
    """A Workspace aimed at (mocked) real Mixpanel: project 12345, region us, no rate limiter, no sleeps."""
    kw.setdefault("max_requests_per_minute", None)
    kw.setdefault("sleep", lambda seconds: None)
    return mp.Workspace(username="svc.user", secret="s3cr3t-value", project_id=PID, region="us", **kw)


def ok(results: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json={"status": "ok", "results": results})


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content) if request.content else None
