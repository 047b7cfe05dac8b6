"""Audit benchmark (the cleanup audit issue): requests and wall time of a full audit; not run in CI.

    python bench/bench_audit.py                       # 20,000 reports, 30 ms per request
    python bench/bench_audit.py --size 2000 --latency 0.05

Against the in-process sandbox with its injected latency. The reference in the same run is one list call
of reports into a frame (``ws.reports.frame(cleanup=False)``), so the ratio says what the audit costs
beyond the read it cannot avoid; the machine is shared, so best and median of 3 runs are shown.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import time
from collections.abc import Callable

import mpnb as mp

REPEATS = 3


def _measure(ws: mp.Workspace, run: Callable[[], object]) -> tuple[float, float, int]:
    """(best seconds, median seconds, requests of one run)."""
    times, count = [], 0
    for _ in range(REPEATS):
        ws.__dict__.pop("_frames_state", None)
        gc.collect()
        before = ws.request_count
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
        count = ws.request_count - before
    times.sort()
    return times[0], times[len(times) // 2], count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--size", type=int, default=20000, help="demo reports to seed")
    ap.add_argument("--latency", type=float, default=0.03, help="seconds per request")
    args = ap.parse_args()
    for module in ("mpnb.frames._read", "mpnb.audit._audit", "pandas"):
        importlib.import_module(module)  # imports are not what is measured

    print(f"seeding a sandbox with {args.size} reports ...", flush=True)
    ws = mp.Workspace.sandbox(seed=7, size=args.size, backups=False)
    assert ws.emulator is not None
    ws.emulator.set_faults(f"latency={args.latency}")
    n_reports = len(ws.reports.frame(cleanup=False))
    print(f"  {n_reports} reports, latency {args.latency * 1000:.0f} ms per request\n")

    rows = [
        ("one reports list call into a frame", lambda: ws.reports.frame(cleanup=False)),
        ("reports frame with cleanup columns", lambda: ws.reports.frame()),
        ("full audit (every rule but the webhook test)", lambda: ws.audit()),
    ]
    base = None
    for label, run in rows:
        best, median, count = _measure(ws, run)
        base = base or best
        print(f"{label:<48} {best:7.3f} s (median {median:7.3f})  {count:3d} requests  x{best / base:5.2f}")
    audit = ws.audit()
    fix = ["never_viewed_report", "duplicate_report", "orphaned_alert", "stale_flag"]
    best, median, count = _measure(ws, lambda: audit.plan(rules=fix))
    label = "plan of " + ", ".join(fix)
    print(f"{label:<48} {best:7.3f} s (median {median:7.3f})  {count:3d} requests  x{best / base:5.2f}")
    print(f"\n{len(audit)} findings; reads: {', '.join(audit.reads)}")
    print(audit.summary().query("findings > 0")[["family", "rule", "findings"]].to_string(index=False))


if __name__ == "__main__":
    main()
