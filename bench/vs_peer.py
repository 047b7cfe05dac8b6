"""mpnb next to mixpanel-headless (the peer) on one served sandbox; not run in CI.

    python bench/vs_peer.py                 # installs the peer into bench/.peer-venv on first use
    python bench/vs_peer.py --size 20000 --latency 0.03 --flags 200 --renames 2000

One ``mpnb sandbox serve --state <new file> --size N --faults latency=L`` (a new SQLite state: the default
sandbox would keep whatever size it already has) serves both clients (the peer is pointed at it with
its ``MP_APP_BASE_URL`` override and service-account variables). The peer lives in its own venv under
``bench/`` and is never a dependency of mpnb. Each figure runs in a fresh child process per client, once
timed and once under tracemalloc (tracemalloc slows the timed run), best of ``--repeats``; the clients'
timed runs take turns. Runs that write keep their changes (each rename adds its suffix again, each flag
edit writes a new description). ``--mpnb-src DIR`` runs the mpnb side from another tree (a "before");
``--before DIR`` runs that tree as a third client, taking turns with the other two.
The four rows: ``import``, every report into a DataFrame, ``--flags`` flag edits (mpnb: frames, one list
+ one PUT each; the peer: a GET and a PUT each), and a rename of ``--renames`` reports (mpnb: plan with
its fresh read, then apply; the peer: one blind bulk call).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PEER_VENV = HERE / ".peer-venv"
PEER = "mixpanel-headless==0.4.0"
MPNB_PY = sys.executable

# Each child prints one JSON line: {"seconds": ..., "peak_mib": ...}. ``MEASURE`` is 1 for the memory pass.
PRELUDE = """
import json, os, sys, time, tracemalloc
MEASURE = os.environ.get("MEASURE") == "1"
def report(seconds):
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if MEASURE else None
    print(json.dumps({"seconds": seconds, "peak_mib": peak}))
def start():
    if MEASURE:
        tracemalloc.start()
    return time.perf_counter()
"""

MPNB = {
    "import": """
t = start(); import mpnb; report(time.perf_counter() - t)
""",
    "list": """
import mpnb as mp, pandas
ws = mp.Workspace()
t = start(); df = ws.reports.frame(); report(time.perf_counter() - t)
assert len(df) > 0
""",
    "flags": """
import mpnb as mp, pandas
ws = mp.Workspace()
N = int(os.environ["N_FLAGS"])
t0 = time.perf_counter()
t = start()
df = ws.flags.frame()
ids = df.index[:N]
df.loc[ids, "description"] = "edited by mpnb " + str(time.time_ns())
result = ws.flags.plan(df).apply(progress=False)
report(time.perf_counter() - t)
assert (result.status == "ok").all() and len(result) == N, result.status.value_counts()
""",
    "rename": """
import mpnb as mp, pandas
ws = mp.Workspace()
N = int(os.environ["N_RENAMES"])
df = ws.reports.frame()
ids = df.index[:N]
df.loc[ids, "name"] = df.loc[ids, "name"] + " (mpnb)"
t = start()
result = ws.reports.plan(df).apply(progress=False)
report(time.perf_counter() - t)
assert (result.status == "ok").all() and len(result) == N
""",
}

PEER_CODE = {
    "import": """
t = start(); import mixpanel_headless; report(time.perf_counter() - t)
""",
    "list": """
import mixpanel_headless as mh, pandas as pd
ws = mh.Workspace()
t = start(); df = pd.DataFrame([b.model_dump() for b in ws.list_bookmarks_v2()]); report(time.perf_counter() - t)
assert len(df) > 0
""",
    "flags": """
import mixpanel_headless as mh
from mixpanel_headless.types import UpdateFeatureFlagParams
ws = mh.Workspace()
N = int(os.environ["N_FLAGS"])
t = start()
flags = ws.list_feature_flags()[:N]
fields = set(UpdateFeatureFlagParams.model_fields)
for f in flags:
    flag = ws.get_feature_flag(f.id)
    body = {k: v for k, v in flag.model_dump().items() if k in fields and v is not None}
    body["description"] = "edited by the peer " + str(time.time_ns())
    ws.update_feature_flag(f.id, UpdateFeatureFlagParams(**body))
report(time.perf_counter() - t)
""",
    "rename": """
import mixpanel_headless as mh
from mixpanel_headless.types import BulkUpdateBookmarkEntry
ws = mh.Workspace()
N = int(os.environ["N_RENAMES"])
reports = ws.list_bookmarks_v2()[:N]
entries = [BulkUpdateBookmarkEntry(id=r.id, name=r.name + " (peer)") for r in reports]
t = start(); ws.bulk_update_bookmarks(entries); report(time.perf_counter() - t)
""",
}


def peer_python() -> Path | None:
    py = PEER_VENV / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
    ok = subprocess.run([str(py), "-c", "import mixpanel_headless"], capture_output=True).returncode == 0
    if not ok:
        done = subprocess.run([str(py), "-m", "pip", "install", "-q", PEER, "pandas"], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"could not install {PEER}: {done.stderr.strip()[-500:]}", file=sys.stderr)
            return None
    return py


SETUP = """
import mpnb as mp
ws = mp.Workspace()
N = int(os.environ["N_FLAGS"])
have = len(ws.list_feature_flags())
for n in range(N - have):
    ws.create_feature_flag(mp.CreateFeatureFlagParams(name=f"Bench flag {n}", key=f"bench_flag_{n}"))
print(json.dumps({"seconds": 0, "peak_mib": None}))
"""


def serve(size: int, latency: float, state: Path) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """Start ``mpnb sandbox serve`` on a new state; its ``export`` lines as a dict (the rest is drained)."""
    cmd = [MPNB_PY, "-m", "mpnb.cli", "sandbox", "serve", "--state", str(state), "--size", str(size)]
    cmd += ["--faults", f"latency={latency}"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    env: dict[str, str] = {}
    for line in proc.stdout:
        if line.startswith("export "):
            key, _, value = line[len("export ") :].strip().partition("=")
            env[key] = value.strip("'\"")
        if "MPNB_SANDBOX_WORKSPACES" in env:
            break
    if "MPNB_BASE_URL" not in env:
        proc.kill()
        raise SystemExit(f"mpnb sandbox serve did not start: {env}")
    threading.Thread(target=lambda: [None for _ in proc.stdout or []], daemon=True).start()
    return proc, env


def run(python: str, code: str, env: dict[str, str], measure: bool) -> dict[str, Any] | str:
    done = subprocess.run(
        [python, "-c", PRELUDE + code],
        env={**os.environ, **env, "MEASURE": "1" if measure else "0"},
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tempfile.gettempdir(),  # not this checkout: `python -c` puts the working directory first on
        # sys.path, which would shadow --mpnb-src (a "before" run would import this tree)
    )
    if done.returncode != 0:
        return (done.stderr.strip().splitlines() or ["failed"])[-1][:200]
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=20000)
    ap.add_argument("--latency", type=float, default=0.03)
    ap.add_argument("--flags", type=int, default=200)
    ap.add_argument("--renames", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--mpnb-src", default=None, help="run the mpnb side from this source tree (a before/after run)")
    ap.add_argument("--before", default=None, help="also run the mpnb side from this tree, taking turns (a before)")
    ap.add_argument("--skip-peer", action="store_true", help="only the mpnb side")
    ap.add_argument("--rows", default="import,list,flags,rename", help="which rows, comma-separated")
    args = ap.parse_args()
    peer = None if args.skip_peer else peer_python()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"serving a sandbox with {args.size} reports; adding flags up to {args.flags} ...", flush=True)
        proc, served = serve(args.size, args.latency, Path(tmp) / "bench.sqlite3")
        try:
            app = served["MPNB_BASE_URL"].rstrip("/")
            mpnb_env = {**served, "MPNB_HOME": str(Path(tmp) / "home")}
            if args.mpnb_src:
                mpnb_env["PYTHONPATH"] = args.mpnb_src
            peer_env = {
                "MP_USERNAME": served["MP_USERNAME"],
                "MP_SECRET": served["MP_SECRET"],
                "MP_PROJECT_ID": served["MP_PROJECT_ID"],
                "MP_REGION": "us",
                "MP_APP_BASE_URL": app,
                "MP_API_BASE_URL": app,
                "MP_CONFIG_PATH": str(Path(tmp) / "peer.toml"),
                "HOME": tmp,
            }
            setup_env = {k: v for k, v in mpnb_env.items() if k != "PYTHONPATH"}
            made = run(MPNB_PY, SETUP, {**setup_env, "N_FLAGS": str(args.flags)}, measure=False)
            assert isinstance(made, dict), made
            rows = []
            for name in [r for r in ("import", "list", "flags", "rename") if r in args.rows.split(",")]:
                extra = {"N_FLAGS": str(args.flags), "N_RENAMES": str(args.renames)}
                clients = [
                    (who, py, code, env)
                    for who, py, code, env in (
                        ("peer", str(peer) if peer else None, PEER_CODE[name], peer_env),
                        ("mpnb", MPNB_PY, MPNB[name], mpnb_env),
                    )
                    if py is not None
                ]
                if args.before:
                    clients.append(("mpnb before", MPNB_PY, MPNB[name], {**mpnb_env, "PYTHONPATH": args.before}))
                # the clients take turns, run by run: the served state changes as runs write (names grow,
                # SQLite's log fills and is checkpointed), so neither client gets only the older state
                timed: dict[str, list[Any]] = {who: [] for who, *_ in clients}
                for _ in range(args.repeats):
                    for who, py, code, env in clients:
                        timed[who].append(run(py, code, {**env, **extra}, measure=False))
                figures: dict[str, Any] = {} if peer else {"peer": "not installed"}
                for who, py, code, env in clients:
                    ok = [t["seconds"] for t in timed[who] if isinstance(t, dict)]
                    mem = run(py, code, {**env, **extra}, measure=True)
                    figures[who] = (
                        {"seconds": min(ok), "peak_mib": mem.get("peak_mib") if isinstance(mem, dict) else None}
                        if ok
                        else str(timed[who][0])
                    )
                rows.append((name, figures))
                print(f"  {name}: {figures}", flush=True)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    labels = {
        "import": "`import`",
        "list": f"list every report into a DataFrame ({args.size}+)",
        "flags": f"{args.flags} flag edits",
        "rename": f"rename {args.renames} reports",
    }
    print("\n| work | peer | mpnb | peer / mpnb |\n| --- | --- | --- | --- |")
    for name, figures in rows:
        cells = []
        for who in ("peer", "mpnb"):
            f = figures[who]
            if isinstance(f, dict):
                mem = f", {f['peak_mib']:.1f} MiB peak" if f.get("peak_mib") is not None else ""
                cells.append(f"{f['seconds']:.3f} s{mem}")
            else:
                cells.append(f"({f})")
        p, m = figures["peer"], figures["mpnb"]
        ratio = f"{p['seconds'] / m['seconds']:.2f}x" if isinstance(p, dict) and isinstance(m, dict) else "-"
        b = figures.get("mpnb before")
        before = f" (before: {b['seconds']:.3f} s, {b['peak_mib']:.1f} MiB)" if isinstance(b, dict) else ""
        print(f"| {labels[name]} | {cells[0]} | {cells[1]}{before} | {ratio} |")


if __name__ == "__main__":
    main()
