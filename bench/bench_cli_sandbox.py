"""CLI on the default SQLite sandbox at several sizes (issue 11's figures); not run in CI.

    python bench/bench_cli_sandbox.py                    # sizes 60, 8000, 20000
    python bench/bench_cli_sandbox.py --sizes 60,20000 --repeats 5

For each size a fresh ``$MPNB_HOME`` is seeded (``mpnb sandbox reset --size N``, not timed), then each
command runs as its own process, as a user runs it: ``mpnb --version`` (the floor: interpreter start and
imports), one ``dashboards create``, one ``reports get`` and one ``reports export``. Seconds are wall
time, median of ``--repeats`` runs, each also shown as a ratio to ``mpnb --version`` measured in the
same run. At the largest size: the peak RSS of ``reports export`` and of ``reports apply`` (10 edited
rows), and the Python ``ws.reports.frame()`` time on the same data (the issue's reference for export).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# runs one CLI command in this process and reports its own peak RSS (ru_maxrss is KiB on Linux)
_WRAP = (
    "import resource, sys, time\n"
    "from mpnb.cli import main\n"
    "t0 = time.perf_counter()\n"
    "try:\n"
    "    main(sys.argv[1:], prog_name='mpnb')\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    "else:\n"
    "    code = 0\n"
    "print(f'RUN_S {time.perf_counter() - t0}', file=sys.stderr)\n"
    "print(f'PEAK_KIB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _run(env: dict[str, str], *args: str, stdin: str | None = None) -> tuple[float, str, int, float]:
    """Wall seconds, stdout, peak RSS (KiB) and in-process seconds (after imports) of one ``mpnb ARGS``."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _WRAP, *args], env=env, capture_output=True, text=True, input=stdin, check=False
    )
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"mpnb {' '.join(args)} failed: {done.stderr.strip()[-400:]}")
    peak = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK_KIB"))
    inner = next(float(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("RUN_S"))
    return seconds, done.stdout, peak, inner


def _median(env: dict[str, str], repeats: int, *args: str) -> tuple[float, float]:
    """Median wall seconds of the process, and median seconds of the command itself (after imports)."""
    runs = [_run(env, *args) for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), statistics.median(r[3] for r in runs)


def _frame_seconds(home: str, repeats: int) -> float:
    os.environ["MPNB_HOME"] = home
    import mpnb as mp

    times = []
    for _ in range(repeats):
        ws = mp.Workspace()
        t0 = time.perf_counter()
        ws.reports.frame()
        times.append(time.perf_counter() - t0)
        ws.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="60,8000,20000")
    parser.add_argument("--repeats", type=int, default=3)
    opts = parser.parse_args()
    sizes = [int(s) for s in opts.sizes.split(",")]
    print("| reports | --version | create | get | export | create - version | in-process: create / get / export |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    last: tuple[int, dict[str, str], str] | None = None
    for size in sizes:
        home = tempfile.mkdtemp(prefix=f"mpnb-bench-{size}-")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MP_", "MPNB_"))}
        env["MPNB_HOME"] = home
        _run(env, "sandbox", "reset", "--size", str(size))
        out = _run(env, "reports", "list", "--format", "csv")[1]
        report_id = next(csv.DictReader(io.StringIO(out)))["id"]
        version, _ = _median(env, opts.repeats, "--version")
        create, create_in = _median(env, opts.repeats, "dashboards", "create", "--title", "bench")
        get, get_in = _median(env, opts.repeats, "reports", "get", report_id)
        export, export_in = _median(env, opts.repeats, "reports", "export")
        print(
            f"| {size:,} | {version:.3f} s | {create:.3f} s ({create / version:.2f}x) | {get:.3f} s "
            f"({get / version:.2f}x) | {export:.3f} s ({export / version:.2f}x) | {create - version:+.3f} s "
            f"| {create_in:.3f} / {get_in:.3f} / {export_in:.3f} s |",
            flush=True,
        )
        last = (size, env, home)
    assert last is not None
    size, env, home = last
    _, exported, export_peak, _ = _run(env, "reports", "export")
    rows = list(csv.DictReader(io.StringIO(exported)))
    for row in rows[:10]:
        row["name"] = row["name"] + " (edited)"
    edited = Path(home) / "edited.csv"
    with edited.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    apply_s, _, apply_peak, apply_in = _run(env, "reports", "apply", str(edited), "--yes")
    frame = _frame_seconds(home, opts.repeats)
    print()
    print(f"{size:,} reports ({len(rows):,} exported rows):")
    print(
        f"- export peak RSS {export_peak / 1024:.1f} MiB; apply of 10 edited rows {apply_s:.3f} s "
        f"({apply_in:.3f} s in-process), peak RSS {apply_peak / 1024:.1f} MiB"
    )
    print(f"- Python ws.reports.frame() {frame:.3f} s in-process (export is a new process: see the table)")


if __name__ == "__main__":
    main()
