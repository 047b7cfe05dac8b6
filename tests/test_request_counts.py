"""How many requests each workflow sends, against the in-process sandbox at a moderate size (2,000 reports).

Each figure is a ceiling: a change that makes a workflow chattier fails here. The lower bound of each (what the
API makes unavoidable) and the ratio are in bench/RESULTS.md ("Requests per workflow"). Counts are the
Workspace's own (``ws.request_count``: every request sent, retries included; the sandbox injects no faults).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import mpnb as mp
from mpnb.copying import copy
from mpnb.graph import user_families

SIZE = 2_000
EDITS = 200
DELETES = 50


@pytest.fixture
def big(tmp_path: Path) -> Iterator[mp.Workspace]:
    w = mp.Workspace.sandbox(seed=1, size=SIZE, backup_dir=tmp_path / "backups", sleep=lambda s: None)
    yield w
    w.close()


def sent(ws: mp.Workspace, run: Callable[[], Any]) -> tuple[int, Any]:
    before = ws.request_count
    out = run()
    return ws.request_count - before, out


def test_a_frame_read_is_one_list_call_plus_one_for_its_count_columns(big: mp.Workspace) -> None:
    n, df = sent(big, lambda: big.reports.frame(cleanup=False))
    assert len(df) > SIZE and n <= 1
    n, df = sent(big, lambda: big.reports.frame())
    assert "alerts" in str(df.attrs["mpnb_extra_reads"]) and n <= 2


def test_a_plan_reads_the_edited_rows_once_and_its_apply_re_reads_them_and_writes_in_one_bulk_call(
    big: mp.Workspace,
) -> None:
    df = big.reports.frame(cleanup=False)
    ids = df.index[:EDITS]
    df.loc[ids, "name"] = df.loc[ids, "name"] + " (edited)"
    n_plan, plan = sent(big, lambda: big.reports.plan(df))
    n_apply, result = sent(big, lambda: plan.apply(progress=False))
    assert (result.status == "ok").all() and len(result) == EDITS
    assert n_plan <= 1 and n_apply <= 2


def test_a_delete_of_many_with_its_backup(big: mp.Workspace) -> None:
    df = big.reports.frame(cleanup=False)
    doomed = list(df.index[-DELETES:])
    n_plan, plan = sent(big, lambda: big.reports.plan(df, delete=doomed, allow_mass_delete=True))
    n_apply, result = sent(big, lambda: plan.apply(progress=False))
    assert (result.status == "ok").all() and len(result) == DELETES
    assert big.backups.latest("reports") is not None
    assert n_plan <= 2 and n_apply <= 3  # fresh read + the alerts a delete takes; then the same + one bulk delete


def test_a_restore_sends_one_create_per_entity_and_one_placement_per_card(big: mp.Workspace) -> None:
    df = big.reports.frame(cleanup=False)
    doomed = list(df.index[-DELETES:])
    big.reports.plan(df, delete=doomed, allow_mass_delete=True).apply(progress=False)
    backup = big.backups.latest("reports")
    assert backup is not None and backup.path
    records = [json.loads(line) for line in Path(backup.path).read_text().splitlines()[1:]]
    alerts = sum(1 for r in records if r.get("family") == "alerts" and r.get("role") == "cascade")
    deleted = [r["record"] for r in records if r.get("family") == "reports" and r.get("role") == "deleted"]
    cards = sum(1 for r in deleted if r.get("dashboard_id") is not None)
    n, restored = sent(big, lambda: big.restore(backup.path, progress=False))
    assert len(restored.id_map["reports"]) == DELETES and len(restored.id_map.get("alerts", {})) == alerts
    # per report: its create and its card's placement; per alert: the check of its report and its create
    bound = DELETES + cards + 2 * alerts
    assert n <= bound + 2, (n, bound)


def test_the_audit_reads_each_family_once(big: mp.Workspace) -> None:
    n, audit = sent(big, lambda: big.audit())
    assert audit.requests == n <= 18


def test_the_graph_reads_each_family_once(big: mp.Workspace) -> None:
    n, graph = sent(big, lambda: big.graph(progress=False))
    assert n <= 16 and len(graph.edges) > 0


def test_hiding_events_reads_them_by_name_and_writes_one_bulk_patch(big: mp.Workspace) -> None:
    df = big.events.frame()
    hidden = df["hidden"].fillna(False).astype(bool)
    names = list(df.index[~hidden][:100])
    df.loc[names, "hidden"] = True
    n_plan, plan = sent(big, lambda: big.events.plan(df))
    n_apply, result = sent(big, lambda: plan.apply(progress=False))
    assert (result.status == "ok").all() and len(result) == len(names)
    # the plan: the names, then one list of each family that can use an event (what hiding them touches)
    assert n_plan <= 1 + len(user_families("events")) and n_apply <= 2


REPORTS, COHORTS, ALERTS = 12, 4, 6


def _board(src: mp.Workspace) -> int:
    cohorts = [src.create_cohort(mp.CreateCohortParams(name=f"Counted cohort {i}")).id for i in range(COHORTS)]
    contents = []
    for n in range(REPORTS):
        params = {"sections": {"filter": [{"cohort_id": cohorts[n % COHORTS]}]}}
        bookmark = {"name": f"Counted report {n}", "type": "insights", "params": json.dumps(params)}
        contents.append(mp.DashboardRowContent(content_type="report", content_params={"bookmark": bookmark}))
    rows = [mp.DashboardRow(contents=contents[i : i + 4]) for i in range(0, REPORTS, 4)]
    board = src.create_dashboard(mp.CreateDashboardParams(title="Counted board", rows=rows))
    for i, rid in enumerate(board.report_ids[:ALERTS]):
        src.create_alert(
            mp.CreateAlertParams(
                bookmark_id=rid,
                name=f"Counted alert {i}",
                condition={"type": "absolute", "op": "<", "value": 1},
                frequency=86400,
                paused=False,
                subscriptions=[{"type": "email", "value": "counts@example.com"}],
            )
        )
    return board.id


def test_a_board_copy_reads_each_family_once_and_writes_once_per_entity_without_a_bulk_create(
    big: mp.Workspace,
) -> None:
    board = _board(big)
    dst = big.for_project(1001)  # the sandbox's second project: another Workspace, its own count
    d0 = dst.request_count
    src_plan, plan = sent(big, lambda: copy(big, dst, dashboards=[board], include_alerts=True))
    dst_plan, d1 = dst.request_count - d0, dst.request_count
    src_apply, result = sent(big, lambda: plan.apply())
    dst_apply = dst.request_count - d1
    assert set(result.to_frame().status) == {"ok"} and len(result.to_frame()) == 1 + COHORTS + REPORTS + ALERTS
    # the source: the board, then one list per family it brings; the target: one list per family
    assert src_plan <= 4 and dst_plan <= 4 and src_apply == 0
    # the target's writes: each cohort, the board carrying its reports, each alert with the check of its report
    # (no bulk create for cohorts or alerts); then one read-back list per family written
    assert dst_apply <= COHORTS + 1 + 2 * ALERTS + 4, dst_apply
