"""``mpnb annotations`` on the CLI's file-backed sandbox."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Cli


def test_annotations_round_trip(cli: Cli) -> None:
    tag = cli.json("annotations", "tags", "create", "--name", "release-train")
    made = cli.json(
        "annotations",
        "create",
        "--date",
        "2025-03-31 00:00:00",
        "--description",
        "v2.0 launch",
        "--tags",
        str(tag["id"]),
    )
    aid = made["id"]
    assert made["date"] == "2025-03-31T00:00:00Z" and made["tags"][0]["name"] == "release-train"
    assert cli.json("annotations", "get", str(aid))["description"] == "v2.0 launch"  # state persisted

    ranged = cli.json("annotations", "list", "--from", "2025-03-01", "--to", "2025-03-31")
    assert aid in [a["id"] for a in ranged]  # the demo data has annotations in this range too
    assert all("2025-03-01" <= a["date"][:10] <= "2025-03-31" for a in ranged)
    assert [a["id"] for a in cli.json("annotations", "list", "--tags", f"{tag['id']},999")] == [aid]
    assert len(cli.json("annotations", "list")) > 1

    updated = cli.json("annotations", "update", str(aid), "--description", "v2.0 (EU)", "--tags", "1")
    assert updated["description"] == "v2.0 (EU)" and [t["id"] for t in updated["tags"]] == [1]
    tags = {t["name"]: t for t in cli.json("annotations", "tags", "list")}
    assert tags["release-train"]["has_annotations"] is False

    deleted = cli.json("annotations", "delete", str(aid))
    assert deleted["deleted"] == [aid] and Path(deleted["backup"]).exists()
    assert cli("annotations", "get", str(aid)).exit_code == 4


def test_date_cannot_be_changed(cli: Cli) -> None:
    aid = cli.json("annotations", "list")[0]["id"]
    result = cli("annotations", "update", str(aid), "--date", "2025-01-01 00:00:00")
    assert result.exit_code == 2 and "immutable" in result.stderr


def test_bad_dates_and_ids_are_clear_errors(cli: Cli) -> None:
    bad_create = cli("annotations", "create", "--date", "31/03/2025", "--description", "x")
    assert bad_create.exit_code == 4 and "%Y-%m-%d %H:%M:%S" in bad_create.stderr
    bad_from = cli("annotations", "list", "--from", "March")
    assert bad_from.exit_code == 4 and "from_date" in bad_from.stderr
    bad_tags = cli("annotations", "list", "--tags", "release")
    assert bad_tags.exit_code == 2 and "--tags" in bad_tags.stderr
    long = cli("annotations", "create", "--date", "2025-01-01", "--description", "x" * 513)
    assert long.exit_code == 4 and "512" in long.stderr


def test_table_output(cli: Cli) -> None:
    result = cli("annotations", "tags", "list", "--format", "table")
    assert result.exit_code == 0
    header = result.stdout.splitlines()[0].split()
    assert header == ["id", "name", "has_annotations"] and "release" in result.stdout
