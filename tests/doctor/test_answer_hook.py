"""The HTTP layer's answer hook: the doctor watches statuses, rate-limit headers and answer bodies through it."""

from __future__ import annotations

from typing import Any

import httpx

import mpnb as mp


def _no_sleep(seconds: float) -> None:
    """Retries do not wait in tests."""


def test_the_listener_sees_every_answer_retries_included_until_removed() -> None:
    ws = mp.Workspace.sandbox(seed=1, faults="retry_after=0", sleep=_no_sleep)
    assert ws.emulator is not None
    seen: list[tuple[int, str | None, str]] = []

    def listen(response: httpx.Response) -> None:
        seen.append((response.status_code, response.headers.get("Retry-After"), response.url.path))

    stop = ws.on_answer(listen)
    ws.emulator.faults.queue(["429", "ok"])
    ws.list_dashboards()
    assert [(s, r) for s, r, _ in seen] == [(429, "0"), (200, None)]
    assert all(path.endswith("/projects/1000/dashboards") for _, _, path in seen)
    stop()
    ws.list_dashboards()
    assert len(seen) == 2


def test_the_listener_can_read_the_body_of_the_answer_after_the_call() -> None:
    ws = mp.Workspace.sandbox(seed=1)
    last: list[httpx.Response] = []
    ws.on_answer(last.append)
    records = ws.records("cohorts").read_all()
    body: Any = last[-1].json()
    assert isinstance(body, dict) and body["results"] == records
