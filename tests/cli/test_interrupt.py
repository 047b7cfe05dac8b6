"""Ctrl-C stops a concurrent run within about one request: nothing queued is sent after it, every row's state is
true, and a re-run sends only what was not sent (no duplicate creates). Python's KeyboardInterrupt (a notebook's
stop button) and SIGINT to a real ``mpnb`` process are both exercised; no test asserts wall-clock time, only
what was sent after the signal.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import mpnb as mp
from mpnb._bulk import NOT_SENT, Interrupted, run_concurrently
from mpnb.sandbox import DEMO_PROJECT_ID, DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxServer

WORKERS = 4


def _ctrl_c() -> None:
    """What pressing Ctrl-C does: SIGINT to this process (Python raises KeyboardInterrupt in the main thread)."""
    os.kill(os.getpid(), signal.SIGINT)


def _slow_calls(at: int, pause: float = 0.01) -> tuple[Any, dict[str, int]]:
    seen = {"calls": 0, "after": 0, "signalled": 0}
    lock = threading.Lock()

    def fn(item: int) -> int:
        with lock:
            seen["calls"] += 1
            if seen["signalled"]:
                seen["after"] += 1
            fire = seen["calls"] == at
            if fire:
                seen["signalled"] = 1
        if fire:
            _ctrl_c()
        time.sleep(pause)
        return item

    return fn, seen


@pytest.mark.parametrize("workers", [1, WORKERS])
def test_ctrl_c_stops_a_concurrent_run_and_reports_every_row(workers: int) -> None:
    fn, seen = _slow_calls(at=20)
    with pytest.raises(Interrupted) as info:
        run_concurrently(fn, list(range(400)), concurrency=workers)
    # only calls already picked up, or picked up before the main thread ran the signal handler
    assert seen["after"] <= 2 * workers, seen
    counts = info.value.counts
    assert sum(counts.values()) == 400
    assert counts[NOT_SENT] >= 400 - 20 - 2 * workers and counts["ok"] + counts["unknown"] == seen["calls"]
    assert isinstance(info.value, KeyboardInterrupt) and "not sent" in str(info.value)


def _create_rows(n: int, prefix: str, boards: list[int] | None = None) -> str:
    """``n`` new reports; spread over ``boards`` (each create also re-renders its board, on the sandbox too)."""
    head = "id,name,bookmark_type,params,dashboard_id"
    on = boards or [6]
    rows = [f',{prefix}-{i:04d},insights,"{{""sections"":{{}}}}",{on[i % len(on)]}' for i in range(n)]
    return "\n".join([head, *rows]) + "\n"


def _named(ws: mp.Workspace, prefix: str) -> list[str]:
    return [r.name for r in ws.list_bookmarks_v2() if r.name.startswith(prefix)]


def test_keyboard_interrupt_in_python_stops_creates_and_a_replan_sends_only_the_rest(tmp_path: Path) -> None:
    """A notebook's interrupt mid-apply: creates stop, the rows are counted truly, and the same frame planned
    again creates only what is missing (the journal and natural keys find the rest)."""
    from mpnb.frames import make_plan, read_csv, spec_for

    ws = mp.Workspace.sandbox(seed=1, backup_dir=tmp_path / "backups", sleep=lambda s: None)
    spec = spec_for("reports")
    df = read_csv(_create_rows(150, "nb-stop"), spec)
    calls = {"n": 0}
    original = spec.create

    def create(w: Any, fields: dict[str, Any]) -> Any:
        calls["n"] += 1
        if calls["n"] == 30:
            _ctrl_c()
        return original(w, fields)

    plan = make_plan(ws, spec, df, baseline="fresh")
    object.__setattr__(spec, "create", create)
    try:
        with pytest.raises(Interrupted) as info:
            plan.apply(concurrency=WORKERS, progress=False)
    finally:
        object.__delattr__(spec, "create")  # the class's method again
    landed = len(_named(ws, "nb-stop"))
    assert 30 <= landed <= 30 + 2 * WORKERS, landed  # never the queue: 150 before the fix
    assert info.value.counts["ok"] == landed and info.value.counts[NOT_SENT] == 150 - landed
    again = make_plan(ws, spec, df, baseline="fresh")
    assert len(again.creates) == 150 - landed and len(again.already_created) == landed
    again.apply(progress=False)
    names = _named(ws, "nb-stop")
    assert len(names) == 150 and len(set(names)) == 150  # no duplicates


# -- a real process, a real signal ------------------------------------------------------------------------
BOARDS: list[int] = []


@pytest.fixture
def slow_server() -> Iterator[tuple[SandboxServer, Sandbox]]:
    """A served sandbox where every request takes 20 ms (a real server's round trip), with 50 more boards."""
    sandbox = Sandbox(seed=1)
    local = mp.Workspace(_sandbox=sandbox, backups=False)
    BOARDS[:] = [local.create_dashboard(mp.CreateDashboardParams(title=f"board {i}")).id for i in range(50)]
    sandbox.set_faults("latency=0.02")
    sandbox.requests.clear()
    srv = SandboxServer(sandbox, "127.0.0.1", 0)
    srv.start_in_thread()
    yield srv, sandbox
    srv.shutdown()
    srv.server_close()


def _creates_sent(sandbox: Sandbox) -> int:
    return sum(1 for m, p in list(sandbox.requests) if m == "POST" and p.rstrip("/").endswith("bookmarks"))


def _env(server: SandboxServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MP_", "MPNB_BASE_URL"))}
    env.update(
        MPNB_BASE_URL=server.url,
        MP_USERNAME=DEMO_USERNAME,
        MP_SECRET=DEMO_SECRET,
        MP_PROJECT_ID=str(DEMO_PROJECT_ID),
        PYTHONUNBUFFERED="1",
    )
    return env


def test_sigint_stops_a_1000_row_cli_apply_and_a_rerun_creates_no_duplicate(
    slow_server: tuple[SandboxServer, Sandbox], tmp_path: Path
) -> None:
    server, sandbox = slow_server
    path = tmp_path / "c.csv"
    path.write_text(_create_rows(1000, "sig", BOARDS), encoding="utf-8")
    cmd = [sys.executable, "-m", "mpnb.cli", "reports", "apply", str(path), "--yes", "--concurrency", "8"]
    proc = subprocess.Popen(cmd, env=_env(server), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while _creates_sent(sandbox) < 40 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(signal.SIGINT)
    at_signal = _creates_sent(sandbox)
    _out, err = proc.communicate(timeout=60)
    after = _creates_sent(sandbox) - at_signal
    assert proc.returncode == 130, err
    assert after <= 2 * 8, f"{after} creates were sent after Ctrl-C"  # those in flight, never the queue
    line = [x for x in err.splitlines() if x.startswith("interrupted:")][-1]
    sent = _creates_sent(sandbox)
    assert f"{1000 - sent} not sent" in line and "Traceback" not in err, line
    rerun = subprocess.run(cmd, env=_env(server), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert _creates_sent(sandbox) == 1000  # each row sent exactly once over both runs
    ws = mp.Workspace(
        base_url=server.url, username=DEMO_USERNAME, secret=DEMO_SECRET, project_id=DEMO_PROJECT_ID, backups=False
    )
    names = _named(ws, "sig-")
    assert len(names) == 1000 and len(set(names)) == 1000
