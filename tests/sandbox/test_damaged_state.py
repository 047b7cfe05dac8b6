"""A damaged state file: one error that names the file (the table and row when one record is to blame)
and the fix; never ``sqlite3.DatabaseError``, never a traceback from the server."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mpnb.sandbox import (
    DEMO_SECRET,
    DEMO_USERNAME,
    Sandbox,
    SandboxServer,
    SandboxStateError,
    SandboxTransport,
    default_sandbox,
    default_sandbox_path,
)


def _seeded(path: Path, size: int = 40) -> Path:
    Sandbox(seed=1, size=size, state=path).close()
    return path


def _client(sb: Sandbox) -> httpx.Client:
    return httpx.Client(transport=SandboxTransport(sb), base_url="http://s/api/app", auth=(DEMO_USERNAME, DEMO_SECRET))


def _spoil_row(path: Path, table: str, key: str, body: str | None = None) -> None:
    with sqlite3.connect(path) as conn:
        if body is None:  # cut short, as a crash in the middle of a hand edit would leave it
            conn.execute(f'UPDATE "{table}" SET body = substr(body, 1, 30) WHERE project = 1000 AND id = ?', (key,))
        else:
            conn.execute(f'UPDATE "{table}" SET body = ? WHERE project = 1000 AND id = ?', (body, key))


@pytest.mark.parametrize("keep", [0.02, 0.5, 0.97])
def test_a_truncated_file_is_named_with_the_fix(tmp_path: Path, keep: float) -> None:
    path = _seeded(tmp_path / "sb.sqlite3", size=400)
    os.truncate(path, int(path.stat().st_size * keep))
    with pytest.raises(SandboxStateError) as caught:
        Sandbox(state=path)
    message = str(caught.value)
    assert str(path) in message and "damaged" in message and f"rm {path}" in message
    assert isinstance(caught.value, ValueError) and caught.value.path == path


def test_a_file_that_is_not_a_database_is_named_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "sb.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    with pytest.raises(SandboxStateError, match=f"the sandbox state {path} is damaged: .*rm {path}"):
        Sandbox(state=path)


def test_the_default_sandbox_points_at_mpnb_sandbox_reset() -> None:
    path = default_sandbox_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 300)
    with pytest.raises(SandboxStateError, match="run `mpnb sandbox reset`"):
        default_sandbox()


@pytest.mark.parametrize(
    ("table", "key", "request_path"),
    [
        ("bookmarks", "5", "/projects/1000/bookmarks/5"),
        ("bookmarks", "5", "/projects/1000/bookmarks"),  # a list sends stored text unparsed
        ("alerts", "2", "/projects/1000/alerts/custom/"),  # a list that SQLite's JSON functions read
        ("dashboards", "1", "/projects/1000/dashboards/1"),
    ],
)
def test_a_record_that_is_not_json_names_its_table_and_row(
    tmp_path: Path, table: str, key: str, request_path: str
) -> None:
    path = _seeded(tmp_path / "sb.sqlite3")
    _spoil_row(path, table, key)
    with _client(Sandbox(state=path)) as raw, pytest.raises(SandboxStateError) as caught:
        raw.get(request_path)
    assert f"(table {table}, row {key})" in str(caught.value) and "not valid JSON" in str(caught.value)


def test_a_write_to_a_damaged_record_changes_nothing(tmp_path: Path) -> None:
    path = _seeded(tmp_path / "sb.sqlite3")
    _spoil_row(path, "bookmarks", "5", "{oops")
    sb = Sandbox(state=path)
    with _client(sb) as raw, pytest.raises(SandboxStateError, match="row 5"):
        raw.patch("/projects/1000/bookmarks/5", json={"name": "renamed"})
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT body FROM bookmarks WHERE id = '5'").fetchone() == ("{oops",)


@pytest.fixture
def damaged_server(tmp_path: Path) -> Iterator[SandboxServer]:
    path = _seeded(tmp_path / "sb.sqlite3")
    _spoil_row(path, "bookmarks", "5", "not json at all")
    server = SandboxServer(Sandbox(state=path), "127.0.0.1", 0)
    server.start_in_thread()
    yield server
    server.shutdown()
    server.server_close()


def test_the_served_sandbox_answers_500_and_logs_one_line(
    damaged_server: SandboxServer, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    with httpx.Client(base_url=f"{damaged_server.url}/api/app", auth=(DEMO_USERNAME, DEMO_SECRET)) as raw:
        for request_path in ("/projects/1000/bookmarks/5", "/projects/1000/bookmarks"):
            resp = raw.get(request_path)
            assert resp.status_code == 500
            body = resp.json()
            assert body["status"] == "error" and "(table bookmarks, row 5)" in body["error"]
        assert raw.get("/projects/1000/bookmarks/6").status_code == 200  # the rest is still served
    warnings = [r for r in caplog.records if r.name == "mpnb.sandbox" and r.levelno >= logging.WARNING]
    assert len(warnings) == 2 and all(r.exc_info is None for r in warnings)
    assert "Traceback" not in capfd.readouterr().err
