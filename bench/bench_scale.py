"""mpnb at 20,000 and 200,000 reports in one run: is every workflow linear? Not run in CI.

    python bench/bench_scale.py                          # --sizes 20000,200000
    python bench/bench_scale.py --sizes 20000,100000     # where 200,000 is too slow for a figure

For each size, one ``mpnb sandbox serve --state <new file> --size N`` (no injected latency: the client's and the
server's own work is what grows) and these figures, each step timed alone:

* seed: the serve command until it answers (seeding the state file), and its peak RSS;
* frame: ``ws.reports.frame()``;
* plan with its fresh read, then the same plan without it (the fresh read served from memory), with a tenth of
  the rows renamed (2,000 at 20,000);
* apply of that plan (its re-check by id, then the bulk calls);
* the audit (every rule but the webhook test), in a process of its own;
* ``ws.graph()``, in a process of its own;
* ``mpnb reports export`` (CSV to /dev/null), a process of its own.

Memory is the process's peak RSS during the step (``/proc/self/clear_refs`` resets the peak before each step) and
how much of it the step added; the CLI's and the seed's are the whole process's peak. Per-row figures divide by the
reports listed (the seed adds linked copies: 20,000 becomes 20,895).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

PY = sys.executable

PRELUDE = r"""
import json, os, sys, time
def _status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
def step(name, fn):
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # the peak RSS starts again from what the process holds now
    base = _status("VmRSS")
    t = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - t
    peak = _status("VmHWM")
    print(json.dumps({"step": name, "seconds": seconds, "peak_mib": peak, "added_mib": peak - base}), flush=True)
    return out
import mpnb as mp, pandas
import mpnb.frames._read, mpnb.frames._cleanup, mpnb.frames._plan, mpnb.frames._apply
ws = mp.Workspace()
"""

FRAMES = r"""
import mpnb.frames._plan as plan_module
df = step("frame", lambda: ws.reports.frame())
print(json.dumps({"rows": len(df)}), flush=True)
ids = df.index[: len(df) // 10]
df.loc[ids, "name"] = df.loc[ids, "name"] + " (scaled)"
real, cache = plan_module.fresh_read, {}
def kept(w, spec, ids):
    key = tuple(ids)
    if key not in cache:
        cache[key] = real(w, spec, ids)
    return cache[key]
plan_module.fresh_read = kept
plan = step("plan with its fresh read", lambda: ws.reports.plan(df))
step("plan without the fresh read", lambda: ws.reports.plan(df))
plan_module.fresh_read = real
result = step("apply", lambda: plan.apply(progress=False))
assert (result.status == "ok").all() and len(result) == len(ids), result.status.value_counts()
"""

AUDIT = 'audit = step("audit", lambda: ws.audit(progress=False))\n'
GRAPH = 'graph = step("ws.graph()", lambda: ws.graph(progress=False))\n'


def _serve(size: int, state: Path) -> tuple[subprocess.Popen[str], dict[str, str], float, float]:
    """Serve (and seed) a state of ``size`` reports: the process, its variables, seconds to answer, peak MiB."""
    cmd = [PY, "-m", "mpnb.cli", "sandbox", "serve", "--state", str(state), "--size", str(size)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MP_", "MPNB_"))}
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("export "):
            key, _, value = line[len("export ") :].strip().partition("=")
            env[key] = value.strip("'\"")
        if "MPNB_SANDBOX_WORKSPACES" in env:
            break
    else:
        raise SystemExit("the sandbox server did not start")
    seconds = time.perf_counter() - t
    threading.Thread(target=lambda: [None for _ in proc.stdout or []], daemon=True).start()
    peak = 0.0
    for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    return proc, env, seconds, peak


def _child(code: str, env: dict[str, str], timeout: float) -> list[dict[str, Any]]:
    done = subprocess.run(
        [PY, "-c", PRELUDE + code], env=env, capture_output=True, text=True, timeout=timeout, cwd=tempfile.gettempdir()
    )
    if done.returncode != 0:
        print(f"   ! failed: {done.stderr.strip()[-400:]}", file=sys.stderr)
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _export(env: dict[str, str], timeout: float) -> dict[str, Any]:
    t = time.perf_counter()
    with open(os.devnull, "w") as sink:
        proc = subprocess.Popen([PY, "-m", "mpnb.cli", "reports", "export"], env=env, stdout=sink)
        _, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, status
    seconds = time.perf_counter() - t
    return {"step": "CLI export (whole process)", "seconds": seconds, "peak_mib": usage.ru_maxrss / 1024}


def measure(size: int, timeout: float) -> tuple[int, list[dict[str, Any]]]:
    with tempfile.TemporaryDirectory() as tmp:
        print(f"seeding and serving {size:,} reports ...", flush=True)
        proc, env, seconds, peak = _serve(size, Path(tmp) / "scale.sqlite3")
        rows: list[dict[str, Any]] = [{"step": "seed (serve until it answers)", "seconds": seconds, "peak_mib": peak}]
        print(f"  {rows[-1]}", flush=True)
        env["MPNB_HOME"] = str(Path(tmp) / "home")
        n = 0
        try:
            for code in (FRAMES, AUDIT, GRAPH):
                for out in _child(code, env, timeout):
                    if "rows" in out:
                        n = out["rows"]
                    else:
                        rows.append(out)
                        print(f"  {out}", flush=True)
            rows.append(_export(env, timeout))
            print(f"  {rows[-1]}", flush=True)
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    return n, rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="20000,200000", help="comma-separated report counts (the first is the base)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds a child process may take")
    args = ap.parse_args()
    runs = [measure(int(s), args.timeout) for s in args.sizes.split(",")]
    (n0, base), *rest = runs
    head = f"| step | {n0:,} rows: s, peak MiB (added) |"
    sep = "| --- | --- |"
    for n, _ in rest:
        head += f" {n:,} rows: s, peak MiB (added) | time x (rows x{n / n0:.1f}) | us/row |"
        sep += " --- | --- | --- |"
    print("\n" + head + "\n" + sep)
    for i, row in enumerate(base):
        cells = [row["step"], _cell(row)]
        for n, other in rest:
            o = other[i] if i < len(other) and other[i]["step"] == row["step"] else None
            if o is None:
                cells += ["-", "-", "-"]
                continue
            cells += [_cell(o), f"{o['seconds'] / row['seconds']:.1f}x", f"{o['seconds'] / n * 1e6:.1f}"]
        print("| " + " | ".join(cells) + " |")


def _cell(row: dict[str, Any]) -> str:
    added = f" (+{row['added_mib']:.0f})" if "added_mib" in row else ""
    return f"{row['seconds']:.2f} s, {row['peak_mib']:.0f}{added}"


if __name__ == "__main__":
    main()
