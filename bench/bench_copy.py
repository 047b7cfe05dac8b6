"""Copy benchmark (not run in CI): a board of 50 reports, 10 cohorts and 20 alerts, project 1000 -> 1001.

    python bench/bench_copy.py [--latency 0.03]

Prints the requests each side received (writes against the lower bound the endpoints allow: one board
create carries all its reports, cohorts and alerts have no bulk create), the wall time of plan and apply
with the injected latency, and the same for a second run, which must send reads only.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from typing import Any

import mpnb as mp
from mpnb.copying import copy

REPORTS, COHORTS, ALERTS = 50, 10, 20


def _source(latency: float) -> tuple[mp.Workspace, int]:
    src = mp.Workspace.sandbox(seed=1, faults=f"latency={latency}" if latency else None)
    cohorts = [src.create_cohort(mp.CreateCohortParams(name=f"Bench cohort {i}")).id for i in range(COHORTS)]
    rows = []
    for start in range(0, REPORTS, 4):
        contents = []
        for n in range(start, min(start + 4, REPORTS)):
            params = {"sections": {"filter": [{"cohort_id": cohorts[n % COHORTS]}]}}
            bookmark = {"name": f"Bench report {n}", "type": "insights", "params": json.dumps(params)}
            contents.append(mp.DashboardRowContent(content_type="report", content_params={"bookmark": bookmark}))
        rows.append(mp.DashboardRow(contents=contents))
    board = src.create_dashboard(mp.CreateDashboardParams(title="Bench board", rows=rows))
    for i, rid in enumerate(board.report_ids[:ALERTS]):
        src.create_alert(
            mp.CreateAlertParams(
                bookmark_id=rid,
                name=f"Bench alert {i}",
                condition={"type": "absolute", "op": "<", "value": 1},
                frequency=86400,
                paused=False,
                subscriptions=[{"type": "email", "value": "bench@example.com"}],
            )
        )
    return src, board.id


def _count(ws: mp.Workspace, since: int) -> tuple[int, int]:
    """Reads and writes the sandbox saw for this Workspace's project since ``since``."""
    assert ws.emulator is not None
    mine = f"/projects/{ws.target.project_id}"
    spaces = {f"/workspaces/{w['id']}" for w in ws.emulator.config.projects()[ws.target.project_id]}
    seen = [(m, p) for m, p in ws.emulator.requests[since:] if mine in p or any(s in p for s in spaces)]
    return sum(m == "GET" for m, _ in seen), sum(m != "GET" for m, _ in seen)


def _run(src: mp.Workspace, dst: mp.Workspace, board: int) -> dict[str, Any]:
    assert src.emulator is not None and dst.emulator is not None
    s0, d0 = len(src.emulator.requests), len(dst.emulator.requests)
    t0 = time.perf_counter()
    plan = copy(src, dst, dashboards=[board], include_alerts=True)
    t1 = time.perf_counter()
    result = plan.apply()
    t2 = time.perf_counter()
    statuses = result.to_frame().status.value_counts().to_dict()
    return {
        "plan_s": t1 - t0,
        "apply_s": t2 - t1,
        "source": _count(src, s0),
        "target": _count(dst, d0),
        "statuses": statuses,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.03)
    args = parser.parse_args()
    import os

    os.environ["MPNB_HOME"] = tempfile.mkdtemp(prefix="mpnb-bench-copy-")
    src, board = _source(0.0)
    assert src.emulator is not None
    src.emulator.faults = type(src.emulator.faults).parse(f"latency={args.latency}")
    dst = src.for_project(1001)  # the sandbox's second project: same server, another project
    lower = COHORTS + 1 + ALERTS
    for label in ("first run", "second run"):
        r = _run(src, dst, board)
        (sg, sw), (tg, tw) = r["source"], r["target"]
        print(
            f"{label}: plan {r['plan_s']:.3f} s, apply {r['apply_s']:.3f} s at {args.latency * 1000:.0f} ms/request; "
            f"source {sg} reads {sw} writes; target {tg} reads {tw} writes (write lower bound {lower}); {r['statuses']}"
        )


if __name__ == "__main__":
    main()
