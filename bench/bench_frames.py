"""Frames benchmarks (issue 5, "Performance"); not run in CI.

    python bench/bench_frames.py            # all four figures
    python bench/bench_frames.py --size 20000 --latency 0.03

Every figure runs against the in-process sandbox with its injected latency (``latency=0.03`` = 30 ms per
request). Seconds are wall time without tracemalloc; peak MiB is measured in a second, identical run under
tracemalloc; the machine is shared, so the best and the median of 3 runs are shown. "client only"
repeats the list figure with a transport that replays the sandbox's recorded
answer after the same 30 ms, as the reference figure for mixpanel-headless was taken (a fake transport):
the in-process sandbox's own work (copying and encoding 20,000 records) then no longer counts.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import httpx

import mpnb as mp

REPEATS = 3


def _measure(label: str, setup: Callable[[], Any], run: Callable[[Any], Any], requests: Callable[[Any], int]) -> None:
    """Best and median of REPEATS timed runs (the machine is shared), then one run under tracemalloc."""
    times = []
    for _ in range(REPEATS):
        state = setup()
        gc.collect()
        before = requests(state)
        t0 = time.perf_counter()
        run(state)
        times.append(time.perf_counter() - t0)
        count = requests(state) - before
    times.sort()
    seconds, median = times[0], times[len(times) // 2]
    state = setup()
    gc.collect()
    tracemalloc.start()
    run(state)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"{label:<62} {seconds:6.3f} s (median {median:6.3f})  {peak:6.1f} MiB  {count:4d} requests", flush=True)


class Replay(httpx.BaseTransport):
    """Answers every request with one recorded response after ``latency`` seconds."""

    def __init__(self, body: bytes, latency: float) -> None:
        self.body, self.latency = body, latency

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        time.sleep(self.latency)
        return httpx.Response(200, headers={"Content-Type": "application/json"}, content=self.body, request=request)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=20000)
    ap.add_argument("--edits", type=int, default=2000)
    ap.add_argument("--flags", type=int, default=300)
    ap.add_argument("--latency", type=float, default=0.03)
    args = ap.parse_args()
    lat = f"latency={args.latency}"

    for module in ("mpnb.frames._apply", "mpnb.frames._plan", "mpnb.frames._read"):
        importlib.import_module(module)  # imports are not what is measured

    print(f"seeding a sandbox with {args.size} reports ...", flush=True)
    big = mp.Workspace.sandbox(seed=7, size=args.size, backups=False)
    n_reports = len(big._raw_bookmarks())
    print(f"  {n_reports} reports (the seed adds linked copies)\n")
    assert big.emulator is not None

    def with_latency() -> mp.Workspace:
        big.emulator.set_faults(lat)  # type: ignore[union-attr]
        big.__dict__.pop("_frames_state", None)
        return big

    def reqs(ws: Any) -> int:
        w = ws if isinstance(ws, mp.Workspace) else ws[0]
        return w.request_count

    # 1. list 20,000 reports into a frame
    _measure(f"1. list {n_reports} reports into a frame (sandbox)", with_latency, lambda ws: ws.reports.frame(), reqs)
    big.emulator.set_faults(None)
    recorded = httpx.Client(transport=mp.sandbox.SandboxTransport(big.emulator)).get(
        "http://sandbox.localhost/api/app/projects/1000/bookmarks",
        params={"v": 2},
        auth=(mp.sandbox.DEMO_USERNAME, mp.sandbox.DEMO_SECRET),
    )
    replay_ws = mp.Workspace.sandbox(seed=7, size=1, backups=False)
    replay_ws._http._client._transport = Replay(recorded.content, args.latency)

    def replay() -> mp.Workspace:
        replay_ws.__dict__.pop("_frames_state", None)
        return replay_ws

    _measure(f"1. list {n_reports} reports into a frame (client only)", replay, lambda ws: ws.reports.frame(), reqs)

    # 2. plan a 20,000-row frame with 2,000 edits
    def edited() -> tuple[mp.Workspace, Any]:
        ws = with_latency()
        df = ws.reports.frame()
        ids = df.index[: args.edits]
        df.loc[ids, "name"] = df.loc[ids, "name"] + " (renamed)"
        return ws, df

    _measure(
        f"2. plan {n_reports} rows with {args.edits} edits (incl. fresh read)",
        edited,
        lambda s: s[0].reports.plan(s[1]),
        reqs,
    )

    from mpnb.frames._families import SPECS

    def fresh_only(s: tuple[mp.Workspace, Any]) -> None:
        SPECS["reports"].list_raw(s[0], {"ids": [int(i) for i in s[1].index[: args.edits]]})

    _measure(f"   of which the fresh read of {args.edits} ids (sandbox + 30 ms)", edited, fresh_only, reqs)

    # 3. apply 2,000 report edits: plan (fresh read) + bulk update
    def plan_and_apply(s: tuple[mp.Workspace, Any]) -> None:
        result = s[0].reports.plan(s[1]).apply(progress=False)
        assert (result.status == "ok").all() and len(result) == args.edits

    _measure(f"3. plan + apply {args.edits} report edits", edited, plan_and_apply, reqs)
    bulk = sum(1 for m, p in big.emulator.requests if p.endswith("bulk-update"))
    print(f"   bulk-update requests over the {REPEATS + 1} runs: {bulk} ({bulk / (REPEATS + 1):g} per apply)")

    # 4. 300 flag edits: 1 list + 300 PUTs
    fl = mp.Workspace.sandbox(seed=7, size=60, backups=False)
    fl.emulator.store.meta["flag_limit"] = args.flags + 100  # type: ignore[union-attr]  (the demo limit is lower)
    have = len(fl.list_feature_flags())
    for n in range(args.flags - have):
        fl.create_feature_flag(mp.CreateFeatureFlagParams(name=f"Bench flag {n}", key=f"bench_flag_{n}"))

    def flags_edited() -> tuple[mp.Workspace, Any]:
        fl.emulator.set_faults(lat)  # type: ignore[union-attr]
        fl.__dict__.pop("_frames_state", None)
        df = fl.flags.frame()
        df["description"] = [f"edited {time.perf_counter_ns()}"] * len(df)
        return fl, df

    def flags_apply(s: tuple[mp.Workspace, Any]) -> None:
        result = s[0].flags.plan(s[1]).apply(concurrency=16, progress=False)
        assert (result.status == "ok").all() and len(result) == args.flags, result.status.value_counts()

    _measure(f"4. plan + apply {args.flags} flag edits (list + PUT each, 16 threads)", flags_edited, flags_apply, reqs)


if __name__ == "__main__":
    main()
