"""``mpnb custom-properties`` on the CLI's file-backed sandbox."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Cli

COMPOSED = json.dumps({"A": {"value": "amount", "resourceType": "event"}})


def test_custom_properties_round_trip(cli: Cli) -> None:
    args = ["--name", "Double", "--resource-type", "events", "--formula", "A * 2", "--composed", COMPOSED]
    assert cli.json("custom-properties", "validate", *args) == {"valid": True, "errors": []}
    made = cli.json("custom-properties", "create", *args, "--description", "Twice the amount")
    cpid = str(made["custom_property_id"])
    updated = cli.json("custom-properties", "update", cpid, "--name", "Doubled")
    assert updated["name"] == "Doubled" and updated["description"] == "Twice the amount"  # the rest was kept
    assert updated["display_formula"] == "A * 2"
    bad = cli("custom-properties", "create", "--name", "x", "--resource-type", "events", "--formula", "A")
    assert bad.exit_code != 0 and "composed" in bad.stderr
    deleted = cli.json("custom-properties", "delete", cpid)
    assert deleted["deleted"] == [int(cpid)] and Path(deleted["backup"]).exists()
    assert cli("custom-properties", "get", cpid).exit_code == 4
