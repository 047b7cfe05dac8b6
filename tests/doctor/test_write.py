"""``ws.doctor(write=True, confirm_project=N)``: the scratch cycle on entities it makes and names itself, the
questions it answers, and the promise that it leaves nothing behind and touches nothing else."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import httpx
import pytest

import mpnb as mp
from mpnb._families import REGISTRY
from mpnb.doctor._cycle import Cycle
from mpnb.doctor._ledger import Ledger, target_key
from mpnb.doctor._write import scratch_order
from mpnb.doctor.families import DOCTORS
from mpnb.sandbox import DEMO_PROJECT_ID, DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxServer, SandboxTransport

STEPS = ("create", "read back", "update", "bulk update", "frames edit", "delete", "restore", "delete again")


def _no_sleep(seconds: float) -> None:
    """Retries do not wait in tests."""


def _ids(ws: mp.Workspace) -> dict[str, set[str]]:
    """Every entity id of every family (archived ones too)."""
    return {f.name: {str(f.id_of(r)) for r in ws.records(f.name).read_all()} for f in REGISTRY}


def _scratch_left(ws: mp.Workspace) -> int:
    return sum(
        1
        for f in REGISTRY
        for r in ws.records(f.name).read_all()
        if "mpnb-doctor-" in f"{f.label_of(r)} {r.get('name') or ''}"
    )


@pytest.fixture
def box() -> tuple[mp.Workspace, Sandbox]:
    sandbox = Sandbox(seed=1)
    return mp.Workspace(_sandbox=sandbox, sleep=_no_sleep), sandbox


def test_a_write_run_needs_the_project_named_before_any_request(box: tuple[mp.Workspace, Sandbox]) -> None:
    ws, sandbox = box
    for confirm in (None, 1001, "1000 ", True):
        with pytest.raises(mp.InputError, match="confirm_project") as caught:
            ws.doctor(write=True, confirm_project=confirm if confirm != "1000 " else "100")
        assert caught.value.field == "confirm_project"
    with pytest.raises(mp.InputError, match="confirm_project"):
        ws.doctor(cleanup=True)
    assert sandbox.requests == []


def test_the_scratch_cycle_runs_every_step_of_every_family_and_leaves_the_project_as_it_was(
    box: tuple[mp.Workspace, Sandbox],
) -> None:
    ws, _ = box
    before = _ids(ws)
    report = ws.doctor(write=True, confirm_project=DEMO_PROJECT_ID)
    assert _ids(ws) == before and _scratch_left(ws) == 0
    assert report.leftovers == 0 and report.data["errors"] == []
    for fam in REGISTRY:
        if DOCTORS[fam.name].scratch is None:  # read-only parts (the data dictionary's, for now)
            continue
        steps = report.families[fam.name]["write"]
        expected = {s: "ok" for s in STEPS}
        if fam.bulk_update_key is None:
            expected["bulk update"] = f"skipped: {fam.name} have no bulk update"
        assert {s: steps[s] for s in STEPS} == expected, fam.name
        assert all(v == "ok" for k, v in steps.items() if k not in STEPS), (fam.name, steps)
    assert report.verdict in ("ok", "differences")
    assert Ledger().pending(target_key(ws)) == [] and not list(Ledger().folder.glob("*.json"))


def test_the_questions_get_the_sandboxs_answers(box: tuple[mp.Workspace, Sandbox]) -> None:
    ws, _ = box
    report = ws.doctor(write=True, confirm_project=DEMO_PROJECT_ID)
    verdicts = {i["id"]: i["verdict"] for i in report.items}
    confirmed = "D-b D-c D-d D-e B-e D-f D-l B-b C-d F-b F-j B-d E-d V-i A-h W-b W-c W-d AU-h FR-b"
    assert {i: verdicts[i] for i in confirmed.split()} == dict.fromkeys(confirmed.split(), "confirmed")
    # the sandbox removes an alert with its report (A-h), so the audit's guess that it stays listed is refuted
    assert verdicts["AU-e"] == "refuted"
    for doc in DOCTORS.values():
        for item in (*doc.items, *(doc.scratch.items if doc.scratch else ())):
            assert verdicts[item] != "not tested", item


def test_a_write_run_changes_only_its_own_entities(box: tuple[mp.Workspace, Sandbox]) -> None:
    ws, sandbox = box
    before = {f.name: {str(f.id_of(r)): r for r in ws.records(f.name).read_all()} for f in REGISTRY}
    ws.doctor(write=True, confirm_project=DEMO_PROJECT_ID)
    after = {f.name: {str(f.id_of(r)): r for r in ws.records(f.name).read_all()} for f in REGISTRY}
    assert after == before
    writes = [(m, p) for m, p in sandbox.requests if m != "GET"]
    assert writes and all("/workspaces/public" not in p for _, p in writes)


def test_families_limit_the_cycle_and_bring_what_they_are_made_on(box: tuple[mp.Workspace, Sandbox]) -> None:
    assert [f.name for f in scratch_order(["alerts"])] == ["dashboards", "reports", "alerts"]
    ws, _ = box
    report = ws.doctor(write=True, confirm_project=DEMO_PROJECT_ID, families=["webhooks"])
    assert [n for n, f in report.families.items() if f.get("write")] == ["webhooks"]
    assert report.leftovers == 0


def test_ctrl_c_in_the_middle_still_removes_everything_made(
    box: tuple[mp.Workspace, Sandbox], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, _ = box
    before = _ids(ws)
    from mpnb.doctor import _write

    def interrupted(cycle: Any, fam: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_write, "_questions", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ws.doctor(write=True, confirm_project=DEMO_PROJECT_ID)
    assert _ids(ws) == before
    saved = json.loads(max(Ledger().folder.parent.glob("*.json")).read_text(encoding="utf-8"))
    assert saved["interrupted"] and saved["leftovers"]["left"] == 0
    assert not list(Ledger().folder.glob("*.json"))


def test_a_second_ctrl_c_during_the_sweep_leaves_the_note_and_the_report_says_so(
    box: tuple[mp.Workspace, Sandbox], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, _ = box
    before = _ids(ws)
    from mpnb.doctor import _run

    sweep = _run.sweep

    def interrupted(cycle: Any, runs: list[str]) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(_run, "sweep", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ws.doctor(write=True, confirm_project=DEMO_PROJECT_ID)
    saved = json.loads(max(Ledger().folder.parent.glob("*.json")).read_text(encoding="utf-8"))
    assert saved["leftovers"]["left"] is None and saved["verdict"] == "errors"
    assert Ledger().pending(target_key(ws)) == [saved["run_id"]]
    monkeypatch.setattr(_run, "sweep", sweep)
    ws.doctor(cleanup=True, confirm_project=DEMO_PROJECT_ID)
    assert _ids(ws) == before and Ledger().pending(target_key(ws)) == []


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_a_killed_runs_entities_go_with_the_next_write_run_and_nothing_else_does(
    box: tuple[mp.Workspace, Sandbox], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, _ = box
    # what a user has, whose names look like the doctor's: never touched
    ws.create_dashboard(mp.CreateDashboardParams(title="mpnb-doctor-notes"))
    ws.create_dashboard(mp.CreateDashboardParams(title="mpnb-doctor-0badc0de-board"))  # another machine's run
    kept = _ids(ws)
    # a run that was killed after making a board, a report and a flag: its note stays, its process is gone
    ledger, killed = Ledger(), Cycle(ws, "deadbeef", [], [])
    with monkeypatch.context() as patched:
        patched.setattr("os.getpid", _dead_pid)
        ledger.start("deadbeef", target_key(ws))
    for name in ("dashboards", "reports", "flags"):
        scratch = DOCTORS[name].scratch
        assert scratch is not None
        scratch.create(killed)
    assert _scratch_left(ws) == 5
    read_only = ws.doctor()
    assert read_only.data["earlier_runs"]["entities"] == {"dashboards": 1, "reports": 1, "flags": 1}
    assert read_only.data["earlier_runs"]["doctor_runs_not_noted_here"] == {"0badc0de": 1}
    assert _scratch_left(ws) == 5  # a read-only run deletes nothing
    assert "3 scratch entities of interrupted runs (deadbeef): --write or --cleanup" in read_only.summary()
    assert "runs not started here (0badc0de): left alone" in read_only.summary()
    report = ws.doctor(cleanup=True, confirm_project=DEMO_PROJECT_ID)
    assert report.data["earlier_runs"]["sweep"]["left"] == 0
    assert _ids(ws) == kept and ledger.pending(target_key(ws)) == []


class Unplugged(httpx.BaseTransport):
    """The sandbox, until ``down`` is set: then every connection fails (a server gone mid-run)."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.inner = SandboxTransport(sandbox)
        self.down = False
        self.refused = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            self.refused += 1
            raise httpx.ConnectError("connection refused")
        return self.inner.handle_request(request)


def test_a_server_gone_mid_run_stops_the_cycle_keeps_the_note_and_the_next_run_sweeps(
    monkeypatch: pytest.MonkeyPatch, server: SandboxServer
) -> None:
    sandbox = Sandbox(seed=1)
    plug = Unplugged(sandbox)
    # ``server`` answers only the region check (another project); everything else goes through ``plug``
    ws = mp.Workspace(
        base_url=server.url, username=DEMO_USERNAME, secret=DEMO_SECRET, project_id=DEMO_PROJECT_ID,
        sleep=_no_sleep, _transport=plug,
    )  # fmt: skip
    before = _ids(ws)
    from mpnb.doctor import _write

    questions = _write._questions

    def unplug_after_the_boards(cycle: Any, fam: Any) -> None:
        questions(cycle, fam)
        plug.down = True

    monkeypatch.setattr(_write, "_questions", unplug_after_the_boards)
    report = ws.doctor(write=True, confirm_project=DEMO_PROJECT_ID)
    assert report.verdict == "errors" and report.leftovers is None
    assert "unknown" in report.summary()
    assert plug.refused <= 40  # it stopped trying: the rest of the cycle was skipped, not waited out
    assert any(
        s.startswith("skipped: the server could not be reached") for s in report.families["flags"]["write"].values()
    )
    assert Ledger().pending(target_key(ws)) == [report.data["run_id"]]
    plug.down = False
    monkeypatch.setattr(_write, "_questions", questions)
    swept = ws.doctor(cleanup=True, confirm_project=DEMO_PROJECT_ID)
    assert swept.data["earlier_runs"]["sweep"]["left"] == 0 and _ids(ws) == before
    assert Ledger().pending(target_key(ws)) == []
