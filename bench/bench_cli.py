"""The shell against Python on one served sandbox: time and peak RSS of each CLI command next to
``ws.reports.frame()`` in the same run (each in a fresh process; RSS from the kernel's own count).

    .venv/bin/python bench/bench_cli.py                  # 20,000 reports
    .venv/bin/python bench/bench_cli.py --size 200000    # slow to seed: minutes
    .venv/bin/python bench/bench_cli.py --state FILE     # reuse a seeded state file (made once with --keep)

Figures go to bench/RESULTS.md as ratios of one run (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
FRAME = "import mpnb as mp; df = mp.Workspace().reports.frame(); print(len(df))"
EDIT = """
import json, subprocess, sys, time
out = subprocess.run([sys.executable, "-m", "mpnb.cli", "reports", "export", "--format", "json"],
                     capture_output=True, check=True).stdout
records = json.loads(out)
for r in records[:10]:
    r["description"] = f"bench {time.time()}"
open(sys.argv[1], "w", encoding="utf-8").write(json.dumps(records))
"""


def _run(args: list[str], env: dict[str, str], stdin: str | None = None) -> tuple[float, int, int]:
    """Seconds, peak RSS (MiB) and exit code of one process (its output goes to /dev/null)."""
    start = time.monotonic()
    with open(os.devnull, "w") as sink:
        proc = subprocess.Popen(
            args, env=env, stdout=sink, stderr=subprocess.PIPE, stdin=subprocess.PIPE if stdin else None, text=True
        )
        if stdin:
            assert proc.stdin is not None
            proc.stdin.write(stdin)
            proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - start
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 9):
        print(f"   ! {' '.join(args[-4:])} exited {proc.returncode}: {err.strip()[-300:]}", file=sys.stderr)
    return elapsed, usage.ru_maxrss // 1024, proc.returncode


def _serve(state: Path, size: int) -> tuple[subprocess.Popen[str], dict[str, str]]:
    cmd = [PY, "-m", "mpnb.cli", "sandbox", "serve", "--state", str(state), "--size", str(size)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MP_", "MPNB_"))}
    assert proc.stdout is not None
    while True:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("the sandbox server did not start")
        if line.startswith("export "):
            key, _, value = line[len("export ") :].strip().partition("=")
            env[key] = value
        if "MPNB_SANDBOX_WORKSPACES" in env:
            return proc, env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=20000, help="reports in the sandbox")
    parser.add_argument("--state", type=Path, default=None, help="a state file to serve (seeded when new)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each command (best is shown)")
    opts = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="mpnb-bench-cli-"))
    state = opts.state or home / f"bench-{opts.size}.sqlite3"
    seeding = time.monotonic()
    server, env = _serve(state, opts.size)
    env["MPNB_HOME"] = str(home)
    print(f"served {state} ({time.monotonic() - seeding:.1f} s to seed or open)")
    try:
        cli = [PY, "-m", "mpnb.cli"]
        edited = home / "edited.json"
        # made in a child process: a child's peak RSS starts from its parent's, so this one stays small
        subprocess.run([PY, "-c", EDIT, str(edited)], env=env, check=True)
        commands: list[tuple[str, list[str]]] = [
            ("python: ws.reports.frame()", [PY, "-c", FRAME]),
            ("mpnb reports list (JSON)", [*cli, "reports", "list"]),
            ("mpnb reports list -q", [*cli, "reports", "list", "-q"]),
            ("mpnb reports list --format table", [*cli, "reports", "list", "--format", "table"]),
            ("mpnb reports export --format json", [*cli, "reports", "export", "--format", "json"]),
            ("mpnb reports export (CSV)", [*cli, "reports", "export"]),
            ("mpnb reports apply (10 edits)", [*cli, "reports", "apply", str(edited), "--yes", "-q"]),
            ("mpnb audit --family reports", [*cli, "audit", "--family", "reports"]),
        ]
        rows = []
        for name, args in commands:
            best = min((_run(args, env) for _ in range(opts.runs)), key=lambda r: r[0])
            rows.append((name, *best))
            print(f"  {name:<36} {best[0]:6.2f} s  {best[1]:5d} MiB  (exit {best[2]})", flush=True)
        base_t, base_m = rows[0][1], rows[0][2]
        print(f"\n{opts.size:,} reports; ratios against the Python frame ({base_t:.2f} s, {base_m} MiB peak RSS):")
        print("| command | time | peak RSS | time / frame | RSS / frame |")
        print("| --- | --- | --- | --- | --- |")
        for name, t, m, _ in rows:
            print(f"| {name} | {t:.2f} s | {m} MiB | {t / base_t:.2f}x | {m / base_m:.2f}x |")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
