"""export -> apply in every format for every family: an unedited file plans nothing; edits in JSON apply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Cli

FAMILIES = ["dashboards", "reports", "cohorts", "flags", "experiments", "alerts", "annotations", "webhooks"]
# the data dictionary's (command names)
FAMILIES += ["events", "properties", "lexicon-tags", "drop-filters", "custom-events", "custom-properties"]


def _export(cli: Cli, family: str, fmt: str, tmp_path: Path) -> Path:
    result = cli(family, "export", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    path = tmp_path / f"{family}.{fmt}"
    path.write_text(result.stdout, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("family", FAMILIES)
def test_unedited_export_plans_nothing(cli: Cli, family: str, fmt: str, tmp_path: Path) -> None:
    path = _export(cli, family, fmt, tmp_path)
    if fmt == "json":
        assert isinstance(json.loads(path.read_text(encoding="utf-8")), list)
    result = cli("--format", "json", family, "apply", str(path), "--yes")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # the whole stdout is one JSON document
    plan = doc["plan"]
    assert doc["applied"] is False and doc["results"] is None
    assert plan["family"] == family.replace("-", "_") and set(plan["counts"].values()) == {0}, plan
    assert plan["changes"] == [] and plan["creates"] == [] and plan["deletes"] == []


def test_json_edit_applies_and_results_are_json(cli: Cli, tmp_path: Path) -> None:
    path = _export(cli, "annotations", "json", tmp_path)
    records = json.loads(path.read_text(encoding="utf-8"))
    records[0]["description"] = "edited in JSON"
    path.write_text(json.dumps(records), encoding="utf-8")
    dry = cli("--format", "json", "annotations", "apply", str(path), "--dry-run")
    assert dry.exit_code == 0 and json.loads(dry.stdout)["plan"]["counts"]["update"] == 1
    assert cli.json("annotations", "get", str(records[0]["id"]))["description"] != "edited in JSON"
    done = cli("annotations", "apply", str(path), "--yes", "--format", "json")
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    assert doc["applied"] is True and doc["results"] == [
        {"id": records[0]["id"], "action": "update", "status": "ok", "error": None}
    ]
    assert cli.json("annotations", "get", str(records[0]["id"]))["description"] == "edited in JSON"


@pytest.mark.parametrize("family", ["flags", "experiments", "webhooks"])
def test_apply_delete_takes_string_ids(cli: Cli, family: str, tmp_path: Path) -> None:
    path = _export(cli, family, "csv", tmp_path)
    listed = cli.json(family, "list")
    victim = next(x["id"] for x in listed if x.get("status") in (None, "disabled", "draft"))
    assert isinstance(victim, str)
    result = cli(family, "apply", str(path), "--delete", victim, "--yes", "--format", "json")
    assert result.exit_code == 0, result.output
    assert victim not in {x["id"] for x in cli.json(family, "list")}


def test_apply_with_a_table_file_is_refused_naming_the_fix(cli: Cli, tmp_path: Path) -> None:
    path = _export(cli, "reports", "table", tmp_path)
    result = cli("reports", "apply", str(path), "--yes")
    assert result.exit_code == 4 and "id" in result.stderr


def test_a_mass_delete_needs_its_own_flag_and_the_plan_can_go_to_a_file(cli: Cli, tmp_path: Path) -> None:
    """A delete column written by pandas marks a third of the reports: refused without --allow-mass-delete."""
    import pandas as pd

    path = _export(cli, "reports", "csv", tmp_path)
    df = pd.read_csv(path)
    df["delete"] = df.index % 3 == 0  # written by pandas as True/False
    marked = int(df["delete"].sum())
    df.loc[~df["delete"], "description"] = "kept"
    df.to_csv(path, index=False)
    plan_file = tmp_path / "plan.csv"
    refused = cli("reports", "apply", str(path), "--delete-column", "delete", "--yes", "--plan-out", str(plan_file))
    assert refused.exit_code == 8 and "--allow-mass-delete" in refused.stderr
    assert len(cli.json("reports", "list")) == len(df)  # nothing was sent
    whole = pd.read_csv(plan_file)
    assert (whole["action"] == "delete").sum() == marked and (whole["action"] == "update").sum() > 0
    done = cli("reports", "apply", str(path), "--delete-column", "delete", "--yes", "--allow-mass-delete")
    assert done.exit_code == 0, done.stderr
    assert "deleted" in done.stderr and "backups:" in done.stderr
    assert len(cli.json("reports", "list")) == len(df) - marked
