"""Output that scripts: stdout carries only the chosen format, every documented exit code has a command that
produces it, and messages speak the command line's words (never Python's)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Cli, errors_of


def _export_edit(cli: Cli, tmp_path: Path, family: str = "annotations", n: int = 1, field: str = "description") -> Path:
    records = cli.json(family, "export", "--format", "json")
    for r in records[:n]:
        r[field] = f"edited {r['id']}"
    path = tmp_path / f"{family}.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


# -- stdout is only the chosen format ------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "json", "ids", "yaml"])
def test_apply_prints_only_the_chosen_format_on_stdout(cli: Cli, tmp_path: Path, fmt: str) -> None:
    path = _export_edit(cli, tmp_path, n=2)
    args = ["-q"] if fmt == "ids" else ["--format", fmt]
    result = cli("annotations", "apply", str(path), "--yes", *args)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Plan for" not in out
    if fmt in ("csv", "ids"):
        assert "Plan for" in result.stderr  # the text plan is said on stderr (json and yaml hold it)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [r["status"] for r in rows] == ["ok", "ok"]
    elif fmt == "json":
        assert json.loads(out)["applied"] is True
    elif fmt == "yaml":
        import yaml

        assert yaml.safe_load(out)["applied"] is True
    else:
        assert len(out.split()) == 2 and all(x.isdigit() for x in out.split())


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_audit_fix_prints_only_the_chosen_format(cli: Cli, fmt: str) -> None:
    result = cli("audit", "--fix", "paused_alert", "--yes", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "Plan for" not in result.stdout and "Plan for" in result.stderr
    if fmt == "json":
        rows = json.loads(result.stdout)
        assert rows and {r["status"] for r in rows} == {"ok"}
    else:
        assert result.stdout.splitlines()[0] == "family,id,action,status,error"


def test_export_columns_picks_columns_with_the_id_first(cli: Cli) -> None:
    out = cli("reports", "export", "--columns", "id,name,description").stdout
    assert out.splitlines()[0] == "id,name,description"
    records = cli.json("reports", "export", "--format", "json", "--columns", "name")
    assert list(records[0]) == ["id", "name"]
    bad = cli("reports", "export", "--columns", "nope")
    assert bad.exit_code == 2 and "nope" in bad.stderr


def test_export_times_end_in_z(cli: Cli) -> None:
    rows = list(csv.DictReader(io.StringIO(cli("reports", "export").stdout)))
    assert rows and all(r["modified"].endswith("Z") for r in rows)
    records = cli.json("alerts", "export", "--format", "json")
    assert all(r["created"].endswith("Z") for r in records if r.get("created"))


def test_an_export_with_z_times_still_plans_only_the_edit(cli: Cli, tmp_path: Path) -> None:
    path = _export_edit(cli, tmp_path, family="reports", field="name")
    plan = json.loads(cli("reports", "apply", str(path), "--dry-run", "--format", "json").stdout)["plan"]
    assert plan["counts"]["update"] == 1 and plan["counts"]["conflict"] == 0


# -- the CLI's own words -------------------------------------------------------------------------------------
def test_no_python_words_in_apply_messages(cli: Cli, tmp_path: Path) -> None:
    """The plan speaks of --overwrite, --plan-out, --concurrency and --allow-mass-delete, and the count of
    requests after applying is the true one."""
    records = cli.json("flags", "export", "--format", "json")
    for r in records[:12]:
        r["description"] = "edited"
    path = tmp_path / "flags.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    result = cli("flags", "apply", str(path), "--yes", "--concurrency", "2")
    text = result.stderr
    assert result.exit_code == 0, result.output
    for python in ("plan.to_frame()", "plan.to_csv(", "overwrite=True", "apply(concurrency", "allow_mass_delete="):
        assert python not in result.output, python
    assert "run 2 at a time (--concurrency N to change)" in text and "--plan-out FILE" in text
    sent = int(text.split(" requests sent.")[0].rsplit(" ", 1)[-1].replace(",", ""))
    assert sent >= 12  # one request per flag: the true count, not the plan's floor
    assert "at least" in text


def test_a_conflict_shows_yours_and_the_servers_value(cli: Cli, tmp_path: Path) -> None:
    path = _export_edit(cli, tmp_path, family="dashboards", field="title")
    did = json.loads(path.read_text())[0]["id"]
    cli("dashboards", "update", str(did), "--description", "moved on the server")
    result = cli("dashboards", "apply", str(path), "--yes")
    assert result.exit_code == 5, result.output
    line = next(x for x in result.output.splitlines() if "yours" in x)
    assert "server" in line and ", read " not in line and "--overwrite" in result.output


# -- tables in terminal cells --------------------------------------------------------------------------------
def test_cjk_and_emoji_are_measured_in_cells() -> None:
    from rich.cells import cell_len

    from mpnb.cli._output import table_text

    rows = [{"id": 1, "name": "月次レポート・売上ダッシュボード🎉🎉 週次", "note": "x"}]
    text = table_text(rows, ["id", "name", "note"], width=30)
    assert all(cell_len(line) <= 30 for line in text.splitlines()), text
    assert "…" in text
    wide = table_text(rows, ["id", "name", "note"], width=30, wide=True)
    assert "週次" in wide


def test_backups_list_table_never_cuts_the_file_name(cli: Cli) -> None:
    rid = cli.json("reports", "list")[0]["id"]
    backup = cli.json("reports", "delete", str(rid))["backup"]
    table = cli("backups", "list", "--format", "table", env={"COLUMNS": "40"}).stdout
    assert Path(backup).name in table


# -- exit codes ----------------------------------------------------------------------------------------------
def test_per_row_rate_limits_exit_5(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan's read goes through; then every row's request is answered 429 until its retries run out."""
    from mpnb.frames._plan import Plan
    from mpnb.sandbox import default_sandbox

    monkeypatch.setattr("time.sleep", lambda s: None)
    path = _export_edit(cli, tmp_path, family="annotations", n=2)
    original = Plan.apply

    def apply(self: Plan, **kw: Any) -> Any:
        default_sandbox().faults.queue(["429"] * 8)  # 2 rows x 4 tries; the read-back then goes through
        return original(self, **kw)

    monkeypatch.setattr(Plan, "apply", apply)
    result = cli("annotations", "apply", str(path), "--yes")
    assert result.exit_code == 5, result.output
    assert "rate limited" in result.stdout and "ws." not in result.stdout  # the CLI's words in the rows too


def test_restore_exits_0_when_every_row_is_ok_and_its_dry_run_lists_what_it_recreates(cli: Cli) -> None:
    did = cli.json("dashboards", "list")[0]["id"]
    backup = cli.json("dashboards", "delete", str(did))["backup"]
    shown = cli.json("backups", "show", backup)
    listed = cli.json("backups", "list")[0]
    assert listed["with_them"] == len(shown) - listed["entities"]  # the same count as `backups show`
    dry = cli.json("restore", backup, "--dry-run")
    done = cli("restore", backup)
    assert done.exit_code == 0, done.output
    rows = json.loads(done.stdout)
    assert len(dry) == len(rows) and {r["status"] for r in rows} <= {"ok", "listed", "already restored"}


def _run(args: list[str], env: dict[str, str] | None = None, **kw: Any) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "mpnb.cli", *args], env=full, text=True, timeout=120, **kw)


def _closed_reader(args: list[str]) -> tuple[int, str]:
    """The command's stdout is a pipe whose reader is gone before it writes (what `| head -1` ends as)."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "mpnb.cli", *args], stdout=write, stderr=subprocess.PIPE, text=True, timeout=120
        )
    finally:
        os.close(write)
    return proc.returncode, proc.stderr


def test_a_closed_pipe_is_not_an_error(cli: Cli) -> None:
    cli("reports", "list")  # the sandbox exists
    for args in (["reports", "list", "-q"], ["reports", "list"], ["reports", "list", "--format", "csv"]):
        code, err = _closed_reader(args)
        assert code == 0 and "Traceback" not in err and "Exception ignored" not in err, (args, err)
    code, err = _closed_reader(["audit"])
    assert code == 9 and "Traceback" not in err, err


def test_head_of_a_long_list_through_a_real_pipe(cli: Cli) -> None:
    cli("reports", "list")
    shell = f"set -o pipefail; {sys.executable} -m mpnb.cli reports list -q | head -1"
    proc = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert proc.returncode == 0 and proc.stdout.strip().isdigit(), proc.stderr


def test_a_refused_connection_says_so_at_once_and_timeout_gives_up(cli: Cli) -> None:
    env = {"MPNB_BASE_URL": "http://127.0.0.1:9", "MP_USERNAME": "u", "MP_SECRET": "s", "MP_PROJECT_ID": "1"}
    result = cli("--timeout", "2", "reports", "list", env=env)
    lines = result.stderr.splitlines()
    assert result.exit_code == 1, result.output
    assert "connection refused" in lines[0] and "retrying in" in lines[0]  # said at the first retry
    assert "--timeout 2 s" in lines[-1] and lines[-1].startswith("error:") and len(lines) == 2
    at_once = cli("--timeout", "0.3", "reports", "list", env=env)
    assert at_once.exit_code == 1 and "connection refused" in at_once.stderr


def test_a_wrong_servers_html_404_is_not_printed(cli: Cli) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<!DOCTYPE html><html><body><h1>Not Found</h1><p>nginx</p></body></html>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    srv = HTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        env = {"MPNB_BASE_URL": f"http://127.0.0.1:{srv.server_port}", "MP_USERNAME": "u", "MP_SECRET": "s"}
        result = cli("reports", "list", env={**env, "MP_PROJECT_ID": "1"})
    finally:
        srv.shutdown()
        srv.server_close()
    assert result.exit_code == 4 and "<html" not in result.stderr.lower() and "nginx" not in result.stderr
    assert "HTML page" in result.stderr and len(errors_of(result)) == 1


EXIT_CODES = {
    0: ["reports", "list"],
    2: ["reports", "history", "1", "--limit", "0"],
    3: ["reports", "list"],  # with a damaged credential (below)
    4: ["reports", "get", "99999"],
    8: ["annotations", "bulk-delete", "--ids", "1"],  # on a "real" target without --yes (below)
    9: ["audit"],
}


@pytest.mark.parametrize("code", sorted(EXIT_CODES))
def test_every_documented_exit_code_has_a_command(cli: Cli, code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    env: dict[str, str] = {}
    if code == 3:
        env = {"MP_OAUTH_TOKEN": "tok en", "MP_PROJECT_ID": "1"}
    if code == 8:
        monkeypatch.setattr("mpnb.cli._run.is_real", lambda ws: True)
    result = cli(*EXIT_CODES[code], env=env)
    assert result.exit_code == code, result.output
    if code:
        assert "Traceback" not in result.output


def test_exit_codes_of_the_other_documented_cases(cli: Cli, tmp_path: Path) -> None:
    """1 transport (a refused connection), 2 malformed JSON to apply, 5 conflicts (and 429 rows, above),
    6 a server error, 7 an outcome unknown, 130 Ctrl-C (tests/cli/test_interrupt.py)."""
    refused = {"MPNB_BASE_URL": "http://127.0.0.1:9", "MP_USERNAME": "u", "MP_SECRET": "s", "MP_PROJECT_ID": "1"}
    assert cli("--timeout", "0.2", "reports", "list", env=refused).exit_code == 1
    assert cli("reports", "apply", "-", input="[{").exit_code == 2
    from mpnb.sandbox import default_sandbox

    cli("reports", "list")
    default_sandbox().set_faults("500=1.0")
    try:
        assert cli("--timeout", "1000", "reports", "list").exit_code == 6
        made = cli("annotations", "create", "--date", "2025-03-31 00:00:00", "--description", "x")
        assert made.exit_code == 7, made.output  # a create's 500: it may have happened
    finally:
        default_sandbox().set_faults(None)


def test_the_sandbox_notice_can_be_silenced(cli: Cli) -> None:
    assert "local sandbox" in cli("reports", "list").stderr
    assert cli("reports", "list", env={"MPNB_QUIET": "1"}).stderr == ""
    assert cli("--quiet-sandbox", "reports", "list").stderr == ""


def test_sandbox_reset_keeps_a_copy_and_asks_on_a_terminal(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    made = cli.json("dashboards", "create", "--title", "keep me")
    monkeypatch.setattr("mpnb.cli._run.interactive", lambda: True)
    refused = cli("sandbox", "reset", input="no\n")
    assert refused.exit_code == 8 and made["id"] in [d["id"] for d in cli.json("dashboards", "list")]
    done = cli("sandbox", "reset", "--yes")
    assert done.exit_code == 0 and "kept in" in done.stderr, done.output
    kept = done.stderr.split("kept in ")[1].split()[0]
    import sqlite3

    with sqlite3.connect(kept) as db:
        assert db.execute("select count(*) from sqlite_master").fetchone()[0] > 0
    assert "keep me" not in [d["title"] for d in cli.json("dashboards", "list")]


def test_no_progress_bar_is_drawn_into_a_file(cli: Cli, tmp_path: Path) -> None:
    rid = cli.json("reports", "list")[0]["id"]
    backup = cli.json("reports", "delete", str(rid))["backup"]
    result = cli("restore", backup)
    assert result.exit_code == 0 and "\r" not in result.stderr and "it/s" not in result.stderr, result.stderr
    path = _export_edit(cli, tmp_path, family="flags", n=3)
    applied = cli("flags", "apply", str(path), "--yes")
    assert applied.exit_code == 0 and "\r" not in applied.stderr
