"""``mpnb experiments`` on the CLI's file-backed sandbox: the seed's commands and every lifecycle step."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Cli


def test_seed_lifecycle_commands(cli: Cli) -> None:
    made = cli.json("experiments", "create", "--name", "Pricing Page Test", "--hypothesis", "Simpler wins")
    eid = made["id"]
    assert made["status"] == "draft"
    assert cli.json("experiments", "launch", eid)["status"] == "active"
    concluded = cli.json("experiments", "conclude", eid, "--end-date", "2099-04-01")
    assert (concluded["status"], concluded["end_date"]) == ("concluded", "2099-04-01")
    decided = cli.json(
        "experiments", "decide", eid, "--success",
        "--variant", "simplified", "--message", "15% conversion lift confirmed",
    )  # fmt: skip
    assert decided["status"] == "success"
    life = cli.json("experiments", "lifecycle", eid)
    assert life["legal"] == ["archive"] and life["terminal"] and life["concluded"] == "2099-04-01"


def test_decide_as_failure_and_conclude_without_date(cli: Cli) -> None:
    eid = cli.json("experiments", "create", "--name", "Hero Video")["id"]
    cli.json("experiments", "launch", eid)
    assert cli.json("experiments", "conclude", eid)["end_date"]
    assert (
        cli.json("experiments", "decide", eid, "--no-success", "--message", "No significant difference")["status"]
        == "fail"
    )


def test_illegal_moves_exit_4_and_name_the_legal_ones(cli: Cli) -> None:
    eid = cli.json("experiments", "create", "--name", "T")["id"]
    r = cli("experiments", "conclude", eid)
    assert r.exit_code == 4
    assert f"experiment {eid} is draft; conclude needs active; legal now: launch, archive" in r.stderr
    r = cli("experiments", "decide", eid, "--success")
    assert r.exit_code == 4 and "decide needs concluded" in r.stderr
    cli.json("experiments", "launch", eid)
    r = cli("experiments", "launch", eid)
    assert r.exit_code == 4 and "is active; launch needs draft" in r.stderr
    assert cli.json("experiments", "get", eid)["status"] == "active"


def test_crud_archive_restore_duplicate_erf(cli: Cli) -> None:
    seeded = cli.json("experiments", "list")
    everything = cli.json("experiments", "list", "--include-archived")
    assert len(everything) > len(seeded) and {e["status"] for e in seeded} >= {"draft", "active", "concluded"}

    eid = cli.json("experiments", "create", "--name", "Cards", "--settings", '{"confidence_level": 0.95}')["id"]
    updated = cli.json(
        "experiments", "update", eid, "--description", "New cards", "--tags", "ui, home",
        "--variants", json.dumps([{"key": "control"}, {"key": "cards"}]),
    )  # fmt: skip
    assert (updated["description"], updated["tags"], updated["name"]) == ("New cards", ["ui", "home"], "Cards")
    assert updated["settings"] == {"confidence_level": 0.95}

    assert cli.json("experiments", "archive", eid) == {"archived": eid}
    assert eid not in {e["id"] for e in cli.json("experiments", "list")}
    r = cli("experiments", "archive", eid)
    assert r.exit_code == 4 and "legal now: restore" in r.stderr
    assert cli.json("experiments", "restore", eid)["deleted"] is None

    copy = cli.json("experiments", "duplicate", eid, "--name", "Cards again")
    assert copy["id"] != eid and copy["name"] == "Cards again" and copy["status"] == "draft"
    assert cli("experiments", "duplicate", eid).exit_code == 2  # --name is required

    erf = cli.json("experiments", "erf")
    assert erf and all(e["status"] != "draft" for e in erf)

    gone = cli.json("experiments", "delete", eid)
    assert gone["deleted"] == [eid] and Path(gone["backup"]).exists()
    assert cli("experiments", "get", eid).exit_code == 4


def test_bad_input(cli: Cli) -> None:
    eid = cli.json("experiments", "create", "--name", "T")["id"]
    cli.json("experiments", "launch", eid)
    r = cli("experiments", "conclude", eid, "--end-date", "01/04/2026")
    assert r.exit_code == 4 and "end_date" in r.stderr
    assert cli.json("experiments", "get", eid)["status"] == "active"
    assert cli("experiments", "decide", eid).exit_code == 2  # neither --success nor --no-success
    assert cli("experiments", "update", eid, "--variants", '{"a": 1}').exit_code == 2  # must be a JSON array
    r = cli("experiments", "update", eid)
    assert r.exit_code == 4 and "nothing to update" in r.stderr
    r = cli("experiments", "create", "--name", "x" * 256)
    assert r.exit_code == 4 and "name" in r.stderr
