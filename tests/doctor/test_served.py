"""``mpnb doctor --write`` against ``mpnb sandbox serve`` treated as a real target: confirmation on, names
prefixed, faults on (dropped connections and 429s), and nothing left behind; a run killed in the middle is
swept by the next one, which removes that run's entities and nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import mpnb as mp
from mpnb._families import REGISTRY
from mpnb.cli import main
from mpnb.doctor._ledger import Ledger
from mpnb.sandbox import Sandbox

MPNB = [sys.executable, "-m", "mpnb.cli"]


class Served:
    """A ``mpnb sandbox serve`` process on its own state file, and a door to that file for the checks."""

    def __init__(self, state: Path, faults: str | None) -> None:
        cmd = [*MPNB, "sandbox", "serve", "--state", str(state), *(["--faults", faults] if faults else [])]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        lines = [self.proc.stdout.readline() for _ in range(5)]
        self.env = dict(line.removeprefix("export ").strip().split("=", 1) for line in lines)
        self.state = state

    def ids(self) -> dict[str, set[str]]:
        """Every entity id per family, read from the state file directly (no faults on the way)."""
        ws = mp.Workspace(_sandbox=Sandbox(state=self.state))
        return {f.name: {str(f.id_of(r)) for r in ws.records(f.name).read_all()} for f in REGISTRY}

    def scratch(self) -> int:
        ws = mp.Workspace(_sandbox=Sandbox(state=self.state))
        return sum(
            1
            for f in REGISTRY
            for r in ws.records(f.name).read_all()
            if "mpnb-doctor-" in f"{f.label_of(r)} {r.get('name') or ''}"
        )

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


@pytest.fixture
def faulty(tmp_path: Path) -> Iterator[Served]:
    served = Served(tmp_path / "served.sqlite3", "drop=0.1,429=0.1,retry_after=0,seed=7")
    yield served
    served.close()


@pytest.fixture
def calm(tmp_path: Path) -> Iterator[Served]:
    served = Served(tmp_path / "calm.sqlite3", None)
    yield served
    served.close()


def _doctor(served: Served, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    """The CLI command in this process (retries do not sleep), against the served sandbox."""
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    result = CliRunner().invoke(main, ["doctor", *args], env=served.env)
    return result.exit_code, result.stdout + result.stderr


def test_write_runs_with_faults_leave_nothing_behind_and_touch_nothing_else(
    faulty: Served, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = faulty.ids()
    for run in range(2):
        code, out = _doctor(
            faulty, monkeypatch, "--write", "--yes-i-mean-project", "1000", "--report-dir", f"{tmp_path}"
        )
        assert code in (0, 9), out
        assert "scratch entities left on the project: 0" in out and "error:" not in out, out
        assert faulty.scratch() == 0 and faulty.ids() == before, run
    reports = sorted(tmp_path.glob("*.json"))
    assert len(reports) == 2 and all('"answers_429": 0' not in p.read_text(encoding="utf-8") for p in reports)


def test_a_killed_run_is_swept_by_the_next_run(calm: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    before = calm.ids()
    env: dict[str, Any] = {**os.environ, **calm.env}
    proc = subprocess.Popen(
        [*MPNB, "doctor", "--write", "--yes-i-mean-project", "1000"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while calm.scratch() < 4 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    proc.kill()  # SIGKILL: no cleanup runs
    proc.wait()
    assert calm.scratch() >= 4 and Ledger().pending(calm.env["MPNB_BASE_URL"] + "/api/app#1000") != []
    code, out = _doctor(calm, monkeypatch, "--write", "--yes-i-mean-project", "1000")
    assert code in (0, 9), out
    assert calm.scratch() == 0 and calm.ids() == before
    assert not list(Ledger().folder.glob("*.json"))
