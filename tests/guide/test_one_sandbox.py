"""The default sandbox is one place: Python, the CLI and `mpnb sandbox serve` see each other's changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
from click.testing import CliRunner

import mpnb as mp
from mpnb.cli import main
from mpnb.sandbox import DEMO_SECRET, DEMO_USERNAME, default_sandbox_path


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_python_and_the_cli_share_the_default_sandbox() -> None:
    ws = mp.Workspace()
    assert ws.emulator is not None and ws.emulator.state_path == default_sandbox_path()
    exp = ws.create_experiment(mp.CreateExperimentParams(name="Made in a notebook"))
    launched = json.loads(_cli("experiments", "launch", str(exp.id)))  # the next cell: `!mpnb experiments launch`
    assert launched["status"] == "active"
    assert ws.get_experiment(exp.id).status == "active"
    made = json.loads(_cli("dashboards", "create", "--title", "Made in the shell"))
    assert ws.get_dashboard(made["id"]).title == "Made in the shell"


def test_a_restarted_process_finds_what_the_last_one_made(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MP_", "MPNB_"))}
    env["MPNB_HOME"] = str(tmp_path)
    code = (
        "import mpnb as mp, sys; ws = mp.Workspace(); "
        "print(ws.create_dashboard(mp.CreateDashboardParams(title=sys.argv[1])).id)"
    )
    first = subprocess.run([sys.executable, "-c", code, "kept"], env=env, capture_output=True, text=True, check=True)
    check = "import mpnb as mp, sys; print(mp.Workspace().get_dashboard(int(sys.argv[1])).title)"
    again = subprocess.run([sys.executable, "-c", check, first.stdout.strip()], env=env, capture_output=True, text=True)
    assert again.returncode == 0 and again.stdout.strip() == "kept", again.stderr


def test_reset_reseeds_for_python_and_the_cli() -> None:
    ws = mp.Workspace()
    made = ws.create_dashboard(mp.CreateDashboardParams(title="Gone after reset"))
    path = mp.sandbox_reset(size=10)
    assert path == default_sandbox_path()
    assert "Gone after reset" not in _cli("dashboards", "list")
    ws.create_dashboard(mp.CreateDashboardParams(title="Gone too"))
    assert "reset" in _cli("sandbox", "reset", "--size", "10")
    assert "Gone too" not in [d.title for d in ws.list_dashboards()]
    assert made.id not in [d.id for d in ws.list_dashboards() if d.title == "Gone after reset"]
    assert _cli("sandbox", "path").strip() == str(default_sandbox_path())


def test_serve_without_state_serves_the_default_sandbox(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MP_", "MPNB_"))}
    env["MPNB_HOME"] = os.environ["MPNB_HOME"]
    ws = mp.Workspace()
    mine = ws.create_dashboard(mp.CreateDashboardParams(title="From Python"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "mpnb.cli", "sandbox", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        exports = dict(proc.stdout.readline().strip().removeprefix("export ").split("=", 1) for _ in range(5))
        base = f"{exports['MPNB_BASE_URL']}/api/app/projects/1000"
        with httpx.Client(auth=(DEMO_USERNAME, DEMO_SECRET), timeout=30) as c:
            assert c.get(f"{base}/dashboards/{mine.id}").json()["results"]["title"] == "From Python"
            served = c.post(f"{base}/dashboards", json={"title": "From the server"}).json()["results"]
            _cli("dashboards", "create", "--title", "From the shell")  # a writer in this process, at once
            titles = [d["title"] for d in c.get(f"{base}/dashboards").json()["results"]]
        assert {"From Python", "From the server", "From the shell"} <= set(titles)
        assert ws.get_dashboard(served["id"]).title == "From the server"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_size_on_an_existing_default_sandbox_is_refused_with_the_fix() -> None:
    mp.Workspace().list_dashboards()  # the default sandbox now exists
    result = CliRunner().invoke(main, ["sandbox", "serve", "--size", "20000"])
    assert result.exit_code == 2
    assert "--size" in result.output and "mpnb sandbox reset --size" in result.output and "--state" in result.output


def test_serve_size_seeds_a_new_default_sandbox(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MP_", "MPNB_"))}
    env["MPNB_HOME"] = str(tmp_path)
    cmd = [sys.executable, "-m", "mpnb.cli", "sandbox", "serve", "--port", "0", "--size", "7", "--seed", "3"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        exports = dict(proc.stdout.readline().strip().removeprefix("export ").split("=", 1) for _ in range(5))
        base = f"{exports['MPNB_BASE_URL']}/api/app/projects/1000"
        with httpx.Client(auth=(DEMO_USERNAME, DEMO_SECRET), timeout=30) as c:
            reports = c.get(f"{base}/bookmarks", params={"v": 2}).json()["results"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    fresh = mp.Workspace.sandbox(seed=3, size=7)
    assert len(reports) == len(fresh.list_bookmarks_v2())
