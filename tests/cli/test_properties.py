"""``mpnb properties`` on the CLI's file-backed sandbox: event and user properties by name and kind."""

from __future__ import annotations

import json

from tests.cli.conftest import Cli


def test_list_by_kind_get_update(cli: Cli) -> None:
    users = cli.json("properties", "list", "--resource-type", "User")
    assert users and {p["resource_type"] for p in users} == {"User"}
    both = cli.json("properties", "list")
    assert {p["resource_type"] for p in both} == {"Event", "User"}
    assert cli.json("properties", "get", "email", "--resource-type", "user")["sensitive"] is False
    made = cli.json("properties", "update", "email", "--resource-type", "User", "--sensitive")
    assert made["sensitive"] is True and made["resource_type"] == "User"
    assert cli.json("properties", "get", "email")["sensitive"] is False  # the event property is another one
    assert cli("properties", "get", "nothing-here").exit_code == 4


def test_bulk_update_and_include_events(cli: Cli) -> None:
    entries = [{"name": "phone", "resource_type": "Event", "sensitive": True}]
    assert cli.json("properties", "bulk-update", "--entries", json.dumps(entries))[0]["sensitive"] is True
    rows = cli.json("properties", "list", "--resource-type", "Event", "--include-events")
    assert any(p.get("events") for p in rows)
