"""Contract: which entity is which is decided by ids, and what depends on what by the project graph.

- A delete's plan and backup hold everything the server deletes with it (a board's reports, their linked
  copies on other boards, their alerts): a sweep deleting every board loses nothing outside them.
- Restore recovery after a lost answer or an interrupted run never claims a look-alike that already existed.
Both sandbox doors (in-process and served over loopback) where the wire matters.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import mpnb as mp
from mpnb.sandbox import DEMO_PROJECT_ID, DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxServer


def _quiet(seconds: float) -> None:
    """No backoff waits in tests."""


@pytest.fixture(params=["in-process", "served"])
def sweep_ws(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[mp.Workspace]:
    """A 200-report project (linked copies on other boards among them), through either sandbox door."""
    if request.param == "in-process":
        ws = mp.Workspace.sandbox(size=200, backup_dir=tmp_path / "backups", sleep=_quiet)
        yield ws
        ws.close()
        return
    server = SandboxServer(Sandbox(size=200), "127.0.0.1", 0)
    server.start_in_thread()
    ws = mp.Workspace(
        base_url=server.url,
        username=DEMO_USERNAME,
        secret=DEMO_SECRET,
        project_id=DEMO_PROJECT_ID,
        backup_dir=tmp_path / "backups",
        sleep=_quiet,
    )
    yield ws
    ws.close()
    server.shutdown()
    server.server_close()


def _reports(ws: mp.Workspace) -> dict[int, dict[str, Any]]:
    return {r["id"]: r for r in ws.records("reports").read({"v": 2})}


def test_deleting_every_board_in_turn_loses_nothing_outside_its_plan_and_backup(sweep_ws: mp.Workspace) -> None:
    ws = sweep_ws
    boards = list(ws.dashboards.frame().index)
    other_board_copies = 0
    for bid in boards:
        before = _reports(ws)
        plan = ws.dashboards.plan(ws.dashboards.frame(), delete=[bid])
        planned = {r["id"] for r in plan.cascades.get("reports", [])}
        other_board_copies += sum(1 for i in planned if before[i]["dashboard_id"] != bid)
        result = plan.apply(progress=False)
        assert list(result["status"]) == ["ok"]
        gone = set(before) - set(_reports(ws))
        backup = ws.backups.latest("dashboards")
        assert backup is not None and backup.path is not None
        lines = [json.loads(x) for x in Path(backup.path).read_text().splitlines()[1:]]
        held = {x["record"]["id"] for x in lines if x["role"] == "cascade" and x["family"] == "reports"}
        assert gone == planned == held, f"board {bid}: gone {sorted(gone)}, planned {sorted(planned)}"
    assert other_board_copies > 0  # the demo has linked copies saved to other boards: the sweep met them


def test_a_board_deletes_plan_names_linked_copies_on_other_boards_and_restore_brings_them_back(
    tmp_path: Path,
) -> None:
    ws = mp.Workspace.sandbox(size=200, backup_dir=tmp_path / "b", sleep=_quiet)
    reports = _reports(ws)
    graph = ws.graph()
    board = next(
        b
        for b in ws.dashboards.frame().index
        if any(
            reports[i]["dashboard_id"] != b
            for i in {
                r["id"] for r in ws.dashboards.plan(ws.dashboards.frame(), delete=[b]).cascades.get("reports", [])
            }
        )
    )
    plan = ws.dashboards.plan(ws.dashboards.frame(), delete=[board])
    copies = [r for r in plan.cascades["reports"] if r["dashboard_id"] != board]
    assert any("linked copy of a report saved to the board" in n for n in plan.notes)
    assert graph.record("dashboards", board) is not None
    plan.apply(progress=False)
    result = ws.restore(ws.backups.latest("dashboards"), progress=False)
    back = result.id_map["reports"]
    now = _reports(ws)
    for copy in copies:  # each copy is back, on its own (other) board, with its own query
        new = now[back[copy["id"]]]
        assert new["dashboard_id"] == copy["dashboard_id"] and new["params"] == copy["params"]
    assert set(result.to_frame().query("role == 'entity'")["status"]) == {"ok"}


def _look_alike(ws: mp.Workspace, r: dict[str, Any], *, same_params: bool) -> int:
    """A report that already exists before a restore, with the deleted one's name and board."""
    params = r["params"] if same_params else {"events": [{"event": "something else"}]}
    made = ws.create_bookmark(
        mp.CreateBookmarkParams(name=r["name"], type=r["type"], params=params or {}, dashboard_id=r["dashboard_id"])
    )
    return made.id


@pytest.mark.parametrize("same_params", [False, True], ids=["other-params", "identical-twin"])
def test_an_interrupted_restore_never_claims_a_report_that_existed_before(tmp_path: Path, same_params: bool) -> None:
    ws = mp.Workspace.sandbox(seed=1, backup_dir=tmp_path / "b", sleep=_quiet)
    record = next(r for r in _reports(ws).values() if ws.list_alerts(bookmark_id=r["id"], skip_user_filter=True))
    rid = record["id"]
    alerts = sorted(a.name for a in ws.list_alerts(bookmark_id=rid, skip_user_filter=True))
    ws.delete_bookmark(rid)
    twin = _look_alike(ws, record, same_params=same_params)
    backup = ws.backups.latest("reports")
    assert backup is not None and backup.journal_path is not None
    # a first restore is killed right after it wrote its intents (what existed before it is journaled first)
    now = [str(i) for i in _reports(ws)]
    lines = [
        {"event": "before", "family": "reports", "ids": now},
        {"event": "intent", "family": "reports", "old_id": rid, "new_id": None},
    ]
    backup.journal_path.write_text("".join(json.dumps(x) + "\n" for x in lines))
    result = ws.restore(backup, progress=False)
    new = result.id_map["reports"][rid]
    assert new != twin and set(_reports(ws)) >= {new, twin}  # recreated, the look-alike left alone
    assert sorted(a.name for a in ws.list_alerts(bookmark_id=new, skip_user_filter=True)) == alerts
    assert ws.list_alerts(bookmark_id=twin, skip_user_filter=True) == []  # the alerts went to the right report


def test_a_restore_whose_answers_are_lost_never_claims_a_look_alike(tmp_path: Path) -> None:
    ws = mp.Workspace.sandbox(seed=1, backup_dir=tmp_path / "b", sleep=_quiet)
    count = len(_reports(ws))
    records = list(_reports(ws).values())[:6]
    ids = [r["id"] for r in records]
    ws.bulk_delete_bookmarks(ids)
    twins = {r["id"]: _look_alike(ws, r, same_params=False) for r in records}  # other params, same name and board
    backup = ws.backups.latest("reports")
    assert ws.emulator is not None
    ws.emulator.faults.queue(["ok", "drop_after", "ok", "drop_after", "ok", "drop_after"])
    first = ws.restore(backup, progress=False, concurrency=1)
    second = ws.restore(backup, progress=False, concurrency=1)
    now = _reports(ws)
    for rid in ids:
        new = second.id_map["reports"][rid]
        assert new != twins[rid] and new in now
        assert now[new]["params"] == next(r for r in backup.records if r["id"] == rid)["params"]
    assert len(now) == count + len(twins)  # each deleted report came back exactly once, the twins stayed
    assert {r["status"] for r in first.rows if r["role"] == "entity"} <= {"ok", "partial"}


def test_the_graph_frame_and_its_questions(tmp_path: Path) -> None:
    ws = mp.Workspace.sandbox(seed=1, backup_dir=tmp_path / "b")
    graph = ws.graph()
    frame = graph.frame()
    assert list(frame.columns) == [
        "source_family",
        "source_id",
        "target_family",
        "target_id",
        "via",
        "on_delete",
        "exists",
    ]
    alert = ws.list_alerts(skip_user_filter=True)[0]
    assert alert.bookmark is not None
    uses = graph.uses("alerts", alert.id)
    assert ("reports", alert.bookmark.id) in [e.target for e in uses]
    deps = graph.dependants("reports", alert.bookmark.id)
    assert ("alerts", alert.id) in [e.source for e in deps if e.on_delete == "cascade"]
    board = ws.get_bookmark(alert.bookmark.id).dashboard_id
    assert ("alerts", alert.id) in [e.source for e in graph.deleted_with("dashboards", [board])]
    assert graph.reads == len(mp.REGISTRY)
