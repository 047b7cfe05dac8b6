"""How close ``ws.reports.frame()`` is to the physical floor, on one served sandbox; not run in CI.

    python bench/bench_floor.py                    # 20,000 reports, no injected latency, best of 5
    python bench/bench_floor.py --size 20000 --repeats 5 --latency 0.03
    python bench/bench_floor.py --before /tmp/old-tree   # the frame figures of another tree too, taking turns

One ``mpnb sandbox serve --state <new file> --size N`` answers every figure. Each figure runs in a fresh child
process (so no figure pays for another's heap), timed ``--repeats`` times taking turns, best shown; peak memory
comes from one more run under tracemalloc (which slows it, so it is not timed):

* ``GET``: one raw GET of the reports list (httpx, the answer's bytes read, nothing parsed);
* ``floor``: the same GET, ``json.loads``, ``pandas.DataFrame(records)``: the naive frame anyone would write;
* ``frame(cleanup=False)``: mpnb's frame from the same one list call (typed, nullable dtypes, indexed by id,
  a snapshot kept for plans);
* ``frame()``: the default, which adds the alerts list and the cleanup columns (two requests).

The ratio that matters is frame / floor (target 1.3x).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from vs_peer import MPNB_PY, run, serve  # noqa: E402

GET = """
import httpx
url = os.environ["MPNB_BASE_URL"].rstrip("/") + "/api/app/projects/" + os.environ["MP_PROJECT_ID"] + "/bookmarks"
client = httpx.Client(auth=(os.environ["MP_USERNAME"], os.environ["MP_SECRET"]), timeout=300)
t = start()
body = client.get(url, params={"v": 2}).content
"""

CODE = {
    "GET": GET + "report(time.perf_counter() - t)\nassert len(body) > 1000\n",
    "floor": "import pandas as pd\n"
    + GET
    + 'df = pd.DataFrame(json.loads(body)["results"])\nreport(time.perf_counter() - t)\nassert len(df) > 0\n',
    "frame(cleanup=False)": """
import mpnb as mp, pandas
import mpnb.frames._read
ws = mp.Workspace()
t = start(); df = ws.reports.frame(cleanup=False); report(time.perf_counter() - t)
assert len(df) > 0
""",
    "frame()": """
import mpnb as mp, pandas
import mpnb.frames._read, mpnb.frames._cleanup
ws = mp.Workspace()
t = start(); df = ws.reports.frame(); report(time.perf_counter() - t)
assert len(df) > 0
""",
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=20_000)
    ap.add_argument("--latency", type=float, default=0.0)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--before", default=None, help="also run the mpnb figures from this source tree, taking turns")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"serving a sandbox with {args.size} reports ...", flush=True)
        proc, served = serve(args.size, args.latency, Path(tmp) / "floor.sqlite3")
        try:
            env = {**served, "MPNB_HOME": str(Path(tmp) / "home")}
            figures = [(name, code, env) for name, code in CODE.items()]
            if args.before:
                before = {**env, "PYTHONPATH": args.before}
                figures += [(f"{name}, before", code, before) for name, code in CODE.items() if "frame" in name]
            timed: dict[str, list[float]] = {name: [] for name, _, _ in figures}
            for _ in range(args.repeats):
                for name, code, child_env in figures:
                    out = run(MPNB_PY, code, child_env, measure=False)
                    assert isinstance(out, dict), (name, out)
                    timed[name].append(out["seconds"])
            peaks: dict[str, Any] = {}
            for name, code, child_env in figures:
                out = run(MPNB_PY, code, child_env, measure=True)
                peaks[name] = out["peak_mib"] if isinstance(out, dict) else None
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    floor = min(timed["floor"])
    print(f"\n{args.size:,} reports, {args.latency * 1000:.0f} ms injected latency, best of {args.repeats}")
    print("| figure | best | median | peak MiB (tracemalloc) | / floor |\n| --- | ---: | ---: | ---: | ---: |")
    for name, times in timed.items():
        times.sort()
        best, median = times[0], times[len(times) // 2]
        print(f"| {name} | {best:.3f} s | {median:.3f} s | {peaks[name]:.1f} | {best / floor:.2f}x |")


if __name__ == "__main__":
    main()
