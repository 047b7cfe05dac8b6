"""Restore benchmark (issue 10, "restore is slow"); not run in CI.

    python bench/bench_restore.py                     # 20,000-report sandbox, restore 4,000 reports
    python bench/bench_restore.py --size 5000 --restore 1000 --concurrency 16

On a latency-free in-process sandbox: delete N reports (one backup), then time ``ws.restore`` of that
backup, and in the same run one ``list_bookmarks_v2()`` of the whole family. The figure is the ratio
restore / list, so it does not depend on how loaded the shared machine is. Mixpanel has no bulk create
for reports: each is a POST plus a board PATCH, sent on ``concurrency`` threads.
"""

from __future__ import annotations

import argparse
import tempfile
import time

import mpnb as mp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=20_000, help="reports in the sandbox")
    ap.add_argument("--restore", type=int, default=4_000, help="reports to delete and restore")
    ap.add_argument("--concurrency", type=int, default=8)
    args = ap.parse_args()

    ws = mp.Workspace.sandbox(seed=1, size=args.size, backup_dir=tempfile.mkdtemp(prefix="mpnb-bench-"))
    ids = [r.id for r in ws.list_bookmarks_v2()[: args.restore]]
    t0 = time.perf_counter()
    ws.bulk_delete_bookmarks(ids)
    delete_s = time.perf_counter() - t0
    backup = ws.backups.latest("reports")
    assert backup is not None

    t0 = time.perf_counter()
    listed = ws.list_bookmarks_v2()
    list_s = time.perf_counter() - t0

    before = ws.request_count
    t0 = time.perf_counter()
    result = ws.restore(backup, concurrency=args.concurrency, progress=False)
    restore_s = time.perf_counter() - t0
    requests = ws.request_count - before
    ok = sum(1 for r in result.rows if r["role"] == "entity" and r["status"] == "ok")
    entities = sum(1 for r in result.rows if r["role"] == "entity")

    t0 = time.perf_counter()
    again = ws.restore(backup, progress=False)
    rerun_s = time.perf_counter() - t0
    assert all(r["status"] == "already restored" for r in again.rows if r["role"] == "entity")

    print(f"sandbox: {len(listed) + len(ids)} reports before the delete; {len(ids)} deleted in {delete_s:.2f} s")
    print(f"list_bookmarks_v2 of {len(listed)} reports:            {list_s:7.3f} s")
    print(
        f"restore of {len(ids)} reports (+ alerts, cards):     {restore_s:7.3f} s  "
        f"{requests} requests, {ok}/{entities} entities ok, concurrency {args.concurrency}"
    )
    print(f"ratio restore / list:                        {restore_s / list_s:7.1f}x")
    print(f"re-run of the same restore (journal):        {rerun_s:7.3f} s, nothing recreated")


if __name__ == "__main__":
    main()
