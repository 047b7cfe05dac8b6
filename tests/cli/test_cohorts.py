"""``mpnb cohorts`` on the CLI's file-backed sandbox: every command, state kept between commands."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Cli


def test_cohorts_round_trip(cli: Cli) -> None:
    seeded = cli.json("cohorts", "list")
    assert len(seeded) >= 10 and {"id", "name", "count", "referenced_by"} <= set(seeded[0])
    grouped = cli.json("cohorts", "list", "--data-group-id", "company")
    assert grouped and {c["data_group_id"] for c in grouped} == {"company"}
    two = cli.json("cohorts", "list", "--ids", f"{seeded[0]['id']},{seeded[1]['id']}")
    assert sorted(c["id"] for c in two) == sorted([seeded[0]["id"], seeded[1]["id"]])

    made = cli.json(
        "cohorts", "create", "--name", "Buyers", "--description", "Bought once",
        "--definition", json.dumps({"behaviors": {"bhvr_0": {"event": "Purchase"}}}),
    )  # fmt: skip
    cid = made["id"]
    assert made["behaviors"] == {"bhvr_0": {"event": "Purchase"}}  # sent flattened, kept at top level
    assert cli.json("cohorts", "get", str(cid))["name"] == "Buyers"  # state persisted between commands

    updated = cli.json("cohorts", "update", str(cid), "--name", "Super Users")
    assert (updated["name"], updated["description"]) == ("Super Users", "Bought once")

    other = seeded[2]["id"]
    entries = json.dumps([{"id": cid, "name": "Renamed"}, {"id": other, "description": "U"}])
    assert cli.json("cohorts", "bulk-update", "--entries", entries) == {"updated": [cid, other]}
    assert cli.json("cohorts", "get", str(cid))["name"] == "Renamed"
    assert cli.json("cohorts", "get", str(other))["description"] == "U"

    gone = cli.json("cohorts", "delete", str(cid))
    assert gone["deleted"] == [cid] and Path(gone["backup"]).exists()
    assert cli("cohorts", "get", str(cid)).exit_code == 4


def test_bulk_delete_and_dependant_warning(cli: Cli) -> None:
    seeded = cli.json("cohorts", "list")
    used = next(c for c in seeded if c["referenced_by"])
    result = cli("cohorts", "delete", str(used["id"]))
    assert result.exit_code == 0
    assert f"referenced by {used['referenced_by']}" in result.stderr

    a = cli.json("cohorts", "create", "--name", "A")["id"]
    b = cli.json("cohorts", "create", "--name", "B")["id"]
    out = cli.json("cohorts", "bulk-delete", "--ids", f"{a},{b}")
    assert out["deleted"] == [a, b] and Path(out["backup"]).exists()
    assert cli.json("cohorts", "list", "--ids", f"{a},{b}") == []


def test_cli_errors_have_distinct_exit_codes(cli: Cli) -> None:
    assert cli("cohorts", "get", "x").exit_code == 2  # not an integer: usage
    assert cli("cohorts", "create", "--name", "x", "--definition", "{bad").exit_code == 2
    assert cli("cohorts", "bulk-delete", "--ids", "1,x").exit_code == 2
    r = cli("cohorts", "bulk-delete", "--ids", "1,999999")
    assert r.exit_code == 4 and "999999" in r.stderr
    r = cli("cohorts", "bulk-update", "--entries", '[{"id": 1, "nme": "x"}]')
    assert r.exit_code == 4 and "did you mean 'name'" in r.stderr
    r = cli("cohorts", "update", "1")
    assert r.exit_code == 4 and "nothing to update" in r.stderr


def test_table_format(cli: Cli) -> None:
    r = cli("cohorts", "list", "--format", "table")
    assert r.exit_code == 0 and r.stdout.splitlines()[0].split()[:3] == ["id", "name", "count"]
