"""``mpnb events`` on the CLI's file-backed sandbox: names as ids, repeatable options, one bulk request."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Cli


def test_list_get_update_delete(cli: Cli) -> None:
    found = cli.json("events", "list", "--name", "Add to Cart", "--name", "add_to_cart")
    assert sorted(e["name"] for e in found) == ["Add to Cart", "add_to_cart"]
    assert cli.json("events", "get", "Add to Cart")["name"] == "Add to Cart"
    assert cli("events", "get", "No Such Event").exit_code == 4
    made = cli.json("events", "update", "add_to_cart", "--hidden", "--tag", "legacy", "--tag", "cart, old")
    assert made["hidden"] is True and made["tags"] == ["legacy", "cart, old"]  # a comma inside a name is kept
    dry = cli.json("events", "update", "add_to_cart", "--no-hidden", "--dry-run")
    assert dry["dry_run"] is True and cli.json("events", "get", "add_to_cart")["hidden"] is True
    deleted = cli.json("events", "delete", "debug_log")
    assert deleted["deleted"] == ["debug_log"] and Path(deleted["backup"]).exists()
    assert cli("events", "delete", "debug_log").exit_code == 4
    assert cli.json("events", "delete", "debug_log", "--ignore-missing")["missing"] == ["debug_log"]


def test_ids_are_names(cli: Cli) -> None:
    names = cli("events", "list", "-q").stdout.splitlines()
    assert "Add to Cart" in names and "$session_start" in names


def test_bulk_update_is_one_request(cli: Cli) -> None:
    entries = [{"name": n, "hidden": True} for n in ("add_to_cart", "addToCart", "Add To Cart")]
    done = cli.json("events", "bulk-update", "--entries", json.dumps(entries))
    assert [(e["name"], e["hidden"]) for e in done] == [(e["name"], True) for e in entries]
    bad = cli("events", "bulk-update", "--entries", '[{"hidden": true}]')
    assert bad.exit_code != 0


def test_export_edit_apply(cli: Cli, tmp_path: Path) -> None:
    out = cli("events", "export", "--format", "json")
    records = json.loads(out.stdout)
    target = next(r for r in records if r["id"] == "Search")
    target["description"] = "Ran a search"
    path = tmp_path / "events.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    done = cli("events", "apply", str(path), "--yes", "--format", "json")
    doc = json.loads(done.stdout)
    assert doc["results"] == [{"id": "Search", "action": "update", "status": "ok", "error": None}]
    assert cli.json("events", "get", "Search")["description"] == "Ran a search"


def test_deps_of_an_event_names_what_uses_it_directly_and_through_its_reports(cli: Cli) -> None:
    rows = cli.json("deps", "events", "Login")
    direct = {r["id"] for r in rows if r["family"] == "reports" and r["relation"] == "left dangling"}
    reports = [r for r in cli.json("reports", "list") if "Login" in json.dumps(r.get("params"))]
    assert direct and direct == {r["id"] for r in reports if '"name": "Login"' in json.dumps(r["params"])}
    alerts = {r["id"] for r in rows if r["family"] == "alerts" and r["relation"] == "uses it indirectly"}
    watching = {a["id"] for a in cli.json("alerts", "list") if (a.get("bookmark") or {}).get("id") in direct}
    assert alerts and alerts == watching
