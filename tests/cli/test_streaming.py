"""``list`` streams records without models or pandas and prints exactly what the models would; ``export`` writes
exactly the frame's CSV; and the memory of a 20,000-report list stays under a ceiling (a real process, its
peak RSS as the kernel counts it; no wall-clock assertion)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import mpnb as mp
from mpnb.cli._output import plain
from mpnb.cli._stream import Shape
from mpnb.frames import spec_for, write_csv
from mpnb.sandbox import DEMO_PROJECT_ID, DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxServer
from tests.cli.conftest import Cli

LISTS = {
    "reports": lambda ws: ws.list_bookmarks_v2(),
    "dashboards": lambda ws: ws.list_dashboards(),
    "cohorts": lambda ws: ws.list_cohorts_full(),
    "flags": lambda ws: ws.list_feature_flags(include_archived=True),
    "experiments": lambda ws: ws.list_experiments(include_archived=True),
    "alerts": lambda ws: ws.list_alerts(skip_user_filter=True),
    "annotations": lambda ws: ws.list_annotations(),
    "webhooks": lambda ws: ws.list_webhooks(),
}


@pytest.mark.parametrize("family", list(LISTS))
def test_a_shaped_raw_record_is_what_the_model_prints(ws: mp.Workspace, family: str) -> None:
    spec = spec_for(family)
    raw = spec.list_raw(ws, {"include_archived": True} if family in ("flags", "experiments") else {})
    shape = Shape(spec.model_cls())
    expected = [plain(m) for m in LISTS[family](ws)]
    assert [shape(r) for r in raw] == expected


@pytest.mark.parametrize("family", ["reports", "dashboards", "cohorts", "flags", "experiments"])
def test_the_streamed_list_is_the_models_list(cli: Cli, family: str) -> None:
    from mpnb.sandbox import default_sandbox

    listed = cli.json(family, "list")
    ws = mp.Workspace(_sandbox=default_sandbox())
    models = {"flags": ws.list_feature_flags(), "experiments": ws.list_experiments()}.get(family)
    expected = [plain(m) for m in (models if models is not None else LISTS[family](ws))]
    assert listed == json.loads(json.dumps(expected))


@pytest.mark.parametrize("family", list(LISTS))
def test_export_writes_exactly_the_frames_csv_with_z_times(cli: Cli, family: str) -> None:
    import pandas as pd

    from mpnb.cli._output import utc_text
    from mpnb.sandbox import default_sandbox

    out = cli(family, "export").stdout
    df = getattr(mp.Workspace(_sandbox=default_sandbox()), family).frame()
    for col in df.columns:
        if isinstance(df[col].dtype, pd.DatetimeTZDtype) or str(df[col].dtype).startswith("datetime64"):
            df[col] = [None if pd.isna(v) else utc_text(v.to_pydatetime()) for v in df[col]]
    assert out == write_csv(df)


def test_iter_records_gives_what_loads_gives() -> None:
    from mpnb._json import iter_records, loads

    text = "x" * 200
    records = [{"id": i, "name": text, "params": {"id": i, "x": [{"id": i}]}} for i in range(20000)]
    for body in ({"status": "ok", "results": records}, records[:3]):
        content = json.dumps(body).encode()
        parsed = loads(content)
        want = parsed["results"] if isinstance(parsed, dict) else parsed
        assert list(iter_records(content)) == want


# -- memory ----------------------------------------------------------------------------------------------------
SIZE = 20000


@pytest.fixture(scope="module")
def big_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    """A served sandbox with 20,000 reports, made by copying the seeded ones (seconds, not a 20,000 seed)."""
    sandbox = Sandbox(seed=1)
    table = sandbox.store.table("bookmarks")
    seeded = list(table.values())
    for i in range(SIZE - len(seeded)):
        record = copy.deepcopy(seeded[i % len(seeded)])
        rid = sandbox.store.next_id("bookmarks")
        record["id"] = rid
        record["name"] = f"{record.get('name')} #{i}"
        table[str(rid)] = record
    srv = SandboxServer(sandbox, "127.0.0.1", 0)
    srv.start_in_thread()
    yield srv
    srv.shutdown()
    srv.server_close()


def _peak_rss_mib(args: list[str], server: SandboxServer, home: Path) -> tuple[int, int, int]:
    """Peak RSS (MiB), exit code and stdout lines of ``mpnb ARGS`` in a fresh process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MP_")}
    env.update(
        MPNB_BASE_URL=server.url,
        MP_USERNAME=DEMO_USERNAME,
        MP_SECRET=DEMO_SECRET,
        MP_PROJECT_ID=str(DEMO_PROJECT_ID),
        MPNB_HOME=str(home),
    )
    out = home / "out.txt"
    with out.open("w") as sink:  # a small parent: a child's peak RSS counts what it shared of its parent's
        proc = subprocess.run(
            [sys.executable, "-c", _MEASURE, sys.executable, "-m", "mpnb.cli", *args],
            env=env,
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    rss, code = (int(x) for x in proc.stderr.strip().splitlines()[-1].split())
    with out.open() as fh:
        lines = sum(1 for _ in fh)
    return rss // 1024, code, lines


_MEASURE = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["reports", "list"], ["reports", "list", "-q"], ["reports", "list", "-o", "csv"]])
def test_listing_20000_reports_stays_under_120_mib(big_server: SandboxServer, tmp_path: Path, args: list[str]) -> None:
    """Before: every report a model, then a printed copy, then one big string (about 470 MB)."""
    rss, code, lines = _peak_rss_mib(args, big_server, tmp_path)
    assert code == 0 and lines >= SIZE
    assert rss < 120, f"mpnb {' '.join(args)} peaked at {rss} MiB"
