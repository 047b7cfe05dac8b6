"""Backups before deletes (JSON lines, cascades included) and restore round trips."""

from __future__ import annotations

import json
from pathlib import Path

import mpnb as mp
from mpnb._backup import Backup


def test_frame_delete_writes_the_backup_first_with_cascades(fws: mp.Workspace, tmp_path: Path) -> None:
    boards = fws.dashboards.frame()
    reports = fws.list_bookmarks_v2()
    did = next(int(i) for i in boards.index if any(r.dashboard_id == i for r in reports))
    saved = sorted(r.id for r in reports if r.dashboard_id == did)
    result = fws.dashboards.plan(boards, delete=[did]).apply(progress=False)
    assert result.to_dict("records") == [{"id": did, "action": "delete", "status": "ok", "error": None}]
    files = list((tmp_path / "backups").glob("*-dashboards.jsonl"))
    assert len(files) == 1
    lines = [json.loads(line) for line in files[0].read_text().splitlines()]
    assert lines[0]["kind"] == "mpnb-backup" and lines[0]["ids"] == [did] and lines[0]["target"] == "SANDBOX"
    assert [x["record"]["id"] for x in lines if x.get("role") == "deleted"] == [did]
    assert sorted(x["record"]["id"] for x in lines if x.get("role") == "cascade") == saved
    assert not {r.id for r in fws.list_bookmarks_v2()} & set(saved)


def test_backup_failure_stops_the_delete(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    rid = int(df.index[0])

    def broken(backup: Backup) -> None:
        raise OSError("disk full")

    fws.backups.hooks.append(broken)
    result = fws.reports.plan(df, delete=[rid]).apply(progress=False)
    assert result.loc[0, "status"] == "error" and "disk full" in result.loc[0, "error"]
    assert fws.get_bookmark(rid).id == rid


def test_restore_round_trip_remaps_ids(fws: mp.Workspace) -> None:
    boards = fws.dashboards.frame()
    reports = fws.reports.frame()
    did = int(reports["dashboard_id"].iloc[0])
    saved = reports[reports.dashboard_id == did]
    fws.dashboards.plan(boards, delete=[did]).apply(progress=False)
    backup = fws.backups.latest("dashboards")
    assert backup is not None and backup.path and backup.path.endswith(".jsonl")

    restored = fws.restore(backup.path)
    new_did = restored.id_map["dashboards"][did]
    assert new_did != did and fws.get_dashboard(new_did).title == boards.loc[did, "title"]
    assert set(restored.id_map["reports"]) == set(saved.index)
    after = fws.reports.frame()
    for old, new in restored.id_map["reports"].items():
        assert after.loc[new, "name"] == saved.loc[old, "name"]
        assert after.loc[new, "params"] == saved.loc[old, "params"]
        assert after.loc[new, "dashboard_id"] == new_did  # remapped to the recreated board
    assert sorted(fws.get_dashboard(new_did).report_ids) == sorted(restored.id_map["reports"].values())
    frame = restored.to_frame()
    assert (frame.status == "ok").all() and frame.lost.str.contains("original id").all()
    assert frame[frame.family == "dashboards"].lost.str.contains("layout").all()


def test_restore_of_seed_delete_backups(fws: mp.Workspace) -> None:
    ids = [r.id for r in fws.list_bookmarks_v2()[:3]]
    fws.bulk_delete_bookmarks(ids)
    backup = fws.backups.latest("reports")
    assert backup is not None
    restored = fws.restore(backup)
    assert sorted(restored.id_map["reports"]) == sorted(ids)
    assert "Restored 3 of 3" in repr(restored)
