"""``ws.doctor()`` read-only: credentials, project, workspaces, rate-limit headers, one list call per family
checked against mpnb's models and the official specs; a report file with every item's verdict."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import mpnb as mp
from mpnb._families import REGISTRY
from mpnb.doctor import unverified_items
from mpnb.sandbox import DEMO_PROJECT_ID, DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxServer, SandboxTransport

VERDICTS = {"confirmed", "refuted", "not tested"}


def _no_sleep(seconds: float) -> None:
    """Retries do not wait in tests."""


class Reshaping(httpx.BaseTransport):
    """The sandbox, with its answers changed on the way back: what a surprise on real Mixpanel looks like."""

    def __init__(self, sandbox: Sandbox, change: Any, headers: dict[str, str] | None = None) -> None:
        self.inner = SandboxTransport(sandbox)
        self.change = change
        self.headers = headers or {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = self.inner.handle_request(request)
        answer.read()
        body = answer.content
        if answer.headers.get("content-type", "").startswith("application/json") and body:
            body = json.dumps(self.change(request.method, request.url.path, json.loads(body))).encode()
        headers = {k: v for k, v in answer.headers.items() if k.lower() != "content-length"}
        return httpx.Response(answer.status_code, headers={**headers, **self.headers}, content=body)


def _reshaped(server: SandboxServer, change: Any, headers: dict[str, str] | None = None) -> mp.Workspace:
    """A Workspace whose answers are changed; ``server`` answers what it asks elsewhere (another project)."""
    sandbox = Sandbox(seed=1)
    return mp.Workspace(
        base_url=server.url,
        username=DEMO_USERNAME,
        secret=DEMO_SECRET,
        project_id=DEMO_PROJECT_ID,
        sleep=_no_sleep,
        _transport=Reshaping(sandbox, change, headers),
    )


@pytest.fixture
def box() -> Iterator[tuple[mp.Workspace, Sandbox]]:
    sandbox = Sandbox(seed=1)
    ws = mp.Workspace(_sandbox=sandbox, sleep=_no_sleep)
    yield ws, sandbox
    ws.close()


def test_a_read_only_run_lists_every_family_once_and_sends_no_write(box: tuple[mp.Workspace, Sandbox]) -> None:
    ws, sandbox = box
    report = ws.doctor()
    assert {m for m, _ in sandbox.requests} == {"GET"}
    assert list(report.families) == REGISTRY.names
    for fam in REGISTRY:
        listed = report.families[fam.name]["list"]
        assert listed["ok"] and listed["count"] == len(ws.records(fam.name).read_all()), fam.name
        assert listed["model_errors"] == {} and listed["fields"], fam.name
    assert report.verdict in ("ok", "differences")
    assert report.data["checks"]["credentials"]["ok"] and report.data["checks"]["workspaces"]["count"] == 2


def test_every_item_of_the_page_appears_once_with_a_verdict(box: tuple[mp.Workspace, Sandbox]) -> None:
    ws, _ = box
    report = ws.doctor()
    ids = [i["id"] for i in report.items]
    assert ids == [i.id for i in unverified_items()]
    assert {i["verdict"] for i in report.items} <= VERDICTS
    by_id = {i["id"]: i for i in report.items}
    confirmed = (
        "X2 X4 X5 X7 V-a V-b V-c W-a W-b AU-a AU-d N-a N-b N-c SB-a F-a F-f F-g F-h CLI-a C-a E-a E-g D-c D-j D-k"
    )
    for item in (*confirmed.split(), "Doc-b", "A-g"):
        assert by_id[item]["verdict"] == "confirmed", (item, by_id[item])
    assert by_id["D-e"]["verdict"] == "not tested" and "--write" in by_id["D-e"]["seen"]


def test_the_report_files_are_written_under_mpnb_home(box: tuple[mp.Workspace, Sandbox], tmp_path: Path) -> None:
    ws, _ = box
    report = ws.doctor()
    json_path, md_path = report.paths
    assert json_path.parent.name == "doctor" and json_path.name.endswith(f"-{DEMO_PROJECT_ID}.json")
    assert md_path == json_path.with_suffix(".md")
    saved = json.loads(json_path.read_text(encoding="utf-8"))
    assert saved["items"] == report.items and saved["verdict"] == report.verdict
    text = md_path.read_text(encoding="utf-8")
    assert "| D-e | not tested |" in text and "## Families" in text


def test_the_official_specs_check_the_three_families_they_describe(box: tuple[mp.Workspace, Sandbox]) -> None:
    ws, _ = box
    report = ws.doctor()
    ran = {name: f["list"]["spec"] for name, f in report.families.items() if f["list"].get("spec")}
    assert set(ran) == {"flags", "experiments", "annotations"}
    assert all(s["ran"] and s["errors"] == {} for s in ran.values()), ran


def test_a_changed_answer_shows_as_unknown_missing_and_mistyped_fields(server: SandboxServer) -> None:
    def change(method: str, path: str, body: Any) -> Any:
        if method == "GET" and path.endswith("/dashboards") and isinstance(body.get("results"), list):
            for board in body["results"]:
                board["surprise_field"] = 1
                board.pop("title", None)
            body["results"][0]["id"] = "not-a-number"
        return body

    ws = _reshaped(server, change)
    report = ws.doctor()
    listed = report.families["dashboards"]["list"]
    assert listed["unknown_fields"] == ["surprise_field"]
    assert listed["model_errors"]["title: missing"] == listed["count"]
    assert listed["model_errors"]["id: int_parsing"] == 1
    assert "title" in listed["model_fields_never_sent"]
    assert report.verdict == "differences"
    assert {i["id"]: i["verdict"] for i in report.items}["V-a"] == "refuted"


def test_rate_limit_headers_and_retry_after_are_reported(server: SandboxServer) -> None:
    ws = _reshaped(server, lambda m, p, b: b, headers={"X-RateLimit-Limit": "600", "Set-Cookie": "session=s3cr3t"})
    report = ws.doctor()
    http = report.data["http"]
    assert http["rate_limit_headers"] == {"x-ratelimit-limit": ["600"]}
    verdicts = {i["id"]: i for i in report.items}
    assert verdicts["X7"]["verdict"] == "refuted" and "x-ratelimit-limit" in verdicts["X7"]["seen"]
    assert verdicts["X1"]["verdict"] == "not tested"
    assert "s3cr3t" not in report.paths[0].read_text(encoding="utf-8")


def test_a_429_with_retry_after_confirms_it() -> None:
    ws = mp.Workspace.sandbox(seed=1, faults="retry_after=0", sleep=_no_sleep)
    assert ws.emulator is not None
    ws.emulator.faults.queue(["ok", "ok", "ok", "429", "429"])  # the 4th request: the first list call
    report = ws.doctor()
    assert report.data["http"]["answers_429"] == 2
    assert {i["id"]: i["verdict"] for i in report.items}["X1"] == "confirmed"


def test_refused_credentials_are_one_clear_verdict_and_nothing_else_is_read() -> None:
    sandbox = Sandbox(seed=1)
    transport = SandboxTransport(sandbox)
    ws = mp.Workspace(
        base_url="http://127.0.0.1:9", username=DEMO_USERNAME, secret="wrong", project_id=DEMO_PROJECT_ID,
        sleep=_no_sleep, _transport=transport,
    )  # fmt: skip
    report = ws.doctor()
    assert report.verdict == "errors"
    assert report.data["checks"]["credentials"] == {"ok": False, "error": "AuthenticationError", "status": 401}
    assert len(sandbox.requests) <= 1 and all(not f["list"].get("ok") for f in report.families.values())
    assert all(i["verdict"] == "not tested" for i in report.items)
    assert "refused" in report.summary()


def test_the_doctor_reads_a_served_sandbox_as_any_target(http_ws: mp.Workspace) -> None:
    report = http_ws.doctor()
    assert report.data["target"]["kind"] == "url" and report.verdict in ("ok", "differences")
    assert all(f["list"]["ok"] for f in report.families.values())
