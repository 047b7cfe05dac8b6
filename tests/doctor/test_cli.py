"""``mpnb doctor``: the short verdict on stdout, the report files, the typed confirmation of a write run."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mpnb.cli import main
from mpnb.sandbox import default_sandbox


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["doctor", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def _scratch_left() -> int:
    import mpnb as mp

    ws = mp.Workspace(_sandbox=default_sandbox())
    return sum(
        1
        for name in ("dashboards", "reports", "flags")
        for r in ws.records(name).read_all()
        if "mpnb-doctor-" in str(r)
    )


def test_help_has_an_example_and_says_what_each_mode_does() -> None:
    code, out, _ = _run("--help")
    assert code == 0
    assert "--write" in out and "--yes-i-mean-project" in out and "--cleanup" in out
    assert "Example:" in out and "mpnb doctor" in out.split("Example:")[1]


def test_a_read_only_run_prints_a_short_verdict_and_writes_the_report(tmp_path: Path) -> None:
    code, out, _ = _run("--report-dir", str(tmp_path))
    assert code in (0, 9), out
    assert out.startswith("mpnb doctor (read-only) on SANDBOX")
    assert len(out.splitlines()) <= 8
    files = sorted(p.suffix for p in tmp_path.iterdir())
    assert files == [".json", ".md"] and str(tmp_path) in out


def test_json_format_prints_the_report_itself(tmp_path: Path) -> None:
    code, out, _ = _run("--report-dir", str(tmp_path), "--json")
    data = json.loads(out)
    assert code == {"ok": 0, "differences": 9, "errors": 1}[data["verdict"]]
    assert data["mode"] == "read-only" and {i["id"] for i in data["items"]} >= {"X1", "D-e"}


def test_a_write_run_without_a_terminal_needs_the_project_named() -> None:
    code, _, err = _run("--write")
    assert code == 8 and "--yes-i-mean-project 1000" in err
    code, _, err = _run("--write", "--yes-i-mean-project", "1001")
    assert code == 8 and "1001" in err and "1000" in err
    assert _scratch_left() == 0


def test_a_write_run_named_for_its_project_runs_and_leaves_nothing(tmp_path: Path) -> None:
    code, out, err = _run("--write", "--yes-i-mean-project", "1000", "--report-dir", str(tmp_path))
    assert code in (0, 9), out + err
    assert "scratch entities left on the project: 0" in out
    assert _scratch_left() == 0


def test_cleanup_alone_confirms_too() -> None:
    code, _, err = _run("--cleanup")
    assert code == 8 and "--yes-i-mean-project" in err
    code, out, _ = _run("--cleanup", "--yes-i-mean-project", "1000")
    assert code in (0, 9) and out.startswith("mpnb doctor (cleanup)")


def test_a_dry_run_says_what_a_write_run_would_make_and_writes_nothing() -> None:
    sandbox = default_sandbox()
    before = len(sandbox.requests)
    code, out, err = _run("--write", "--dry-run")
    assert code in (0, 9) and out.startswith("mpnb doctor (read-only)")
    assert "dashboards: a board with a text card" in err and "webhooks: a webhook" in err
    assert {m for m, _ in sandbox.requests[before:]} == {"GET"}
