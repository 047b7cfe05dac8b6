"""``mpnb flags`` on the CLI's file-backed sandbox: every command, state kept between commands."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Cli

RULES = {
    "variants": [
        {"key": "A", "value": "a", "is_control": True, "split": 0.5},
        {"key": "B", "value": "b", "is_control": False, "split": 0.5},
    ],
    "rollout": [
        {"name": "Staff", "rollout_percentage": 1.0, "variant_splits": {"A": 0.0, "B": 1.0}},
        {"name": "Rest", "rollout_percentage": 0.3, "variant_splits": {"A": 0.5, "B": 0.5}},
    ],
}


def test_flags_round_trip(cli: Cli) -> None:
    seeded = cli.json("flags", "list")
    assert seeded and all(f["status"] != "archived" for f in seeded)
    assert len(cli.json("flags", "list", "--include-archived")) > len(seeded)

    made = cli.json(
        "flags", "create", "--name", "Cards", "--key", "cards", "--description", "New cards",
        "--tags", "ui, home", "--context", "device_id", "--serving-method", "server", "--ruleset", json.dumps(RULES),
    )  # fmt: skip
    fid = made["id"]
    assert (made["status"], made["tags"], made["context"], made["serving_method"]) == (
        "disabled",
        ["ui", "home"],
        "device_id",
        "server",
    )
    assert cli.json("flags", "get", fid)["key"] == "cards"  # state persisted between commands

    users = cli.json("flags", "set-test-users", fid, "--users", '{"A": "qa-1", "B": "qa-2"}')
    assert users["test_users"] == {"qa-1": "A", "qa-2": "B"}

    # only --status given: everything else, test users included, is kept (PUT filled from the flag)
    enabled = cli.json("flags", "update", fid, "--status", "enabled")
    assert enabled["status"] == "enabled" and enabled["description"] == "New cards"
    assert (enabled["context"], enabled["serving_method"], enabled["tags"]) == ("device_id", "server", ["ui", "home"])
    assert [g["name"] for g in enabled["ruleset"]["rollout"]] == ["Staff", "Rest"]
    assert enabled["ruleset"]["test"]["users"] == {"qa-1": "A", "qa-2": "B"}

    refused = cli("flags", "delete", fid)
    assert refused.exit_code == 4 and "disable it first" in refused.stderr
    assert cli.json("flags", "update", fid, "--status", "disabled", "--tags", "")["tags"] == []

    copy = cli.json("flags", "duplicate", fid)
    assert copy["id"] != fid and copy["key"].startswith("cards")
    assert cli.json("flags", "archive", fid)["done"] == "archive"
    assert fid not in {f["id"] for f in cli.json("flags", "list")}
    assert cli.json("flags", "restore", fid)["status"] == "disabled"

    history = cli.json("flags", "history", fid, "--limit", "2")
    assert len(history) == 2 and set(history[0]) == {"id", "action", "timestamp", "user", "changes"}
    assert len(cli.json("flags", "history", fid, "--all")) >= 5
    limits = cli.json("flags", "limits")
    assert limits["current_usage"] == len(cli.json("flags", "list"))

    deleted = cli.json("flags", "delete", fid)
    assert deleted["deleted"] == [fid] and Path(deleted["backup"]).exists()
    gone = cli("flags", "get", fid)
    assert gone.exit_code == 4


def test_bad_input_is_refused_with_a_clear_exit(cli: Cli) -> None:
    fid = cli.json("flags", "list")[0]["id"]
    bad_json = cli("flags", "update", fid, "--ruleset", "{not json")
    assert bad_json.exit_code == 2 and "--ruleset" in bad_json.output
    bad_split = json.dumps({"variants": [dict(v, split=0.9) for v in RULES["variants"]], "rollout": []})
    r = cli("flags", "create", "--name", "x", "--key", "x", "--ruleset", bad_split)
    assert r.exit_code == 4 and "sum to 1" in r.stderr
    r = cli("flags", "set-test-users", fid, "--users", '{"nobody": "nothing"}')
    assert r.exit_code == 4 and "variant" in r.stderr
    r = cli("flags", "create", "--name", "x", "--key", "x", "--serving-method", "edge")
    assert r.exit_code == 2


def test_table_output(cli: Cli) -> None:
    out = cli("--format", "table", "flags", "list", env={"COLUMNS": "200"})
    assert out.exit_code == 0
    assert out.stdout.splitlines()[0].split() == [
        "id",
        "name",
        "key",
        "status",
        "context",
        "serving_method",
        "modified",
    ]


def test_update_of_one_option_reads_the_flag_once_and_puts_once(cli: Cli) -> None:
    from mpnb.sandbox import default_sandbox

    fid = cli.json("flags", "list")[0]["id"]
    box = default_sandbox()
    start = len(box.requests)
    out = cli.json("flags", "update", fid, "--description", "said once")
    sent = [m for m, p in box.requests[start:] if "feature-flags" in p]
    assert sent == ["GET", "PUT"] and out["description"] == "said once"
