"""Frames benchmarks (issues 5 and 17, "Performance"); not run in CI.

    python bench/bench_frames.py            # every figure
    python bench/bench_frames.py --size 20000 --latency 0.03 --scale 200000

Every figure runs against the in-process sandbox with its injected latency (``latency=0.03`` = 30 ms per
request). Seconds are wall time without tracemalloc; peak MiB is measured in a second, identical run under
tracemalloc; the machine is shared, so the best and the median of 3 runs are shown. "client only"
repeats the list figure with a transport that replays the sandbox's recorded
answer after the same 30 ms, as the reference figure for mixpanel-headless was taken (a fake transport):
the in-process sandbox's own work (copying and encoding 20,000 records) then no longer counts.
"plan without the fresh read" serves the fresh read from memory, so only the client's own work counts;
it is shown as wall and CPU seconds (CPU time is what a loaded, shared machine distorts least). "scale"
repeats it on a replayed answer of ``--scale`` reports with a tenth of them edited: linear means the
per-row cost stays the same.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import math
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import httpx

import mpnb as mp

REPEATS = 3


def _measure(label: str, setup: Callable[[], Any], run: Callable[[Any], Any], requests: Callable[[Any], int]) -> float:
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
    return seconds


class Replay(httpx.BaseTransport):
    """Answers each request with the response recorded for its path, after ``latency`` seconds."""

    def __init__(self, bodies: dict[str, bytes], latency: float) -> None:
        self.bodies, self.latency = bodies, latency

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        time.sleep(self.latency)
        body = self.bodies[request.url.path]
        return httpx.Response(200, headers={"Content-Type": "application/json"}, content=body, request=request)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=20000)
    ap.add_argument("--edits", type=int, default=2000)
    ap.add_argument("--flags", type=int, default=200)
    ap.add_argument("--latency", type=float, default=0.03)
    ap.add_argument("--scale", type=int, default=200_000, help="rows of the scale figure (0: skip it)")
    args = ap.parse_args()
    lat = f"latency={args.latency}"

    for module in ("mpnb.frames._apply", "mpnb.frames._plan", "mpnb.frames._read"):
        importlib.import_module(module)  # imports are not what is measured

    print(f"seeding a sandbox with {args.size} reports ...", flush=True)
    big = mp.Workspace.sandbox(seed=7, size=args.size, backups=False)
    n_reports = len(big.list_bookmarks_v2())
    print(f"  {n_reports} reports (the seed adds linked copies)\n")
    assert big.emulator is not None

    def with_latency() -> mp.Workspace:
        big.emulator.set_faults(lat)  # type: ignore[union-attr]
        big.frames_state.clear()
        return big

    def reqs(ws: Any) -> int:
        w = ws if isinstance(ws, mp.Workspace) else ws[0]
        return w.request_count

    # 1. list 20,000 reports into a frame
    _measure(f"1. list {n_reports} reports into a frame (sandbox)", with_latency, lambda ws: ws.reports.frame(), reqs)
    big.emulator.set_faults(None)
    recorder = httpx.Client(transport=mp.sandbox.SandboxTransport(big.emulator))
    recorded = {  # the two list calls of ws.reports.frame(): the alerts (for alert counts), then the reports
        path: recorder.get(
            f"http://sandbox.localhost{path}", params={"v": 2}, auth=(mp.sandbox.DEMO_USERNAME, mp.sandbox.DEMO_SECRET)
        ).content
        for path in ("/api/app/projects/1000/bookmarks", "/api/app/projects/1000/alerts/custom/")
    }
    replay_ws = mp.Workspace.sandbox(seed=7, size=1, backups=False)
    replay_ws._http._client._transport = Replay(recorded, args.latency)

    def replay() -> mp.Workspace:
        replay_ws.frames_state.clear()
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

    from mpnb.frames.families import SPECS

    def fresh_only(s: tuple[mp.Workspace, Any]) -> None:
        SPECS["reports"].list_raw(s[0], {"ids": [int(i) for i in s[1].index[: args.edits]]})

    _measure(f"   of which the fresh read of {args.edits} ids (sandbox + 30 ms)", edited, fresh_only, reqs)
    big.emulator.set_faults(None)
    _plan_without_fresh_read(big, args.edits, n_reports)
    big.emulator.set_faults(lat)

    # 3. apply 2,000 report edits: plan (fresh read) + bulk update
    def plan_and_apply(s: tuple[mp.Workspace, Any]) -> None:
        result = s[0].reports.plan(s[1]).apply(progress=False)
        assert (result.status == "ok").all() and len(result) == args.edits

    _measure(f"3. plan + apply {args.edits} report edits", edited, plan_and_apply, reqs)
    bulk = sum(1 for m, p in big.emulator.requests if p.endswith("bulk-update"))
    print(f"   bulk-update requests over the {REPEATS + 1} runs: {bulk} ({bulk / (REPEATS + 1):g} per apply)")

    # 4. flag edits: 1 list + one PUT each, against ceil(n / concurrency) x (latency + the sandbox's time per PUT)
    fl = mp.Workspace.sandbox(seed=7, size=60, backups=False)
    fl.emulator.store.meta["flag_limit"] = args.flags + 100  # type: ignore[union-attr]  (the demo limit is lower)
    have = len(fl.list_feature_flags())
    for n in range(args.flags - have):
        fl.create_feature_flag(mp.CreateFeatureFlagParams(name=f"Bench flag {n}", key=f"bench_flag_{n}"))

    def flags_edited() -> tuple[mp.Workspace, Any]:
        fl.emulator.set_faults(lat)  # type: ignore[union-attr]
        fl.frames_state.clear()
        df = fl.flags.frame()
        df["description"] = [f"edited {time.perf_counter_ns()}"] * len(df)
        return fl, df

    fl.emulator.set_faults(None)  # type: ignore[union-attr]
    df = fl.flags.frame()
    df.loc[df.index[:50], "description"] = f"timing {time.perf_counter_ns()}"
    probe = fl.flags.plan(df)
    t0 = time.perf_counter()
    probe.apply(concurrency=1, progress=False)  # one PUT at a time, no latency: the sandbox's (and client's) work
    per_put = (time.perf_counter() - t0) / 50
    df = fl.flags.frame()
    plan = fl.flags.plan(df.assign(description="probe"))
    workers = plan.concurrency
    bound = math.ceil(args.flags / workers) * (args.latency + per_put)

    def flags_apply(s: tuple[mp.Workspace, Any]) -> None:
        result = s[0].flags.plan(s[1]).apply(progress=False)
        assert (result.status == "ok").all() and len(result) == args.flags, result.status.value_counts()

    label = f"4. plan + apply {args.flags} flag edits (list + PUT each, default {workers} threads)"
    best = _measure(label, flags_edited, flags_apply, reqs)
    print(
        f"   bound ceil({args.flags}/{workers}) x ({args.latency * 1000:.0f} ms + {per_put * 1000:.1f} ms sandbox "
        f"per PUT) = {bound:.3f} s; measured / bound = {best / bound:.2f}"
    )
    if args.scale:
        _scale(recorded["/api/app/projects/1000/bookmarks"], args.scale, n_reports)


def _plan_cpu(ws: mp.Workspace, df: Any) -> tuple[float, float]:
    """Best wall and CPU seconds of 5 plans of ``df`` whose fresh read is served from memory."""
    import mpnb.frames._plan as plan_module

    real = plan_module.fresh_read
    cache: dict[tuple[Any, ...], Any] = {}

    def cached(w: Any, spec: Any, ids: list[Any]) -> Any:
        key = tuple(ids)
        if key not in cache:
            cache[key] = real(w, spec, ids)
        return cache[key]

    plan_module.fresh_read = cached  # type: ignore[assignment]
    try:
        ws.reports.plan(df)
        walls, cpus = [], []
        for _ in range(5):
            gc.collect()
            w0, c0 = time.perf_counter(), time.process_time()
            ws.reports.plan(df)
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
    finally:
        plan_module.fresh_read = real
    return min(walls), min(cpus)


def _plan_without_fresh_read(ws: mp.Workspace, edits: int, n: int) -> None:
    ws.frames_state.clear()
    df = ws.reports.frame()
    ids = df.index[:edits]
    df.loc[ids, "name"] = df.loc[ids, "name"] + " (renamed)"
    wall, cpu = _plan_cpu(ws, df)
    print(
        f"{'2b. plan ' + str(n) + ' rows with ' + str(edits) + ' edits, without the fresh read':<62} "
        f"{wall:6.3f} s wall, {cpu:6.3f} s CPU (target <= 0.050 s)",
        flush=True,
    )


def _scale(answer: bytes, size: int, n_base: int) -> None:
    """The same plan on ``size`` replayed reports with a tenth edited, next to ``n_base`` rows."""
    records = json.loads(answer)
    records = records.get("results", records) if isinstance(records, dict) else records
    figures = []
    for n in (n_base, size):
        many = []
        for k in range(math.ceil(n / len(records))):
            for r in records:
                many.append(dict(r, id=r["id"] + k * 10_000_000))
        many = many[:n]
        body = json.dumps({"status": "ok", "results": many}).encode()
        ws = mp.Workspace.sandbox(seed=7, size=1, backups=False)
        ws._http._client._transport = Replay({"/api/app/projects/1000/bookmarks": body}, 0.0)
        df = ws.reports.frame(cleanup=False)
        ids = df.index[: n // 10]
        df.loc[ids, "name"] = df.loc[ids, "name"] + " (renamed)"
        wall, cpu = _plan_cpu(ws, df)
        figures.append((n, wall, cpu))
        print(
            f"5. scale: plan {n} rows with {n // 10} edits, no fresh read{'':<14} {wall:6.3f} s wall, "
            f"{cpu:6.3f} s CPU, {cpu / n * 1e6:.2f} us CPU per row",
            flush=True,
        )
        del ws, df, many, body
    (n0, _, c0), (n1, _, c1) = figures
    print(f"   per-row CPU at {n1} / at {n0}: {(c1 / n1) / (c0 / n0):.2f} (1.0 = linear)")


if __name__ == "__main__":
    main()
