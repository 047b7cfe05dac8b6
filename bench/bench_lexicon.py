"""The data dictionary at scale on a served sandbox: the events frame and a 400-event hide against one events
list call. Not run in CI.

    python bench/bench_lexicon.py                     # --size 20000 (5,000 events, 50,000 properties), 30 ms
    python bench/bench_lexicon.py --size 2000 --latency 0.03 --repeats 3

One ``mpnb sandbox serve --state <new file> --size N --faults latency=L`` serves the demo; each figure is the best
of ``--repeats`` in this process, as a ratio to one ``list_event_definitions()`` call measured in the same run
(the machine is shared: ratios, not absolute times). Request counts are the Workspace's own.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from vs_peer import serve  # noqa: E402


def best(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=20000)
    ap.add_argument("--latency", type=float, default=0.03)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--hide", type=int, default=400)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"serving a sandbox of size {args.size} (latency {args.latency}s) ...", flush=True)
        proc, served = serve(args.size, args.latency, Path(tmp) / "lexicon.sqlite3")
        try:
            os.environ.update({**served, "MPNB_HOME": str(Path(tmp) / "home")})
            import mpnb as mp

            ws = mp.Workspace()
            t_list, events = best(ws.list_event_definitions, args.repeats)
            t_reports, _ = best(lambda: ws.records("reports").read_all(), args.repeats)
            n0 = ws.request_count
            t_bare, _ = best(lambda: ws.events.frame(cleanup=False), args.repeats)
            n_bare = (ws.request_count - n0) // args.repeats
            n0 = ws.request_count
            t_frame, df = best(lambda: ws.events.frame(), args.repeats)
            n_frame = (ws.request_count - n0) // args.repeats
            t_props, props = best(lambda: ws.properties.frame(), 1)
            rows = []
            for _ in range(args.repeats):
                df = ws.events.frame(cleanup=False)
                names = list(df.index[~df["hidden"].fillna(False).astype(bool)][: args.hide])
                df.loc[names, "hidden"] = True
                before, t = ws.request_count, time.perf_counter()
                result = ws.events.plan(df).apply(progress=False)
                rows.append((time.perf_counter() - t, ws.request_count - before, len(result), set(result.status)))
                df = ws.events.frame(cleanup=False)  # shown again (not timed), so each round has the same work
                df.loc[names, "hidden"] = False
                ws.events.plan(df).apply(progress=False)
            t_hide = min(r[0] for r in rows)
            print(f"events: {len(events)}, properties: {len(props)}")
            print("| work | requests | time / one events list call |\n| --- | --- | --- |")
            print(f"| one `list_event_definitions()` | 1 | 1.00 ({t_list:.3f} s) |")
            print(f"| one reports list call (what where-used counts must read) | 1 | {t_reports / t_list:.2f} |")
            print(f"| `ws.events.frame(cleanup=False)` | {n_bare} | {t_bare / t_list:.2f} |")
            print(f"| `ws.events.frame()` (with where-used counts) | {n_frame} | {t_frame / t_list:.2f} |")
            print(f"| `ws.properties.frame()` ({len(props)} rows) | - | {t_props / t_list:.2f} |")
            print(f"| hide {args.hide} events: plan (what uses them) + apply | {rows[0][1]} | {t_hide / t_list:.2f} |")
            print(f"(hide rounds: {[(round(r[0], 3), r[1], r[2], sorted(r[3])) for r in rows]})")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
