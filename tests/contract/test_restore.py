"""Contract: every delete's plan lists what goes with it, its backup holds enough to bring that back, and a
restore is selective, idempotent, refuses another target, says what it lost, and tells the truth under faults.

Counts are checked on the server (the sandbox) after each step, never taken from the result alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

import mpnb as mp
from mpnb._backup import Backup
from mpnb.restore import restore_losses

PASSWORD = "planted-webhook-password-7f3a"


def _ws(tmp_path: Path, **kw: Any) -> mp.Workspace:
    w = mp.Workspace.sandbox(seed=1, backup_dir=tmp_path / "backups", **kw)
    w._http._sleep = lambda seconds: None
    return w


@pytest.fixture
def cws(tmp_path: Path) -> Iterator[mp.Workspace]:
    w = _ws(tmp_path)
    yield w
    w.close()


def _reports_with_alerts(ws: mp.Workspace, n: int) -> list[int]:
    """Report ids that have alerts, most alerts first."""
    by_report: dict[int, int] = {}
    for a in ws.list_alerts(skip_user_filter=True):
        if a.bookmark is not None:
            by_report[a.bookmark.id] = by_report.get(a.bookmark.id, 0) + 1
    ids = sorted(by_report, key=lambda r: -by_report[r])[:n]
    assert len(ids) == n
    return ids


def _alerts_on(ws: mp.Workspace, rid: int) -> list[str]:
    return sorted(a.name for a in ws.list_alerts(bookmark_id=rid, skip_user_filter=True))


def _server_counts(ws: mp.Workspace) -> dict[str, int]:
    return {
        "reports": len(ws.list_bookmarks_v2()),
        "dashboards": len(ws.list_dashboards()),
        "alerts": len(ws.list_alerts(skip_user_filter=True)),
        "webhooks": len(ws.list_webhooks()),
    }


# -- the delete's plan and its backup ------------------------------------------------------------------------
def test_plan_of_a_report_delete_lists_alerts_cards_views_and_losses(cws: mp.Workspace) -> None:
    rids = _reports_with_alerts(cws, 2)
    n_alerts = sum(len(_alerts_on(cws, r)) for r in rids)
    df = cws.reports.frame()
    plan = cws.reports.plan(df, delete=rids)
    notes = "\n".join(plan.notes)
    assert f"also deletes {n_alerts} alerts (watches the report); the backup holds them" in notes
    assert "2 cards (card on the board it is saved to)" in notes and "placed back on the board" in notes
    assert "restore cannot bring back" in notes and "view counts" in notes
    deps = plan.dependants
    alerts = [d for d in deps if d["family"] == "alerts"]
    assert len(alerts) == n_alerts and all(d["record"]["bookmark"]["id"] in rids for d in alerts)
    cards = [d for d in deps if d["family"] == "cards"]
    boards = {int(df.loc[r, "dashboard_id"]) for r in rids}
    assert {d["board"] for d in cards} == boards and {d["of_id"] for d in cards} == set(rids)
    assert plan.counts()["delete"] == 2  # listing dependants changed nothing
    assert _alerts_on(cws, rids[0])


def test_every_delete_path_backs_up_dependants(cws: mp.Workspace) -> None:
    rid = _reports_with_alerts(cws, 1)[0]
    names = _alerts_on(cws, rid)
    cws.delete_bookmark(rid)
    backup = cws.backups.latest("reports")
    assert backup is not None and backup.path is not None
    kept = Backup.load(backup.path)  # from the file, not the object in memory
    assert sorted(d["record"]["name"] for d in kept.dependants if d["family"] == "alerts") == names
    assert kept.target_key == {"base_url": cws.target.app_url, "project_id": cws.target.project_id}
    assert _alerts_on(cws, rid) == []  # Mixpanel drops them with the report


def test_restore_brings_back_reports_repoints_alerts_and_places_cards(cws: mp.Workspace) -> None:
    rids = _reports_with_alerts(cws, 2)
    before = {r: _alerts_on(cws, r) for r in rids}
    boards = {r: cws.get_bookmark(r).dashboard_id for r in rids}
    cws.bulk_delete_bookmarks(rids)
    result = cws.restore(cws.backups.latest("reports"), progress=False)
    rows = result.to_frame()
    assert set(rows[rows.role == "entity"].status) == {"ok"}
    for old in rids:
        new = result.id_map["reports"][old]
        assert _alerts_on(cws, new) == before[old]  # re-pointed at the new id, on the server
        board = boards[old]
        assert board is not None and new in cws.get_dashboard(board).report_ids  # its card is back
    cards = rows[rows.family == "cards"]
    assert len(cards) == len(rids) and set(cards.status) == {"ok"}


def test_selective_restore_then_the_rest_recreates_each_once(cws: mp.Workspace) -> None:
    rids = _reports_with_alerts(cws, 3)
    counts = _server_counts(cws)
    cws.bulk_delete_bookmarks(rids)
    backup = cws.backups.latest("reports")
    assert backup is not None
    first = cws.restore(backup, ids=[rids[0]], progress=False)
    assert set(first.id_map["reports"]) == {rids[0]}
    assert {a for a in first.id_map.get("alerts", {})} == {
        d["id"] for d in backup.dependants if d["family"] == "alerts" and d["of_id"] == rids[0]
    }
    second = cws.restore(backup, where=lambda r: r["id"] == rids[1], progress=False)
    assert set(second.id_map["reports"]) == {rids[1]}
    whole = cws.restore(backup, progress=False)
    statuses = {r["old_id"]: r["status"] for r in whole.rows if r["family"] == "reports"}
    assert statuses == {rids[0]: "already restored", rids[1]: "already restored", rids[2]: "ok"}
    assert _server_counts(cws) == counts  # each report and alert came back exactly once
    again = cws.restore(backup, progress=False)
    assert {r["status"] for r in again.rows if r["role"] == "entity"} == {"already restored"}
    assert _server_counts(cws) == counts


def test_selection_names_ids_not_in_the_backup_before_any_request(cws: mp.Workspace) -> None:
    rid = _reports_with_alerts(cws, 1)[0]
    cws.delete_bookmark(rid)
    backup = cws.backups.latest("reports")
    sent = cws.request_count
    with pytest.raises(mp.InputError, match="not reports in this backup") as err:
        cws.restore(backup, ids=[rid + 100_000], progress=False)
    assert err.value.field == "ids" and cws.request_count == sent
    with pytest.raises(mp.InputError, match="where"):
        cws.restore(backup, where=42, progress=False)
    assert cws.request_count == sent


def test_restore_twice_equals_once_for_boards_reports_and_webhooks(cws: mp.Workspace) -> None:
    counts = _server_counts(cws)
    did = next(d.id for d in cws.list_dashboards() if any(r.dashboard_id == d.id for r in cws.list_bookmarks_v2()))
    cws.delete_dashboard(did)
    boards = cws.backups.latest("dashboards")
    hook = cws.list_webhooks()[0]
    cws.delete_webhook(hook.id)
    hooks = cws.backups.latest("webhooks")
    assert boards is not None and hooks is not None
    for _ in range(2):
        cws.restore(boards, progress=False)
        cws.restore(hooks, progress=False)
    assert _server_counts(cws) == counts


def test_a_backup_from_another_target_is_refused_without_opt_in(cws: mp.Workspace, tmp_path: Path) -> None:
    rid = _reports_with_alerts(cws, 1)[0]
    cws.delete_bookmark(rid)
    backup = cws.backups.latest("reports")
    assert backup is not None
    backup.target_key = {"base_url": "https://mixpanel.com/api/app", "project_id": 424242}
    sent = cws.request_count
    with pytest.raises(mp.InputError, match="allow_other_target=True") as err:
        cws.restore(backup, progress=False)
    assert err.value.field == "allow_other_target" and cws.request_count == sent
    done = cws.restore(backup, allow_other_target=True, progress=False)
    assert rid in done.id_map["reports"]


def test_a_version_1_backup_still_loads_and_restores(cws: mp.Workspace, tmp_path: Path) -> None:
    record = next(r for r in cws.reports.snapshot().values()) if cws.reports.snapshot() else None
    record = record or cws.list_bookmarks_v2()[0].model_dump(mode="json", by_alias=True)
    cws.delete_bookmark(record["id"])
    path = tmp_path / "old.jsonl"
    head = {"kind": "mpnb-backup", "version": 1, "family": "reports", "target": "SANDBOX", "ids": [record["id"]]}
    head.update(taken_at="2026-01-01T00:00:00+00:00", cascades=[])
    path.write_text(
        "\n".join(json.dumps(x) for x in [head, {"family": "reports", "role": "deleted", "record": record}])
    )
    old = Backup.load(path)
    assert old.dependants == [] and old.target_key is None
    result = cws.restore(path, progress=False)
    assert [r["status"] for r in result.rows] == ["ok"]
    assert cws.get_bookmark(result.id_map["reports"][record["id"]]).name == record["name"]


# -- what restore cannot bring back ------------------------------------------------------------------------------
def test_losses_are_said_before_the_delete_and_per_row_after(cws: mp.Workspace) -> None:
    losses = " ".join(restore_losses("reports"))
    for word in ("original id", "creator", "created date", "view counts", "change history"):
        assert word in losses
    for family in ("dashboards", "reports", "cohorts", "flags", "experiments", "alerts", "annotations", "webhooks"):
        assert any("original id" in x for x in restore_losses(family))
    viewed = next(r for r in cws.list_bookmarks_v2() if (r.total_view_count or 0) > 0)
    cws.delete_bookmark(viewed.id)
    result = cws.restore(cws.backups.latest("reports"), progress=False)
    row = next(r for r in result.rows if r["family"] == "reports")
    assert f"{viewed.total_view_count} views" in row["lost"] and "creator" in row["lost"]
    assert cws.get_bookmark(row["new_id"]).total_view_count == 0  # the loss is real


def test_a_disabled_basic_auth_webhook_comes_back_disabled_and_needs_its_password(
    cws: mp.Workspace, tmp_path: Path
) -> None:
    made = cws.create_webhook(
        mp.CreateWebhookParams(
            name="Ops hook",
            url="https://hooks.example.com/ops",
            auth_type=mp.WebhookAuthType.BASIC,
            username="ops",
            password=SecretStr(PASSWORD),
        )
    )
    cws.update_webhook(made.id, mp.UpdateWebhookParams(is_enabled=False))
    cws.delete_webhook(made.id)
    backup = cws.backups.latest("webhooks")
    assert backup is not None and backup.path is not None
    files = [p for p in (tmp_path / "backups").rglob("*") if p.is_file()]
    result = cws.restore(backup, progress=False)
    files += [p for p in (tmp_path / "backups").rglob("*") if p.is_file()]
    assert not any(PASSWORD in p.read_text() for p in files)
    new = next(w for w in cws.list_webhooks() if w.id == result.id_map["webhooks"][made.id])
    assert new.is_enabled is False and new.name == "Ops hook"
    row = result.rows[0]
    assert row["status"] == "ok" and "password" in row["lost"]
    assert PASSWORD not in repr(result) and PASSWORD not in result.to_frame().to_string()


# -- truth under faults ------------------------------------------------------------------------------------------
def _truth(ws: mp.Workspace, result: Any, names: dict[int, str], before: set[int]) -> None:
    """Each row's status against the server: ok/partial rows exist, error rows do not, nothing twice."""
    now = {r.id: r for r in ws.list_bookmarks_v2()}
    made = {i: r for i, r in now.items() if i not in before}
    for row in (r for r in result.rows if r["family"] == "reports"):
        if row["status"] in ("ok", "partial", "already restored"):
            assert row["new_id"] in made, row
            assert made[row["new_id"]].name == names[row["old_id"]]
        elif row["status"] == "error":
            assert names[row["old_id"]] not in {r.name for r in made.values()}, row
    assert len([r.name for r in made.values()]) == len({r.name for r in made.values()})  # none twice


@pytest.mark.parametrize(
    ("faults", "expect"),
    [
        (["ok", "drop_after"], "ok"),  # the create committed, its answer was lost
        (["ok", "ok", "429", "429"], "ok"),  # created, then the board placement ran out of 429 retries
        (["ok", "500"], "error"),  # refused before it was processed
        (["ok", "503"], "error"),
    ],
)
def test_an_ambiguous_failure_is_read_back_and_told_truly(tmp_path: Path, faults: list[str], expect: str) -> None:
    ws = _ws(tmp_path, max_retries=1)
    try:
        victims = [r for r in ws.list_bookmarks_v2()[:3]]
        names = {r.id: r.name for r in victims}
        ws.bulk_delete_bookmarks(list(names))
        before = {r.id for r in ws.list_bookmarks_v2()}
        backup = ws.backups.latest("reports")
        assert ws.emulator is not None
        ws.emulator.faults.queue(faults)  # aimed at the first create, after the "before" list call
        result = ws.restore(backup, concurrency=1, progress=False)
        _truth(ws, result, names, before)
        first = next(r for r in result.rows if r["old_id"] == victims[0].id)
        assert first["status"] == expect, first
        if expect == "ok":  # the report is on its board too, not just created
            board = ws.get_bookmark(first["new_id"]).dashboard_id
            assert board is not None and first["new_id"] in ws.get_dashboard(board).report_ids
        ws.restore(backup, progress=False)  # the re-run finishes the rest, recreating nothing twice
        assert len(ws.list_bookmarks_v2()) == len(before) + len(names)
    finally:
        ws.close()


def test_random_faults_never_report_done_work_as_failed(tmp_path: Path) -> None:
    ws = _ws(tmp_path, max_retries=1)
    try:
        everything = ws.list_bookmarks_v2()
        seen = [r.name for r in everything]
        victims = [r for r in everything if seen.count(r.name) == 1][:25]  # names tell them apart
        names = {r.id: r.name for r in victims}
        assert len(names) == 25
        total = len(ws.list_bookmarks_v2())
        ws.bulk_delete_bookmarks(list(names))
        before = {r.id for r in ws.list_bookmarks_v2()}
        assert ws.emulator is not None
        ws.emulator.set_faults("429=0.15,500=0.1,drop_after=0.1,seed=11")
        result = ws.restore(ws.backups.latest("reports"), concurrency=4, progress=False)
        ws.emulator.set_faults(None)
        _truth(ws, result, names, before)
        entity = [r["status"] for r in result.rows if r["role"] == "entity"]
        assert set(entity) <= {"ok", "partial", "error", "unknown"} and "ok" in entity
        for dep in (r for r in result.rows if r["role"] == "dependant"):
            owner = next(r for r in result.rows if r["role"] == "entity" and (r["family"], r["old_id"]) == dep["of"])
            assert (dep["status"] == "not restored") == (owner["status"] not in ("ok", "partial")), dep
        ws.restore(ws.backups.latest("reports"), progress=False)
        assert len(ws.list_bookmarks_v2()) == total  # after the re-run: each report exactly once
    finally:
        ws.close()


def test_when_even_the_read_back_fails_the_row_is_unknown_and_a_rerun_settles_it(tmp_path: Path) -> None:
    ws = _ws(tmp_path, max_retries=1)
    try:
        victim = ws.list_bookmarks_v2()[0]
        ws.delete_bookmark(victim.id)
        count = len(ws.list_bookmarks_v2())
        backup = ws.backups.latest("reports")
        assert ws.emulator is not None
        ws.emulator.faults.queue(["ok", "drop_after", "429", "429"])  # list, POST (lost answer), read-back x2
        first = ws.restore(backup, progress=False)
        row = first.rows[0]
        assert row["status"] == "unknown" and "check ws.reports" in row["detail"]
        assert len(ws.list_bookmarks_v2()) == count + 1  # it did land: unknown, not error
        second = ws.restore(backup, progress=False)
        assert second.rows[0]["status"] == "ok" and "found on the server" in second.rows[0]["detail"]
        assert len(ws.list_bookmarks_v2()) == count + 1  # found again, not sent again
        new = second.rows[0]["new_id"]
        assert new in ws.get_dashboard(ws.get_bookmark(new).dashboard_id).report_ids  # and placed on its board
    finally:
        ws.close()


def test_a_delete_whose_dependants_cannot_be_read_deletes_nothing(tmp_path: Path) -> None:
    """What goes with a delete is part of its backup: if it cannot be read, nothing is deleted."""
    ws = _ws(tmp_path, max_retries=1)
    try:
        rid = _reports_with_alerts(ws, 1)[0]
        names = _alerts_on(ws, rid)
        assert ws.emulator is not None
        ws.emulator.faults.queue(["ok", "429", "429"])  # the report's read, then the alerts list runs out of retries
        with pytest.raises(mp.RateLimitError):
            ws.delete_bookmark(rid)
        assert ws.get_bookmark(rid).id == rid and _alerts_on(ws, rid) == names
        assert ws.backups.latest("reports") is None
    finally:
        ws.close()
