"""Which boards show a report, and what a board's delete takes, are looked up without reading every record.

The linked-boards read runs once per report when a board's delete is planned; reading all 20,895 reports
and 2,500 boards for each took about 3 seconds a call at 20,000 reports (a 40-board plan: over 20 minutes).
Answers are checked against the in-memory store, which scans every record."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from mpnb.sandbox import DEMO_SECRET, DEMO_USERNAME, Sandbox
from mpnb.sandbox.sqlstate import SqlMap

AUTH = {"Authorization": "Basic " + base64.b64encode(f"{DEMO_USERNAME}:{DEMO_SECRET}".encode()).decode()}
P = "/api/app/projects/1000"


def _call(sb: Sandbox, method: str, path: str, body: Any = None, query: dict[str, str] | None = None) -> Any:
    raw = b"" if body is None else json.dumps(body).encode()
    answer = sb.handle(method, P + path, query or {}, AUTH, raw)
    assert answer.status == 200, answer.body
    return json.loads(answer.body) if answer.body else None


def _linked(sb: Sandbox, rid: int) -> list[int]:
    found = _call(sb, "GET", f"/bookmarks/{rid}/linked-dashboard-ids")
    return sorted(found["results"] if isinstance(found, dict) else found)


def _edit(sb: Sandbox) -> tuple[int, int, int]:
    """A linked copy on another board, and a report moved to another board with its card left behind."""
    boards = [b["id"] for b in _call(sb, "GET", "/dashboards")["results"]]
    reports = _call(sb, "GET", "/bookmarks", query={"v": "2"})["results"]
    first, moved = reports[0], reports[5]
    link = {
        "content": {"action": "create", "content_type": "report", "content_params": {"source_bookmark_id": first["id"]}}
    }
    _call(sb, "PATCH", f"/dashboards/{boards[3]}", link)
    _call(sb, "PATCH", f"/bookmarks/{moved['id']}", {"dashboard_id": boards[4]})
    return first["id"], moved["id"], boards[3]


def test_linked_boards_and_board_deletes_agree_with_a_full_scan(tmp_path: Path) -> None:
    memory, stored = Sandbox(seed=3, size=120), Sandbox(seed=3, size=120, state=tmp_path / "s.sqlite3")
    answers = []
    for sb in (memory, stored):
        first, moved, board = _edit(sb)
        reports = [r["id"] for r in _call(sb, "GET", "/bookmarks", query={"v": "2"})["results"]]
        linked = {rid: _linked(sb, rid) for rid in [*reports[:40], first, moved]}
        assert board in linked[first]
        _call(sb, "DELETE", f"/dashboards/{board}")  # takes its reports and their linked copies elsewhere
        left = sorted(r["id"] for r in _call(sb, "GET", "/bookmarks", query={"v": "2"})["results"])
        layouts = {b["id"]: b.get("layout") for b in _call(sb, "GET", "/dashboards")["results"]}
        answers.append((linked, left, layouts))
    assert answers[0] == answers[1]


def test_the_linked_boards_read_parses_only_the_records_it_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sb = Sandbox(seed=3, size=2_000, state=tmp_path / "s.sqlite3", progress=False)
    first, _, _ = _edit(sb)
    parsed: list[str] = []
    real = SqlMap._parse

    def counting(self: SqlMap, key: str, text: str) -> Any:
        parsed.append(key)
        return real(self, key, text)

    monkeypatch.setattr(SqlMap, "_parse", counting)
    assert _linked(sb, first)
    assert len(parsed) < 20, f"parsed {len(parsed)} records for one report's boards"
    board = _call(sb, "GET", "/dashboards")["results"][7]["id"]
    parsed.clear()
    _call(sb, "DELETE", f"/dashboards/{board}")
    assert len(parsed) < 50, f"parsed {len(parsed)} records for one board's delete"
