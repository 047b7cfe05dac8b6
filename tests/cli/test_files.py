"""What ``apply`` and the JSON options read: encodings named as such, malformed JSON as malformed JSON (exit 2),
JSON nested too deeply refused before any request (exit 4, one line, the field named), pandas' JSON accepted."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from mpnb._models import MAX_DEPTH
from tests.cli.conftest import Cli, errors_of


def _deep(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


def _requests(cli: Cli) -> int:
    from mpnb.sandbox import default_sandbox

    return len(default_sandbox().requests)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_a_utf16_csv_is_named_as_such_with_the_fix(cli: Cli, tmp_path: Path, encoding: str) -> None:
    text = cli("annotations", "export").stdout
    path = tmp_path / "annotations.csv"
    path.write_bytes(text.encode(encoding))
    result = cli("annotations", "apply", str(path), "--dry-run")
    lines = errors_of(result)
    assert result.exit_code == 4 and len(lines) == 1, result.output
    assert str(path) in lines[0] and "UTF-" in lines[0] and "iconv" in lines[0]
    assert "sandbox" not in lines[0] and "Traceback" not in result.output


def test_a_latin1_csv_names_the_byte_and_line(cli: Cli, tmp_path: Path) -> None:
    text = cli("annotations", "export").stdout.replace("Release", "Relé", 1)
    path = tmp_path / "a.csv"
    path.write_bytes(text.encode("latin-1", "replace"))
    result = cli("annotations", "apply", str(path), "--dry-run")
    assert result.exit_code == 4 and "not UTF-8 (byte 0xe9 on line 2)" in result.stderr, result.stderr


def test_a_json_object_piped_to_apply_is_malformed_json_not_csv(cli: Cli) -> None:
    result = cli("reports", "apply", "-", "--dry-run", input='{"a":1}')
    assert result.exit_code == 2 and "malformed JSON" in result.stderr and "array of objects" in result.stderr
    assert "CSV" not in result.stderr
    broken = cli("reports", "apply", "-", "--dry-run", input='[{"id": 1,')
    assert broken.exit_code == 2 and "malformed JSON" in broken.stderr and "line 1" in broken.stderr


def test_an_export_piped_back_through_stdin_plans_nothing(cli: Cli) -> None:
    exported = cli("reports", "export", "--format", "json").stdout
    result = cli("reports", "apply", "-", "--dry-run", input=exported)
    assert result.exit_code == 0 and "no changes" in result.stdout, result.output


@pytest.mark.parametrize("levels", [MAX_DEPTH + 5, 5000])
def test_deep_json_in_an_option_is_refused_before_any_request(cli: Cli, levels: int) -> None:
    cli("reports", "list")  # the sandbox exists; count from here
    before = _requests(cli)
    result = cli(
        "reports", "create", "--name", "deep", "--type", "insights", "--dashboard-id", "1", "--params", _deep(levels)
    )
    lines = errors_of(result)
    assert result.exit_code == 4 and len(lines) == 1, result.output
    assert "--params" in lines[0] and f"more than {MAX_DEPTH} levels" in lines[0] and "Traceback" not in result.output
    assert _requests(cli) == before


def test_deep_json_in_a_file_cell_is_refused_naming_the_column(cli: Cli, tmp_path: Path) -> None:
    records = json.loads(cli("reports", "export", "--format", "json").stdout)
    records[0]["params"] = json.loads(_deep(MAX_DEPTH + 5))
    path = tmp_path / "r.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    result = cli("reports", "apply", str(path), "--dry-run")
    assert result.exit_code == 4 and "'params'" in result.stderr and "levels" in result.stderr, result.stderr
    very = tmp_path / "v.json"
    very.write_text("[" + _deep(5000) + "]", encoding="utf-8")
    result = cli("reports", "apply", str(very), "--dry-run")
    assert result.exit_code == 4 and "levels" in result.stderr and "Traceback" not in result.output


def test_a_number_too_long_to_read_is_one_line(cli: Cli) -> None:
    result = cli("alerts", "bulk-update", "--entries", '[{"id": ' + "9" * 5000 + ', "paused": true}]')
    assert result.exit_code == 4 and "--entries" in result.stderr and "Traceback" not in result.output


def test_params_nested_too_deep_are_an_input_error_in_python(ws: object) -> None:
    import mpnb as mp

    deep: dict[str, object] = {}
    cur = deep
    for _ in range(5000):
        cur["a"] = cur = {}
    with pytest.raises(mp.InputError) as info:
        mp.CreateBookmarkParams(name="x", bookmark_type="insights", params=deep, dashboard_id=1)
    assert info.value.field == "params" and "levels" in str(info.value)
    with pytest.raises(mp.InputError):
        mp.CreateBookmarkParams.model_validate({"name": "x", "type": "insights", "params": deep, "dashboard_id": 1})
    ok = mp.CreateBookmarkParams(name="x", bookmark_type="insights", params=json.loads(_deep(50)), dashboard_id=1)
    assert ok.params


@pytest.mark.filterwarnings("ignore:'epoch' date format is deprecated")
def test_pandas_json_of_annotations_round_trips(cli: Cli, tmp_path: Path) -> None:
    """``pd.read_json`` turns the dates into datetimes and ``to_json`` writes them as epoch milliseconds."""
    df = pd.read_json(io.StringIO(cli("annotations", "export", "--format", "json").stdout))
    path = tmp_path / "a.json"
    path.write_text(df.to_json(orient="records", date_format="epoch"), encoding="utf-8")
    same = cli("annotations", "apply", str(path), "--dry-run")
    assert same.exit_code == 0 and "no changes" in same.stdout, same.output
    df.loc[0, "description"] = "edited in pandas"
    path.write_text(df.to_json(orient="records", date_format="epoch"), encoding="utf-8")
    done = cli("annotations", "apply", str(path), "--yes")
    assert done.exit_code == 0, done.output
    assert cli.json("annotations", "get", str(int(df.loc[0, "id"])))["description"] == "edited in pandas"
