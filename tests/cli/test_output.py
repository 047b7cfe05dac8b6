"""One output style: formats, ids, columns, tables that fit, UTC dates with Z, true/false booleans."""

from __future__ import annotations

import ast
import csv
import io
import json
import re
from pathlib import Path

import pytest

from mpnb.cli._output import table_text, utc_text
from tests.cli.conftest import Cli

STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
FAMILIES = ["dashboards", "reports", "cohorts", "flags", "experiments", "alerts", "annotations", "webhooks"]
# the data dictionary's (command names)
FAMILIES += ["events", "properties", "lexicon-tags", "drop-filters", "custom-events", "custom-properties"]


def _times(value: object) -> list[str]:
    """Every string in ``value`` that looks like a date-time, in any style."""
    found: list[str] = []
    if isinstance(value, dict):
        for v in value.values():
            found += _times(v)
    elif isinstance(value, list):
        for v in value:
            found += _times(v)
    elif isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", value):
        found.append(value)
    return found


@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_lists_times_in_one_style(cli: Cli, family: str) -> None:
    listed = cli.json(family, "list")
    times = _times(listed)
    assert all(STAMP.match(t) for t in times), [t for t in times if not STAMP.match(t)][:3]


def test_times_and_booleans_agree_across_formats(cli: Cli) -> None:
    as_json = cli.json("dashboards", "list")
    out = cli("dashboards", "list", "--format", "csv", "--columns", "id,is_private,modified")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows and {r["is_private"] for r in rows} <= {"true", "false"}
    assert [r["modified"] for r in rows] == [d["modified"] for d in as_json]
    assert all(STAMP.match(r["modified"]) for r in rows)


def test_utc_text_converts_zones_and_takes_naive_as_utc() -> None:
    from datetime import datetime, timedelta, timezone

    assert utc_text(datetime(2025, 3, 31, 2, 0, tzinfo=timezone(timedelta(hours=2)))) == "2025-03-31T00:00:00Z"
    assert utc_text(datetime(2025, 3, 31)) == "2025-03-31T00:00:00Z"


def test_quiet_and_ids_print_one_id_a_line(cli: Cli) -> None:
    ids = [str(r["id"]) for r in cli.json("reports", "list")]
    assert cli("reports", "list", "-q").stdout.splitlines() == ids
    assert cli("--format", "ids", "reports", "list").stdout.splitlines() == ids
    assert cli("reports", "bulk-delete", "--ids", ",".join(ids[:2]), "-q").stdout.splitlines() == ids[:2]


def test_columns_pick_fields_in_json_too(cli: Cli) -> None:
    picked = cli.json("reports", "list", "--columns", "name,id")
    assert picked and all(list(r) == ["name", "id"] for r in picked)
    bad = cli("reports", "list", "--columns", "nope")
    assert bad.exit_code == 2 and "nope" in bad.stderr


def test_history_is_objects_in_every_format(cli: Cli) -> None:
    fid = cli.json("flags", "list")[0]["id"]
    events = cli.json("flags", "history", fid)
    assert events and all(isinstance(e, dict) and STAMP.match(e["timestamp"]) for e in events)
    out = cli("flags", "history", fid, "--format", "csv")
    assert out.stdout.splitlines()[0] == "id,action,timestamp,user,changes"


def test_annotation_tags_take_a_format(cli: Cli) -> None:
    out = cli("annotations", "tags", "--format", "csv")
    assert out.exit_code == 0 and out.stdout.splitlines()[0] == "id,name,has_annotations"


def test_a_table_fits_the_width_with_ellipses_and_escaped_newlines() -> None:
    rows = [{"id": 1, "url": "https://hooks.example.com/" + "x" * 80 + "/3f9a/enqueue", "note": "two\nlines"}]
    text = table_text(rows, ["id", "url", "note"], width=50)
    lines = text.splitlines()
    assert len(lines) == 3 and all(len(line) <= 50 for line in lines)
    assert "…" in lines[2] and "two\\n" in lines[2]  # a cut cell ends in an ellipsis; a newline shows as \\n
    wide = table_text(rows, ["id", "url", "note"], width=50, wide=True)
    assert "/3f9a/enqueue" in wide and "two\\nlines" in wide


def test_columns_that_cannot_fit_are_named_on_stderr(cli: Cli) -> None:
    out = cli("reports", "list", "--format", "table", env={"COLUMNS": "30"})
    assert out.exit_code == 0 and all(len(line) <= 30 for line in out.stdout.splitlines())
    assert "not shown for lack of width" in out.stderr and "--wide" in out.stderr
    wide = cli("reports", "list", "--format", "table", "--wide", env={"COLUMNS": "30"})
    assert "bookmark_type" in wide.stdout.splitlines()[0] and "creator_name" in wide.stdout.splitlines()[0]


def test_columns_env_sets_the_width(cli: Cli) -> None:
    narrow = cli("webhooks", "list", "--format", "table", env={"COLUMNS": "60"})
    roomy = cli("webhooks", "list", "--format", "table", env={"COLUMNS": "250"})
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60
    assert max(len(line) for line in roomy.stdout.splitlines()) > 60 and "…" not in roomy.stdout


def test_json_is_valid_for_get_create_and_delete(cli: Cli) -> None:
    made = cli.json("annotations", "create", "--date", "2025-03-31 00:00:00", "--description", "x")
    assert made["date"] == "2025-03-31T00:00:00Z"
    assert json.loads(cli("annotations", "get", str(made["id"])).stdout)["id"] == made["id"]
    assert cli.json("annotations", "delete", str(made["id"]))["deleted"] == [made["id"]]
    again = cli.json("annotations", "create", "--date", made["date"], "--description", "printed form back")
    assert again["date"] == made["date"]


def test_rich_is_imported_only_inside_the_table_printer() -> None:
    """No module of the CLI imports rich at load time (httpx may load it anyway when it is installed)."""
    import mpnb.cli

    for path in Path(mpnb.cli.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "rich" for n in names), f"{path.name} imports rich at load time"
