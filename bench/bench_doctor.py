"""`mpnb doctor --write` against a served sandbox with faults, and runs killed in the middle (issue 27).

    python bench/bench_doctor.py                       # 20 runs with faults, 5 killed runs + re-runs
    python bench/bench_doctor.py --runs 3 --kills 1    # a quicker look

Each run is the real command in a process of its own (`mpnb doctor --write --yes-i-mean-project 1000`)
against `mpnb sandbox serve --faults drop=0.1,429=0.1` on a state file, with the real back-off waits.
After every run the state file is read directly (no faults on the way): how many entities named
`mpnb-doctor-...` are left, and whether every other entity is still there, unchanged in number. A killed
run gets SIGKILL a random 0-30 s into its write phase, then the command runs again
and must leave nothing. Not run in CI (tests/doctor/test_served.py runs two faulty runs and one kill).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import mpnb as mp
from mpnb._families import REGISTRY
from mpnb.sandbox import Sandbox

MPNB = [sys.executable, "-m", "mpnb.cli"]


def _serve(state: Path, faults: str | None, home: Path) -> tuple[subprocess.Popen[str], dict[str, str]]:
    cmd = [*MPNB, "sandbox", "serve", "--state", str(state), *(["--faults", faults] if faults else [])]
    env = {**os.environ, "MPNB_HOME": str(home)}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    lines = [proc.stdout.readline() for _ in range(5)]
    return proc, dict(line.removeprefix("export ").strip().split("=", 1) for line in lines)


def _census(state: Path) -> tuple[int, dict[str, set[str]]]:
    """Scratch entities left, and every other entity's id per family."""
    ws = mp.Workspace(_sandbox=Sandbox(state=state))
    left, others = 0, {}
    for fam in REGISTRY:
        records = ws.records(fam.name).read_all()
        mine = [r for r in records if "mpnb-doctor-" in f"{fam.label_of(r)} {r.get('name') or ''}"]
        left += len(mine)
        others[fam.name] = {str(fam.id_of(r)) for r in records if r not in mine}
    return left, others


def _doctor(env: dict[str, str], report_dir: Path) -> tuple[int, float, dict[str, Any]]:
    t0 = time.perf_counter()
    cmd = [*MPNB, "doctor", "--write", "--yes-i-mean-project", "1000", "--report-dir", str(report_dir)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    newest = max(report_dir.glob("*.json"), key=lambda p: p.stat().st_mtime)
    return done.returncode, seconds, json.loads(newest.read_text(encoding="utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20, help="write runs with faults")
    ap.add_argument("--kills", type=int, default=5, help="write runs killed in the middle, each run again")
    ap.add_argument("--faults", default="drop=0.1,429=0.1")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="mpnb-bench-doctor-"))
    home, reports = work / "home", work / "reports"
    reports.mkdir(parents=True)
    state = work / "served.sqlite3"
    server, exports = _serve(state, f"{args.faults},seed={args.seed}", home)
    env = {**os.environ, **exports, "MPNB_HOME": str(home)}
    _, baseline = _census(state)
    rows = []
    try:
        for i in range(args.runs):
            code, seconds, data = _doctor(env, reports)
            left, others = _census(state)
            http = data["http"]
            steps = [s for f in data["families"].values() for s in (f.get("write") or {}).values()]
            rows.append((code, seconds, left, others == baseline, http, steps, data["verdict"]))
            print(
                f"run {i + 1:2}: exit {code}, {seconds:5.1f} s, {data['verdict']}, left {left}, others kept "
                f"{others == baseline}, answers {http['answers']} (429: {http['answers_429']}), "
                f"steps not ok: {[s for s in steps if s != 'ok' and not s.startswith('skipped: ')]}",
                flush=True,
            )
        for i in range(args.kills):
            before = _census(state)[1]
            proc = subprocess.Popen(
                [*MPNB, "doctor", "--write", "--yes-i-mean-project", "1000", "--report-dir", str(reports)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            runs = home / "doctor" / "runs"
            t0 = time.perf_counter()
            while proc.poll() is None and not list(runs.glob("*.json")):  # its write phase has begun
                time.sleep(0.05)
            time.sleep(rng.uniform(0.0, 30.0))
            wait = time.perf_counter() - t0  # from the command's start to the kill
            alive = proc.poll() is None
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            at_kill, _ = _census(state)
            code, seconds, data = _doctor(env, reports)
            left, others = _census(state)
            swept = (data.get("earlier_runs") or {}).get("sweep", {})
            print(
                f"kill {i + 1}: SIGKILL after {wait:4.1f} s ({'mid-run' if alive else 'already done'}), "
                f"{at_kill} scratch entities at the kill; re-run exit {code}, {seconds:5.1f} s, swept "
                f"{sum(swept.get('found', {}).values())}, left {left}, others kept {others == before}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait()
    if rows:
        secs = [r[1] for r in rows]
        print(
            f"\n{len(rows)} faulty runs: {sum(r[2] for r in rows)} entities left in all, others kept in "
            f"{sum(r[3] for r in rows)}/{len(rows)}; exit codes {sorted({r[0] for r in rows})}; "
            f"median {statistics.median(secs):.1f} s (min {min(secs):.1f}, max {max(secs):.1f}); "
            f"429 answers {sum(r[4]['answers_429'] for r in rows)} of {sum(r[4]['answers'] for r in rows)}"
        )
    print(f"work folder: {work}")


if __name__ == "__main__":
    main()
