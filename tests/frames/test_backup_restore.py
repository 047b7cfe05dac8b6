"""Backups before deletes (JSON lines, cascades included) and restore round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mpnb as mp
from mpnb._backup import Backup


def test_frame_delete_writes_the_backup_first_with_cascades(fws: mp.Workspace, tmp_path: Path) -> None:
    boards = fws.dashboards.frame()
    reports = fws.list_bookmarks_v2()
    did = next(int(i) for i in boards.index if any(r.dashboard_id == i for r in reports))
    saved = sorted(r.id for r in reports if r.dashboard_id == did)
    before = {r.id for r in reports}
    result = fws.dashboards.plan(boards, delete=[did]).apply(progress=False)
    assert result.to_dict("records") == [{"id": did, "action": "delete", "status": "ok", "error": None}]
    files = list((tmp_path / "backups").glob("*-dashboards.jsonl"))
    assert len(files) == 1
    lines = [json.loads(line) for line in files[0].read_text().splitlines()]
    assert lines[0]["kind"] == "mpnb-backup" and lines[0]["ids"] == [did] and lines[0]["target"] == "SANDBOX"
    assert [x["record"]["id"] for x in lines if x.get("role") == "deleted"] == [did]
    held = {x["record"]["id"] for x in lines if x.get("role") == "cascade" and x["family"] == "reports"}
    gone = before - {r.id for r in fws.list_bookmarks_v2()}
    assert set(saved) <= gone and gone == held  # every report the delete took (linked copies too) is in the backup


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


# -- dependants, per-family rules, journal ----------------------------------------------------------------------
FAMILIES = ["alerts", "annotations", "cohorts", "dashboards", "experiments", "flags", "reports", "webhooks"]


@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_round_trips_through_its_own_rules(fws: mp.Workspace, family: str) -> None:
    frames = getattr(fws, family)
    df = frames.frame()
    if family == "flags":  # an enabled flag cannot be deleted
        df = df[df.status != "enabled"]
    victim = df.index[0]
    count = len(frames.frame())
    result = frames.plan(df, delete=[victim], archive=False).apply(progress=False)
    assert list(result.status) == ["ok"]
    restored = fws.restore(fws.backups.latest(family), progress=False)
    rows = restored.to_frame()
    assert set(rows[rows.role == "entity"].status) == {"ok"}, rows.to_dict("records")
    assert len(frames.frame()) == count
    assert all("original id" in lost for lost in rows[rows.role == "entity"].lost)


def test_dashboard_delete_plan_lists_saved_reports_and_their_alerts_and_restore_brings_all(fws: mp.Workspace) -> None:
    alerts = fws.list_alerts(skip_user_filter=True)
    reports = {r.id: r for r in fws.list_bookmarks_v2()}
    did = next(reports[a.bookmark.id].dashboard_id for a in alerts if a.bookmark and a.bookmark.id in reports)
    saved = sorted(r.id for r in reports.values() if r.dashboard_id == did)
    watched = sorted(a.name for a in alerts if a.bookmark and a.bookmark.id in saved)
    boards = fws.dashboards.frame()
    plan = fws.dashboards.plan(boards, delete=[did])
    notes = "\n".join(plan.notes)
    assert f"also deletes {len(saved)} reports (saved to the board)" in notes
    assert f"also deletes {len(watched)} alerts (watches the report)" in notes
    plan.apply(progress=False)
    restored = fws.restore(fws.backups.latest("dashboards"), progress=False)
    new_board = restored.id_map["dashboards"][did]
    new_reports = [restored.id_map["reports"][r] for r in saved]
    assert sorted(fws.get_dashboard(new_board).report_ids) == sorted(new_reports)
    back = sorted(a.name for r in new_reports for a in fws.list_alerts(bookmark_id=r, skip_user_filter=True))
    assert back == watched


def test_restored_experiment_gets_its_flag_link_back(fws: mp.Workspace) -> None:
    exp = fws.list_experiments()[0]
    flag = next(f for f in fws.list_feature_flags() if f.experiment_id is None)
    fws.update_feature_flag(
        flag.id,
        mp.UpdateFeatureFlagParams(
            name=flag.name, key=flag.key, status=flag.status, ruleset=flag.ruleset, experiment_id=exp.id
        ),
    )
    plan = fws.experiments.plan(fws.experiments.frame(), delete=[exp.id], archive=False)
    assert "1 flags are left pointing at a deleted experiment (belongs to the experiment)" in plan.notes
    plan.apply(progress=False)
    result = fws.restore(fws.backups.latest("experiments"), progress=False)
    new = result.id_map["experiments"][exp.id]
    assert fws.get_feature_flag(flag.id).experiment_id == new
    link = next(r for r in result.rows if r["family"] == "flags")
    assert link["status"] == "ok" and link["of"] == ("experiments", exp.id)


def test_restored_flag_keeps_its_experiment_link_and_comes_back_disabled(fws: mp.Workspace) -> None:
    exp = fws.list_experiments()[0]
    flag = next(f for f in fws.list_feature_flags() if f.status != "enabled")
    fws.update_feature_flag(
        flag.id,
        mp.UpdateFeatureFlagParams(
            name=flag.name, key=flag.key, status=flag.status, ruleset=flag.ruleset, experiment_id=exp.id
        ),
    )
    fws.delete_feature_flag(flag.id)
    backup = fws.backups.latest("flags")
    assert backup is not None and backup.records[0]["experiment_id"] == exp.id  # the flag names it
    result = fws.restore(backup, progress=False)
    again = fws.get_feature_flag(result.id_map["flags"][flag.id])
    assert again.key == flag.key and again.experiment_id == exp.id and again.status == "disabled"


def test_an_interrupted_restore_finds_what_landed_instead_of_sending_it_again(fws: mp.Workspace) -> None:
    ids = [r.id for r in fws.list_bookmarks_v2()[:4]]
    fws.bulk_delete_bookmarks(ids)
    backup = fws.backups.latest("reports")
    assert backup is not None and backup.journal_path is not None
    first = fws.restore(backup, progress=False)
    count = len(fws.list_bookmarks_v2())
    journal = backup.journal_path
    lines = journal.read_text().splitlines()
    journal.write_text("\n".join(x for x in lines if '"event":"done"' not in x) + "\n")  # cut before the outcomes
    second = fws.restore(backup, progress=False)
    assert len(fws.list_bookmarks_v2()) == count
    assert second.id_map["reports"] == first.id_map["reports"]
    assert {r["status"] for r in second.rows if r["role"] == "entity"} == {"ok"}


def test_restore_shows_progress_and_a_short_repr(fws: mp.Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    ids = [r.id for r in fws.list_bookmarks_v2()[:40]]
    fws.bulk_delete_bookmarks(ids)
    result = fws.restore(fws.backups.latest("reports"), concurrency=4)
    assert "restore -> SANDBOX" in capsys.readouterr().err
    text = repr(result)
    assert text.startswith("Restored ") and "40 reports ok" in text
    assert len(text.splitlines()) <= 10 and len(text) < 2000
    frame = result.to_frame()
    assert list(frame.columns) == ["family", "old_id", "new_id", "role", "of", "status", "detail", "lost"]
    assert (frame[frame.family == "reports"].status == "ok").sum() == 40


def test_where_as_a_query_string_picks_records_by_field(fws: mp.Workspace) -> None:
    reports = fws.list_bookmarks_v2()[:6]
    fws.bulk_delete_bookmarks([r.id for r in reports])
    kind = reports[0].bookmark_type
    wanted = {r.id for r in reports if r.bookmark_type == kind}
    result = fws.restore(fws.backups.latest("reports"), where=f"type == {kind!r}", progress=False)
    assert set(result.id_map["reports"]) == wanted
    with pytest.raises(mp.InputError, match="where=") as err:
        fws.restore(fws.backups.latest("reports"), where="no_such_field > 3", progress=False)
    assert err.value.field == "where"
