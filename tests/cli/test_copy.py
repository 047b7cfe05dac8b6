"""``mpnb copy`` on the CLI's default sandbox: project 1000 -> 1001, plan first, --yes applies, re-runs are reads."""

from __future__ import annotations

import json

from tests.cli.conftest import Cli


def test_copy_prints_the_plan_applies_with_yes_and_a_rerun_sends_nothing(cli: Cli) -> None:
    board = cli.json("dashboards", "list")[0]
    flag = next(f for f in cli.json("flags", "list") if not f.get("experiment_id"))
    args = ["copy", "--to-project-id", "1001", "--dashboards", str(board["id"]), "--flags", flag["key"]]
    dry = cli(*args, "--dry-run")
    assert dry.exit_code == 0 and "create" in dry.stdout and "dashboard" in dry.stdout
    unconfirmed = cli(*args)
    assert unconfirmed.exit_code == 8 and "--yes" in unconfirmed.stderr  # no terminal: nothing applied
    done = cli("--format", "json", *args, "--yes")
    assert done.exit_code == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["applied"] and {r["status"] for r in doc["results"]} == {"ok"}
    target = {r["family"]: r["target_id"] for r in doc["results"] if r["family"] in ("dashboards", "flags")}
    copied = cli.json("--workspace-id", "3", "dashboards", "get", str(target["dashboards"]))
    assert copied["title"] == board["title"]
    again = cli("--format", "json", *args, "--yes")
    assert again.exit_code == 0 and "already holds" in again.stderr
    assert {r["action"] for r in json.loads(again.stdout)["plan"]} == {"skip"}


def test_copy_refuses_bad_options_before_any_request(cli: Cli) -> None:
    bad = cli("copy", "--to-project-id", "1001", "--dashboards", "x")
    assert bad.exit_code == 2 and "--dashboards" in bad.stderr
    malformed = cli("copy", "--to-project-id", "1001", "--map", "cohorts=3")
    assert malformed.exit_code == 2 and "FAMILY:SOURCE=TARGET" in malformed.stderr
    unresolved = cli("copy", "--to-project-id", "1001", "--reports", "1", "--no-follow", "--yes")
    assert unresolved.exit_code == 8 and "--map" in unresolved.stderr
