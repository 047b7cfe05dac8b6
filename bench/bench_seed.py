"""Seeding the sandbox's demo project at several sizes, before and after, in one run; not run in CI.

    python bench/bench_seed.py                                  # this tree: sizes 60 (63 reports), 2000, 20000, 200000
    python bench/bench_seed.py --before-rev 7f9983a             # and the same sizes from that commit's mpnb/
    python bench/bench_seed.py --before-src /path/to/old/tree   # or from another source tree
    python bench/bench_seed.py --sizes 60,20000 --repeats 5

Every figure comes from a fresh process (as a user's ``mpnb sandbox reset`` would be): ``seed s`` is the
``Sandbox(size=N, state=FILE)`` call alone (seed + SQLite write, what ``mpnb sandbox serve/reset --size N``
does), ``memory s`` the in-memory ``Sandbox(size=N)`` of ``mp.Workspace.sandbox(size=N)``, ``cli s`` the
whole ``mpnb sandbox reset --size N`` process (interpreter start and imports included). Peak MiB is the
SQLite seed's ``ru_maxrss`` less the process's after import; per-row KiB divides it by the rows written.
Median of ``--repeats`` runs, the two trees taking turns run by run, so the ratios are measured under the
same load. The "before" code seeded alerts in quadratic time, so it is skipped above ``--before-max``
reports (200,000 would take tens of minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, resource, sqlite3, sys, time
from pathlib import Path
from mpnb.sandbox import Sandbox
mode, size, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
sb = Sandbox(size=size, state=path if mode == "sqlite" else None)
seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if mode == "sqlite":
    sb.close()
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = sum(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if not t.startswith("_"))
        reports = conn.execute("SELECT count(*) FROM bookmarks WHERE project = 1000").fetchone()[0]
    for part in (path, path + "-wal", path + "-shm"):
        Path(part).unlink(missing_ok=True)
else:
    rows = sum(len(t) for t in sb.store.tables.values())
    reports = len(sb.store.tables["bookmarks"])
print(json.dumps({"seconds": seconds, "peak_kib": peak - base, "rows": rows, "reports": reports}))
"""


def _tree_at(rev: str, into: Path) -> Path:
    """``mpnb/`` as it was at ``rev`` (git archive), to import as the "before"."""
    archive = into / "src.tar"
    with archive.open("wb") as fh:
        subprocess.run(["git", "-C", str(ROOT), "archive", rev, "mpnb"], stdout=fh, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "src", **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    return into / "src"


def _env(src: Path | None, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MP_", "MPNB_"))}
    env["MPNB_HOME"] = str(home)
    env["PYTHONPATH"] = str(src) if src is not None else str(ROOT)
    return env


def _child(src: Path | None, mode: str, size: int, work: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(size), str(work / "bench.sqlite3")],
        env=_env(src, work / "home"),
        cwd=work,  # not the repository: its mpnb/ would shadow the PYTHONPATH tree
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _cli(src: Path | None, size: int, work: Path) -> float:
    home = work / "cli-home"
    cmd = [sys.executable, "-m", "mpnb.cli", "sandbox", "reset", "--size", str(size)]
    t = time.perf_counter()
    subprocess.run(cmd, env=_env(src, home), cwd=work, capture_output=True, check=True)
    seconds = time.perf_counter() - t
    for part in home.glob("sandbox.sqlite3*"):
        part.unlink()
    return seconds


def _measure(trees: dict[str, Path | None], size: int, repeats: int, work: Path) -> dict[str, dict[str, float]]:
    """Each figure for each tree, the trees taking turns run by run (a load swing hits both alike)."""
    runs: dict[str, dict[str, list[dict[str, float]]]] = {name: {"sqlite": [], "memory": []} for name in trees}
    cli: dict[str, list[float]] = {name: [] for name in trees}
    for _ in range(repeats):
        for mode in ("sqlite", "memory"):
            for name, src in trees.items():
                runs[name][mode].append(_child(src, mode, size, work))
        for name, src in trees.items():
            cli[name].append(_cli(src, size, work))
    out = {}
    for name in trees:
        last, peak = runs[name]["sqlite"][-1], max(r["peak_kib"] for r in runs[name]["sqlite"])
        out[name] = {
            "reports": last["reports"],
            "rows": last["rows"],
            "seed": statistics.median(r["seconds"] for r in runs[name]["sqlite"]),
            "memory": statistics.median(r["seconds"] for r in runs[name]["memory"]),
            "cli": statistics.median(cli[name]),
            "peak_mib": peak / 1024,
            "kib_per_row": peak / max(1, last["rows"]),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="60,2000,20000,200000", help="demo sizes (60 is the default demo, 63 reports)")
    ap.add_argument("--repeats", type=int, default=3, help="runs per figure (1 above 20,000 reports)")
    ap.add_argument("--before-rev", default=None, help="also measure mpnb/ at this git revision")
    ap.add_argument("--before-src", default=None, help="also measure the mpnb/ of this source tree")
    ap.add_argument("--before-max", type=int, default=20_000, help="largest size measured for the before")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-seed-") as tmp:
        work = Path(tmp)
        before: Path | None = None
        if args.before_rev:
            before = _tree_at(args.before_rev, work)
        elif args.before_src:
            before = Path(args.before_src).resolve()
        print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.1f}")
        head = "| size | reports | rows | seed s | memory s | cli s | peak MiB | KiB/row |"
        if before is not None:
            head += " before: seed s | memory s | cli s | peak MiB | ratio seed / memory / cli |"
        print(head)
        print("|" + " --- |" * (head.count("|") - 1))
        for size in sizes:
            repeats = args.repeats if size <= 20_000 else 1
            trees = {"now": None} if before is None or size > args.before_max else {"now": None, "before": before}
            found = _measure(trees, size, repeats, work)
            now = found["now"]
            line = (
                f"| {size:,} | {now['reports']:,.0f} | {now['rows']:,.0f} | {now['seed']:.2f} | {now['memory']:.2f} "
                f"| {now['cli']:.2f} | {now['peak_mib']:.0f} | {now['kib_per_row']:.1f} |"
            )
            if "before" in found:
                old = found["before"]
                ratios = " / ".join(f"{old[k] / now[k]:.1f}x" for k in ("seed", "memory", "cli"))
                figures = " | ".join(f"{old[k]:.2f}" for k in ("seed", "memory", "cli"))
                line += f" {figures} | {old['peak_mib']:.0f} | {ratios} |"
            elif before is not None:
                line += " not run (quadratic before) | | | | |"
            print(line, flush=True)


if __name__ == "__main__":
    main()
