"""``mpnb dashboards`` and ``mpnb reports`` on the CLI's file-backed sandbox, and the shared CLI rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from mpnb.sandbox import Sandbox
from tests.cli.conftest import Cli


def test_dashboards_round_trip(cli: Cli) -> None:
    made = cli.json("dashboards", "create", "--title", "Q1 Metrics", "--description", "Quarterly", "--private")
    did = made["id"]
    assert made["is_private"] is True
    assert cli.json("dashboards", "get", str(did))["title"] == "Q1 Metrics"  # state persisted between commands
    assert cli.json("dashboards", "update", str(did), "--title", "Q1 KPIs")["title"] == "Q1 KPIs"
    for verb in ("favorite", "pin", "unpin", "unfavorite"):
        assert cli.json("dashboards", verb, str(did))["done"] == verb
    rid = cli.json("reports", "list")[0]["id"]
    placed = cli.json("dashboards", "add-report", str(did), str(rid))
    assert placed["contents"]["report"]
    assert did in cli.json("reports", "dashboard-ids", str(rid))
    assert cli.json("dashboards", "remove-report", str(did), str(rid))["contents"]["report"] == {}
    names = [t["name"] for t in cli.json("dashboards", "blueprints")]
    assert "product_analytics" in names
    bp = cli.json("dashboards", "blueprint-create", "product_analytics")
    assert cli.json("dashboards", "blueprint-config", str(bp["id"]))["variables"]
    assert cli.json("dashboards", "blueprint-finish", str(bp["id"]))["id"] == bp["id"]
    rca = cli.json("dashboards", "rca", "--source-id", "123", "--source-data", '{"type": "anomaly"}')
    assert cli.json("dashboards", "erf", str(rca["id"]))["metrics"]
    deleted = cli.json("dashboards", "bulk-delete", "--ids", f"{did},{rca['id']}")
    assert deleted["deleted"] == [did, rca["id"]] and Path(deleted["backup"]).exists()


def test_reports_round_trip(cli: Cli) -> None:
    did = cli.json("dashboards", "create", "--title", "Home")["id"]
    made = cli.json(
        "reports",
        "create",
        "--name",
        "Daily Signups",
        "--type",
        "insights",
        "--params",
        '{"a": 1}',
        "--dashboard-id",
        str(did),
    )
    rid = made["id"]
    assert made["bookmark_type"] == "insights"
    assert cli.json("reports", "update", str(rid), "--name", "v2")["name"] == "v2"
    cli.json("reports", "bulk-update", "--entries", json.dumps([{"id": rid, "description": "d"}]))
    assert cli.json("reports", "get", str(rid))["description"] == "d"
    assert cli.json("reports", "linked-dashboards", str(rid)) == [did]
    page = cli("reports", "history", str(rid), "--limit", "1")
    assert page.exit_code == 0 and len(json.loads(page.stdout)) == 1 and "--cursor" in page.stderr
    assert [r["id"] for r in cli.json("reports", "list", "--ids", str(rid))] == [rid]
    cli.json("reports", "delete", str(rid))
    other = cli.json("reports", "list", "--type", "funnels")
    ids = [r["id"] for r in other[:2]]
    assert cli.json("reports", "bulk-delete", "--ids", ",".join(map(str, ids)))["deleted"] == ids
    assert cli.json("reports", "list", "--ids", ",".join(map(str, ids))) == []


def test_formats(cli: Cli) -> None:
    table = cli("dashboards", "list", "--format", "table")
    assert table.exit_code == 0 and table.stdout.splitlines()[0].split()[:2] == ["id", "title"]
    csv_out = cli("reports", "list", "--format", "csv")
    assert csv_out.stdout.splitlines()[0] == "id,name,bookmark_type,dashboard_id,modified"
    before = cli("--format", "csv", "reports", "list")
    assert before.stdout == csv_out.stdout  # the option works before the subcommand too


def test_workspace_id_before_or_after(cli: Cli) -> None:
    assert cli.json("--workspace-id", "2", "inspect", "info")["workspace_id"] == 2
    assert cli.json("inspect", "info", "--workspace-id", "2")["workspace_id"] == 2


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["reports", "get", "999999"], 4, "not found"),
        (["reports", "get", "abc"], 2, "abc"),
        (["reports", "create", "--name", "x", "--type", "insights", "--params", "{bad"], 2, "--params"),
        (["reports", "create", "--name", "x", "--type", "insights", "--params", "{}"], 4, "dashboard_id"),
        (["reports", "bulk-delete", "--ids", "1,x"], 2, "--ids"),
        (["dashboards", "create", "--title", ""], 4, "title"),
        (["reports", "bulk-update", "--entries", '[{"id": 1, "nmae": "x"}]'], 4, "name"),
    ],
)
def test_errors_are_one_line_with_distinct_exit_codes(cli: Cli, args: list[str], code: int, needle: str) -> None:
    result = cli(*args)
    assert result.exit_code == code
    assert needle.lower() in result.stderr.lower()
    assert result.stdout == ""


def test_auth_error_exit_code_and_no_secret(cli: Cli) -> None:
    env = {
        "MP_USERNAME": "u",
        "MP_SECRET": "SUPERSECRET-42",
        "MP_PROJECT_ID": "1000",
        "MPNB_BASE_URL": "http://127.0.0.1:9",
    }
    result = cli("dashboards", "list", env=env)
    assert result.exit_code in (1, 3)  # nothing listens on port 9: a transport error
    assert "SUPERSECRET-42" not in result.output + result.stderr
    partial = cli("dashboards", "list", env={"MP_USERNAME": "u"})
    assert partial.exit_code == 3 and "MP_SECRET" in partial.stderr


def test_sandbox_reset(cli: Cli) -> None:
    cli.json("dashboards", "create", "--title", "temp")
    n = len(cli.json("dashboards", "list"))
    out = cli("sandbox", "reset", "--seed", "3", "--size", "16")
    assert out.exit_code == 0
    assert len(cli.json("dashboards", "list")) < n
    assert len(cli.json("reports", "list")) < 30


def test_sandbox_serve_prints_exports_and_serves(tmp_path: Path) -> None:
    """`mpnb sandbox serve` as a real process; the CLI then talks to it over loopback HTTP."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MP_", "MPNB_"))}
    env["MPNB_HOME"] = str(tmp_path)
    state = tmp_path / "served.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mpnb.cli", "sandbox", "serve", "--port", "0", "--state", str(state), "--size", "20"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        exports = dict(proc.stdout.readline().strip().removeprefix("export ").split("=", 1) for _ in range(5))
        assert exports["MP_PROJECT_ID"] == "1000" and exports["MPNB_BASE_URL"].startswith("http://127.0.0.1:")
        env.update(exports)
        made = subprocess.run(
            [sys.executable, "-m", "mpnb.cli", "dashboards", "create", "--title", "over http"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert made.returncode == 0, made.stderr
        did = json.loads(made.stdout)["id"]
        r = httpx.get(
            f"{exports['MPNB_BASE_URL']}/api/app/projects/1000/dashboards/{did}",
            auth=(exports["MP_USERNAME"], exports["MP_SECRET"]),
        )
        assert r.json()["results"]["title"] == "over http"
        stored = Sandbox(state=state).store.get("dashboards", did)  # the .json path names served.sqlite3
        assert stored is not None and stored["title"] == "over http"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_deps_lists_what_a_board_delete_takes_and_what_a_report_uses(cli: Cli) -> None:
    reports = cli.json("reports", "list")
    board = next(r["dashboard_id"] for r in reports if r["dashboard_id"] is not None)
    rows = cli.json("deps", "dashboards", str(board))
    saved = {r["id"] for r in reports if r["dashboard_id"] == board}
    taken = {r["id"] for r in rows if r["relation"] == "deleted with it" and r["family"] == "reports"}
    assert saved <= taken
    report = next(iter(saved))
    uses = cli.json("deps", "reports", str(report))
    assert {"relation": "uses", "family": "dashboards", "id": board} in [
        {k: r[k] for k in ("relation", "family", "id")} for r in uses
    ]
    bad = cli("deps", "dashboards", "nope")
    assert bad.exit_code == 4 and "integers" in bad.stderr
