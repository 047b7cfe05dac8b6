"""The project graph and the apply-time re-check, against one list call (the project-graph issue); not in CI.

    python bench/bench_graph.py                      # 20,000 reports, 30 ms per request, served sandbox
    python bench/bench_graph.py --size 200000 --latency 0.03

One served sandbox in its own process (``mpnb sandbox serve``, loopback HTTP, ``--latency`` seconds per
request, so the server's work does not share the client's interpreter), every figure in one run, the
figures taking turns run by run, best and median of ``--repeats``:

* one reports list call (``ws.records("reports").read_all()``): the yardstick;
* ``ws.graph()``: every family read once, every declared reference linked (target: 1.5x the yardstick);
* the re-check a plan's apply makes for 2,000 edited reports: re-reading those rows by id (target: under
  one list call's time), measured as ``recheck(plan)`` alone.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mpnb as mp
from mpnb.frames._recheck import recheck

sys.path.insert(0, str(Path(__file__).parent))
from vs_peer import serve


def _time(run: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    run()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=20_000)
    ap.add_argument("--latency", type=float, default=0.03)
    ap.add_argument("--edits", type=int, default=2_000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    proc, env = serve(args.size, args.latency, Path(tempfile.mkdtemp()) / "graph.sqlite3")
    ws = mp.Workspace(
        base_url=env["MPNB_BASE_URL"],
        username=env["MP_USERNAME"],
        secret=env["MP_SECRET"],
        project_id=int(env["MP_PROJECT_ID"]),
    )
    df = ws.reports.frame(cleanup=False)
    print(f"{len(df)} reports, {args.latency * 1000:.0f} ms per request, {args.repeats} runs each")
    edited = df.index[: args.edits]
    df.loc[edited, "description"] = "re-checked"
    plan = ws.reports.plan(df)

    def list_call() -> None:
        ws.records("reports").read_all()

    def graph() -> None:
        ws.graph()

    def check() -> None:
        plan.updates = {i: {"description": "re-checked"} for i in edited}
        recheck(plan)

    figures: dict[str, list[float]] = {"reports list": [], "ws.graph()": [], f"re-check of {args.edits} rows": []}
    runs = {"reports list": list_call, "ws.graph()": graph, f"re-check of {args.edits} rows": check}
    requests: dict[str, int] = {}
    for _ in range(args.repeats):
        for name, run in runs.items():
            before = ws.request_count
            figures[name].append(_time(run))
            requests[name] = ws.request_count - before
    base = min(figures["reports list"])
    for name, times in figures.items():
        times.sort()
        best, median = times[0], times[len(times) // 2]
        print(
            f"{name:<28} {best:7.3f} s (median {median:7.3f})  {best / base:5.2f}x the list  {requests[name]} requests"
        )
    proc.kill()


if __name__ == "__main__":
    main()
