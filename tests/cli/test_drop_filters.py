"""``mpnb drop-filters`` on the CLI's file-backed sandbox."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Cli

COND = [
    {"resourceType": "event", "value": "env", "filterType": "string", "filterOperator": "equals", "filterValue": "x"}
]


def test_drop_filters_round_trip(cli: Cli) -> None:
    before = cli.json("drop-filters", "list")
    limit = cli.json("drop-filters", "limits")["filter_limit"]
    assert len(before) < limit
    made = cli.json("drop-filters", "create", "--event-name", "Noise", "--filters", json.dumps(COND))
    new = max(made, key=lambda f: f["id"])
    assert new["event_name"] == "Noise" and cli.json("drop-filters", "get", str(new["id"]))["active"] is True
    paused = cli.json("drop-filters", "update", str(new["id"]), "--no-active")
    assert next(f for f in paused if f["id"] == new["id"])["active"] is False
    deleted = cli.json("drop-filters", "delete", str(new["id"]))
    assert deleted["deleted"] == [new["id"]] and Path(deleted["backup"]).exists()
    assert len(cli.json("drop-filters", "list")) == len(before)
    assert cli("drop-filters", "create", "--event-name", "x", "--filters", "[]").exit_code != 0
