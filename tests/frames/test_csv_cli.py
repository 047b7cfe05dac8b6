"""CSV dialect round trips and the CLI's export / apply, through CliRunner and the file-backed sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import mpnb as mp
from mpnb.cli import main
from mpnb.errors import InputError
from mpnb.frames._csv import parse_csv, read_csv, write_csv
from mpnb.frames._families import SPECS


def test_csv_dialect_null_vs_empty_string_and_json() -> None:
    text = 'id,name,description,params\n1,"a, b","","{""x"":1}"\n2,plain,,"{""y"":[1,2]}"\n,new,"say ""hi""\nthere",\n'
    rows = parse_csv(text)
    assert rows[1] == [("1", False), ("a, b", True), ("", True), ('{"x":1}', True)]
    df = read_csv(text, SPECS["reports"])
    assert df.loc[1, "description"] == "" and pd.isna(df.loc[2, "description"])
    assert df.loc[2, "params"] == {"y": [1, 2]} and df.loc[1, "params"] == {"x": 1}
    assert pd.isna(df.index[2]) and df.iloc[2]["description"] == 'say "hi"\nthere'


def test_csv_round_trip_of_a_frame(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    df.iloc[0, df.columns.get_loc("description")] = ""
    df.iloc[1, df.columns.get_loc("description")] = None
    df.iloc[2, df.columns.get_loc("name")] = 'Comma, "quotes" and\nnewline é'
    back = read_csv(write_csv(df), SPECS["reports"])
    assert list(back.index) == list(df.index) and list(back.columns) == list(df.columns)
    for col in ["name", "description", "dashboard_id", "is_visibility_restricted", "created", "modified"]:
        assert back[col].equals(df[col]), col
    assert list(back["params"]) == list(df["params"])
    assert str(back["name"].dtype) == "string" and str(back["created"].dtype).startswith("datetime64")


def test_csv_without_id_or_with_bad_ids_is_refused() -> None:
    with pytest.raises(mp.InputError, match="no 'id' column"):
        read_csv("name\nx\n", SPECS["reports"])
    with pytest.raises(mp.InputError, match="'abc' is not an integer"):
        read_csv("id,name\nabc,x\n", SPECS["reports"])


def _unparse(rows: list[list[tuple[str, bool]]]) -> str:
    quote = lambda t: '"' + t.replace('"', '""') + '"'  # noqa: E731
    return "\n".join(",".join(quote(t) if q else t for t, q in r) for r in rows) + "\n"


def _run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_export_edit_apply_round_trip(tmp_path: Path) -> None:
    code, out, _ = _run("reports", "export", "--format", "csv")
    assert code == 0 and out.startswith("id,")
    rows = parse_csv(out)
    col = [h for h, _ in rows[0]].index("name")
    first, second = rows[1][0][0], rows[2][0][0]
    rows[1][col] = ("Renamed from a file", True)
    edited = _unparse(rows)
    path = tmp_path / "reports.csv"
    path.write_text(edited, encoding="utf-8")

    code, out, err = _run("reports", "apply", str(path))  # no --yes, no terminal: plan only, exit 8
    assert code == 8 and "Plan for reports on SANDBOX" in out and "1 update" in out and "--yes" in err
    code, out, _ = _run("reports", "get", first)
    assert json.loads(out)["name"] != "Renamed from a file"

    code, out, _ = _run("reports", "apply", str(path), "--yes")
    assert code == 0 and f"{first},update,ok," in out
    assert json.loads(_run("reports", "get", first)[1])["name"] == "Renamed from a file"
    code, out, _ = _run("reports", "apply", str(path), "--yes")
    assert code == 0 and "no changes" in out

    code, out, _ = _run("reports", "apply", str(path), "--yes", "--delete", second)
    assert code == 0 and f"{second},delete,ok," in out
    assert _run("reports", "get", second)[0] != 0


def test_cli_apply_reports_conflicts_from_a_stale_export(tmp_path: Path) -> None:
    _, out, _ = _run("dashboards", "export")
    rows = parse_csv(out)
    header = [h for h, _ in rows[0]]
    did = rows[1][0][0]
    _run("dashboards", "update", did, "--description", "changed on the server")
    rows[1][header.index("title")] = ("Title from the file", True)
    path = tmp_path / "boards.csv"
    path.write_text(_unparse(rows), encoding="utf-8")
    code, out, err = _run("dashboards", "apply", str(path), "--yes")
    assert "conflicts (skipped" in out and "Title from the file" in out and code == 5 and "conflict" in err
    assert json.loads(_run("dashboards", "get", did)[1])["title"] != "Title from the file"


def test_cli_export_json(tmp_path: Path) -> None:
    code, out, _ = _run("dashboards", "export", "--format", "json")
    records = json.loads(out)
    assert code == 0 and records and {"id", "title"} <= set(records[0])


def test_parse_csv_cells_line_ends_and_quotes() -> None:
    assert parse_csv('id,name\r\n1,""\r\n2,\r\n') == [
        [("id", False), ("name", False)],
        [("1", False), ("", True)],  # a quoted empty cell is the empty string ...
        [("2", False), ("", False)],  # ... an unquoted one is missing
    ]
    quoted = [[("id", False), ("x", False)], [("3", False), ('a,"b"\nc', True)]]
    assert parse_csv('\ufeffid,x\r3,"a,""b""\nc"') == quoted
    assert parse_csv("id\n\n4\n") == [[("id", False)], [("4", False)]]  # blank lines are skipped
    assert parse_csv("") == []
    for bad in ('id,x\n1,a"b\n', 'id,x\n1,"a"b\n', 'id,x\n1,"open\n'):
        with pytest.raises(InputError, match="malformed CSV at line 2"):
            parse_csv(bad)


def test_untyped_columns_read_counts_text_json_and_the_quoted_empty_string() -> None:
    text = 'id,name,note,extra\n1,a,"",7\n2,b,key0a3f,"{""x"": [1]}"\n3,c,TRUE,007\n'
    df = read_csv(text, SPECS["reports"])
    assert df["note"].tolist() == ["", "key0a3f", True]
    assert df["extra"].tolist() == [7, {"x": [1]}, "007"]
