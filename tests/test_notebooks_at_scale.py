"""The analyst's notebooks on a real project's size: 02, 05, 06 and 08 (and 04 and 07) run top to bottom against a
served sandbox of 20,000 reports, send nothing before a click, and propose only what the cleanup policy allows.

"Run All" is done twice: in this process, cell by cell in one namespace (so the widgets can be inspected and
clicked), and by nbval in a real kernel, as CI runs every notebook (``NBVAL_SANDBOX_EXPORTS`` points the
notebooks' own conftest at the served sandbox).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

import mpnb as mp
from mpnb.sandbox import DEMO_PROJECT_ID, DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxServer

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SIZE = 20_000


@pytest.fixture(scope="module")
def big() -> Iterator[tuple[Sandbox, dict[str, str]]]:
    """One served sandbox of 20,000 reports for the module (seeded once), and its ``export`` variables."""
    box = Sandbox(seed=0, size=SIZE, progress=False)
    server = SandboxServer(box, "127.0.0.1", 0)
    server.start_in_thread()
    exports = {
        "MPNB_BASE_URL": server.url,
        "MP_USERNAME": DEMO_USERNAME,
        "MP_SECRET": DEMO_SECRET,
        "MP_PROJECT_ID": str(DEMO_PROJECT_ID),
    }
    yield box, exports
    server.shutdown()
    server.server_close()


def _counts(exports: dict[str, str]) -> tuple[int, int]:
    """How many reports and boards the served project holds (read as a client would)."""
    ws = mp.Workspace(
        base_url=exports["MPNB_BASE_URL"],
        username=exports["MP_USERNAME"],
        secret=exports["MP_SECRET"],
        project_id=int(exports["MP_PROJECT_ID"]),
    )
    try:
        return len(ws.records("reports").read_all()), len(ws.records("dashboards").read_all())
    finally:
        ws.close()


def _run_all(name: str, exports: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Every code cell of a notebook, in one namespace, with the served sandbox as its target."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setitem(sys.modules, "google.colab", None)
    for key, value in exports.items():
        monkeypatch.setenv(key, value)
    namespace: dict[str, Any] = {}
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)  # type: ignore[no-untyped-call]
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, name, "exec"), namespace)
    return namespace


def _writes(box: Sandbox, since: int) -> list[tuple[str, str]]:
    return [(m, p) for m, p in box.requests[since:] if m != "GET"]


def test_cleanup_notebook_at_scale_proposes_only_what_the_policy_allows(
    big: tuple[Sandbox, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    box, exports = big
    start = len(box.requests)
    ns = _run_all("02-bulk-cleanup-reports.ipynb", exports, monkeypatch)
    assert _writes(box, start) == []  # nothing is sent before a click
    ws: mp.Workspace = ns["ws"]
    reports = ns["reports"]
    assert len(reports) > SIZE
    proposed = set(ns["queue"].deletes("reports"))
    viewed = set(reports.index[reports["unique_view_count"].fillna(0) > 0])
    assert proposed and not proposed & viewed  # never a report people view
    edited = set(reports.index[reports["idle_days"] < 30])
    assert not proposed & edited  # never one edited lately
    alerts = ws.alerts.frame()
    watched = set(alerts["report_id"].dropna().astype(int))
    assert not proposed & watched  # never one an alert watches
    dups = ns["cleanup"].findings.query("rule == 'duplicate_report'")
    same_board = {
        f.id
        for f in dups.itertuples()
        if reports.loc[f.evidence["kept"], "dashboard_id"] == reports.loc[f.id, "dashboard_id"]
    }
    assert same_board == set(dups["id"])  # a duplicate is a copy on the same board, never another team's
    editor = ns["editor"]
    assert len(editor.frame) == len(ns["undescribed"]) > 1_000  # the FrameEditor holds every id asked for


def test_dashboards_and_audit_notebooks_at_scale_finish_and_send_nothing(
    big: tuple[Sandbox, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    box, exports = big
    start = len(box.requests)
    before = _counts(exports)
    ns = _run_all("05-dashboards.ipynb", exports, monkeypatch)
    writes = _writes(box, start)
    own = {ns["mine"].id, ns["board"].id}
    # the tutorial makes and removes its own boards in code; nothing else is written, and nothing stays
    assert all(
        any(f"/dashboards/{i}" in p for i in own) or p.endswith("/dashboards") or "blueprint" in p for _, p in writes
    )
    assert _counts(exports) == before
    assert not ns["plan"].applied and len(ns["top"]) == 15  # the chart shows 15 boards, not thousands
    start = len(box.requests)
    ns = _run_all("06-audit.ipynb", exports, monkeypatch)
    assert _writes(box, start) == [("POST", p) for _, p in _writes(box, start) if p.endswith("/webhooks/test/")]
    assert len(ns["audit"].findings.query("rule == 'near_duplicate_report'")) < SIZE // 10  # one per query
    assert ns["queue"].proposals is not None and not any(p.applied for p in ns["plan"].plans.values())


def test_alerts_notebook_at_scale_pauses_nothing_before_the_click(
    big: tuple[Sandbox, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, exports = big
    ns = _run_all("04-alerts-annotations-webhooks.ipynb", exports, monkeypatch)
    view = ns["pause_view"]
    hourly = ns["ws"].alerts.frame().query("frequency == 3600")
    assert view.result is None and len(view.plan.updates) > 100 and not hourly["paused"].all()


def test_copy_notebook_at_scale_plans_and_sends_nothing_to_either_project_before_the_click(
    big: tuple[Sandbox, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    box, exports = big
    start = len(box.requests)
    destination = {**exports, "MP_PROJECT_ID": "1001"}
    before = _counts(destination)
    ns = _run_all("07-copy-between-projects.ipynb", exports, monkeypatch)
    assert _writes(box, start) == []  # neither the source nor the destination got a write
    assert _counts(destination) == before
    view = ns["copy_view"]
    assert view.result is None and view.to_send() == len(view.plan.rows) > 20  # a big board, waiting for Apply
    assert ns["update_view"] is None and ns["edit_view"].result is None


def _dictionary(exports: dict[str, str]) -> dict[str, int]:
    """A hash of every record of the data dictionary's families, as a client reads them."""
    ws = mp.Workspace(
        base_url=exports["MPNB_BASE_URL"],
        username=exports["MP_USERNAME"],
        secret=exports["MP_SECRET"],
        project_id=int(exports["MP_PROJECT_ID"]),
    )
    families = ("events", "properties", "lexicon_tags", "drop_filters", "custom_events", "custom_properties")
    try:
        records = {f: ws.records(f).read_all() for f in families}
        return {f: hash(tuple(sorted(json.dumps(r, sort_keys=True) for r in rs))) for f, rs in records.items()}
    finally:
        ws.close()


def test_lexicon_notebook_at_scale_charts_thousands_of_events_and_sends_nothing(
    big: tuple[Sandbox, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    box, exports = big
    before = _dictionary(exports)
    start = len(box.requests)
    ns = _run_all("08-lexicon-cleanup.ipynb", exports, monkeypatch)
    assert _writes(box, start) == [] and _dictionary(exports) == before  # Run All changed nothing
    events = ns["events"]
    assert len(events) > 1_000 and int(ns["glance"].to_numpy().sum()) == len(events)
    assert len(ns["top"]) == ns["TOP"] and len(ns["bins"]) == 7  # top N and bins, not a bar per event
    view = ns["hide_view"]
    assert view.result is None and len(view.plan.updates) > 1_000  # thousands of unused events, one plan
    assert set(view.plan.updates) == set(ns["unused"]) and any("nothing uses" in n for n in view.plan.notes)
    assert len(ns["editor"].frame) == len(events)  # the FrameEditor holds every event


def test_nbval_runs_the_notebooks_in_a_kernel_against_the_big_sandbox(big: tuple[Sandbox, dict[str, str]]) -> None:
    _, exports = big
    names = [
        "02-bulk-cleanup-reports.ipynb",
        "05-dashboards.ipynb",
        "06-audit.ipynb",
        "07-copy-between-projects.ipynb",
        "08-lexicon-cleanup.ipynb",
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MP_", "MPNB_"))}
    env["NBVAL_SANDBOX_EXPORTS"] = json.dumps(exports)
    env["MPNB_HOME"] = os.environ["MPNB_HOME"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *[f"notebooks/{n}" for n in names]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
