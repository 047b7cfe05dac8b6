"""A damaged sandbox state, as the shell and Python see it: one line naming the file and the fix, exit 3
("a damaged sandbox state" in the README), never a ``sqlite3.DatabaseError`` traceback."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import mpnb as mp
from mpnb import errors
from mpnb.sandbox import DEMO_PROJECT_ID, DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxServer, default_sandbox_path
from tests.cli.conftest import Cli, errors_of


def _truncated(path: Path) -> None:
    Sandbox(seed=1, size=200, state=path).close()
    os.truncate(path, path.stat().st_size // 2)


def _spoiled_row(path: Path, table: str, key: str) -> None:
    Sandbox(seed=1, size=40, state=path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f'UPDATE "{table}" SET body = substr(body, 1, 30) WHERE project = 1000 AND id = ?', (key,))


def _one_line(result: object, *words: str) -> None:
    lines = errors_of(result)  # type: ignore[arg-type]
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ") and all(w in lines[0] for w in words), lines[0]
    assert lines[0].count(" is damaged") == 1, lines[0]  # said once, not wrapped in a second message
    assert "Traceback" not in result.stderr and "DatabaseError" not in result.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize("damage", ["truncated", "not a database"])
def test_a_damaged_default_sandbox_is_one_line_and_exit_3(cli: Cli, damage: str) -> None:
    path = default_sandbox_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if damage == "truncated":
        _truncated(path)
    else:
        path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    result = cli("reports", "list", "-q")
    assert result.exit_code == 3
    _one_line(result, str(path), "damaged", "mpnb sandbox reset")


def test_a_record_that_is_not_json_is_named_by_table_and_row(cli: Cli) -> None:
    _spoiled_row(default_sandbox_path(), "dashboards", "2")
    result = cli("dashboards", "get", "2")
    assert result.exit_code == 3
    _one_line(result, "(table dashboards, row 2)", "not valid JSON", "mpnb sandbox reset")


def test_serving_a_damaged_state_file_is_one_line_and_exit_3(cli: Cli, tmp_path: Path) -> None:
    state = tmp_path / "served.sqlite3"
    _truncated(state)
    result = cli("sandbox", "serve", "--state", str(state))
    assert result.exit_code == 3
    _one_line(result, str(state), "damaged", f"rm {state}")


def test_reset_replaces_a_truncated_default_sandbox(cli: Cli) -> None:
    _truncated(default_sandbox_path())
    result = cli("sandbox", "reset", "--size", "10")
    assert result.exit_code == 0 and "replaced it" in result.stderr
    assert cli("reports", "list", "-q").exit_code == 0


@pytest.fixture
def damaged_server(tmp_path: Path) -> Iterator[SandboxServer]:
    state = tmp_path / "served.sqlite3"
    _spoiled_row(state, "bookmarks", "5")
    server = SandboxServer(Sandbox(state=state), "127.0.0.1", 0)
    server.start_in_thread()
    yield server
    server.shutdown()
    server.server_close()


def test_a_served_damaged_record_is_a_server_error_naming_it(damaged_server: SandboxServer) -> None:
    with mp.Workspace(
        base_url=damaged_server.url,
        username=DEMO_USERNAME,
        secret=DEMO_SECRET,
        project_id=DEMO_PROJECT_ID,
        sleep=lambda seconds: None,
    ) as ws:
        with pytest.raises(errors.ServerError, match=r"table bookmarks, row 5"):
            ws.get_bookmark(5)
        assert ws.get_bookmark(6).id == 6
