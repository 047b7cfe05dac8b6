"""The safety contract on a real project's size: 20,895 reports, 2,500 boards, 4,000 alerts.

The demo of 63 reports cannot show what only size brings (id lists longer than a URL, look-alike names by
the thousand, linked copies spread over many boards). The demo project is seeded once per module into a
SQLite file; each test works on its own copy of that file.

- An unedited export round trip plans nothing (reports and dashboards).
- Deleting the boards with the most linked copies elsewhere loses nothing outside plan and backup, and a
  restore (twice: idempotent) brings every report back.
- A stale plan of 2,000 edits and 150 deletes holds back exactly what someone else changed since, and the
  backup holds the fresh versions of what it deleted.
- Deleting 150 marked rows needs the mass-delete consent, deletes exactly them, and restores them all.
- The audit's proposed deletes never take a report people view or one an alert watches.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import mpnb as mp
from mpnb.errors import InputError
from mpnb.frames import read_csv, write_csv
from mpnb.sandbox import Sandbox

SIZE = 20_000


def _quiet(seconds: float) -> None:
    """No backoff waits in tests."""


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 20,000-report demo project, seeded once for the module."""
    path = tmp_path_factory.mktemp("scale") / "seeded.sqlite3"
    Sandbox(size=SIZE, state=path, progress=False).close()
    return path


@pytest.fixture
def big(seeded: Path, tmp_path: Path) -> Iterator[mp.Workspace]:
    """A Workspace on this test's own copy of the seeded project; backups under tmp_path."""
    state = tmp_path / "state.sqlite3"
    shutil.copyfile(seeded, state)
    ws = mp.Workspace.sandbox(state=state, backup_dir=tmp_path / "backups", sleep=_quiet)
    yield ws
    ws.close()


def _reports(ws: mp.Workspace) -> dict[int, dict[str, Any]]:
    return {r["id"]: r for r in ws.records("reports").read_all()}


def _kinds(reports: dict[int, dict[str, Any]]) -> Counter[tuple[str, str, str]]:
    """How many reports of each name, type and query a project holds."""
    return Counter((r["name"], r["type"], json.dumps(r.get("params"), sort_keys=True)) for r in reports.values())


@pytest.mark.parametrize("family", ["reports", "dashboards"])
def test_an_unedited_round_trip_plans_nothing_at_scale(big: mp.Workspace, family: str) -> None:
    frames = getattr(big, family)
    df = frames.frame(progress=False)
    assert len(df) >= (SIZE if family == "reports" else 2_000)
    plan = frames.plan(read_csv(write_csv(df), frames.spec))
    assert plan.is_empty, plan.counts()


def _boards_with_copies_elsewhere(ws: mp.Workspace, reports: dict[int, dict[str, Any]], n: int) -> list[int]:
    """Boards whose reports have linked copies on other boards (a board's contents name a copy's source)."""
    found: list[int] = []
    for copy in (r for r in reports.values() if r["name"].startswith("Duplicate of ")):
        board = ws.get_dashboard(copy["dashboard_id"]).model_dump()
        entry = (board.get("contents") or {}).get("report", {}).get(str(copy["id"])) or {}
        source = entry.get("source_bookmark_id")
        if source in reports and reports[source]["dashboard_id"] != copy["dashboard_id"]:
            found.append(reports[source]["dashboard_id"])
        if len(set(found)) == n:
            break
    return sorted(set(found))


def test_deleting_boards_with_copies_elsewhere_loses_nothing_and_restores_everything(big: mp.Workspace) -> None:
    ws = big
    before = _reports(ws)
    boards = _boards_with_copies_elsewhere(ws, before, 5)
    assert len(boards) == 5
    plan = ws.dashboards.plan(ws.dashboards.frame(progress=False), delete=boards)
    planned = {r["id"] for r in plan.cascades.get("reports", [])}
    result = plan.apply(progress=False)
    assert set(result["status"]) == {"ok"}
    gone = set(before) - set(_reports(ws))
    assert gone == planned and any(before[i]["dashboard_id"] not in boards for i in gone)
    backup = ws.backups.latest("dashboards")
    assert backup is not None
    first = ws.restore(backup)
    second = ws.restore(backup)  # idempotent: nothing left to bring back, nothing doubled
    after = _reports(ws)
    assert len(after) == len(before)
    assert _kinds(after) == _kinds(before)  # the same reports (the restored boards have new ids)
    assert "error" not in set(first.to_frame()["status"]) | set(second.to_frame()["status"])


def test_a_stale_plan_of_two_thousand_edits_holds_back_what_others_changed(big: mp.Workspace) -> None:
    ws = big
    df = ws.reports.frame(progress=False)
    edit = [int(i) for i in df.index[:2_000]]
    delete = [int(i) for i in df.index[-150:]]
    df.loc[edit, "description"] = "mine"
    plan = ws.reports.plan(df, delete=delete, allow_mass_delete=True)
    theirs = edit[::400] + delete[::50]  # 5 edits and 3 deletes, spread over the id range
    for rid in theirs:
        ws.update_bookmark(rid, mp.UpdateBookmarkParams(description="theirs"))
    result = plan.apply(progress=False).set_index("id")
    assert set(result.loc[theirs, "status"]) == {"conflict"}
    assert set(result.drop(index=theirs)["status"]) == {"ok"}
    now = _reports(ws)
    assert all(now[i]["description"] == "theirs" for i in theirs)
    assert all(now[i]["description"] == "mine" for i in set(edit) - set(theirs))
    assert not (set(delete) - set(theirs)) & set(now)
    backup = ws.backups.latest("reports")
    assert backup is not None and sorted(r["id"] for r in backup.records) == sorted(set(delete) - set(theirs))


def test_a_marked_mass_delete_needs_consent_and_restores_every_row(big: mp.Workspace) -> None:
    ws = big
    before = _reports(ws)
    df = ws.reports.frame(progress=False)
    marked = df.index[df["unique_view_count"].fillna(0) == 0][:150]
    df["delete"] = df.index.isin(marked)
    with pytest.raises(InputError, match="allow_mass_delete"):
        ws.reports.plan(df, delete="delete").apply(progress=False)
    assert len(_reports(ws)) == len(before)  # refused before any write
    result = ws.reports.plan(df, delete="delete", allow_mass_delete=True).apply(progress=False)
    assert set(result["status"]) == {"ok"} and set(result["id"]) == {int(i) for i in marked}
    assert set(before) - set(_reports(ws)) == {int(i) for i in marked}
    backup = ws.backups.latest("reports")
    assert backup is not None
    ws.restore(backup)
    ws.restore(backup)
    after = _reports(ws)
    assert len(after) == len(before)
    assert _kinds(after) == _kinds(before)


def test_the_audit_never_proposes_deleting_a_viewed_or_watched_report(big: mp.Workspace) -> None:
    ws = big
    audit = ws.audit(progress=False)
    plan = audit.plan()
    reports = ws.reports.frame(progress=False)
    watched = set(reports.index[reports["alert_count"].fillna(0) > 0])
    viewed = set(reports.index[reports["unique_view_count"].fillna(0) > 0])
    deletes = {c.id for c in plan["reports"].deletes} if "reports" in plan.plans else set()
    assert deletes, "the audit found nothing to propose on a 20,000-report project"
    assert not deletes & watched and not deletes & viewed
