"""``mpnb custom-events`` on the CLI's file-backed sandbox."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Cli


def test_custom_events_round_trip(cli: Cli) -> None:
    made = cli.json("custom-events", "create", "--name", "Checkout Any", "--event", "Checkout", "--event", "checkout")
    assert [a["event"] for a in made["alternatives"]] == ["Checkout", "checkout"]
    listed = {c["custom_event_id"]: c for c in cli.json("custom-events", "list")}
    assert made["id"] in listed and str(made["id"]) in cli("custom-events", "list", "-q").stdout.splitlines()
    updated = cli.json("custom-events", "update", str(made["id"]), "--description", "Either spelling", "--tag", "core")
    assert updated["description"] == "Either spelling" and updated["custom_event_id"] == made["id"]
    assert cli("custom-events", "create", "--name", "x", "--event", "No Such Event").exit_code == 4
    deleted = cli.json("custom-events", "delete", str(made["id"]))
    assert deleted["deleted"] == [made["id"]] and Path(deleted["backup"]).exists()
    assert cli("custom-events", "get", str(made["id"])).exit_code == 4
