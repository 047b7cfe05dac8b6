"""The FrameEditor grid evaluation: candidate grids in JupyterLab + Chromium at 20,000 and 200,000 rows.

    python bench/bench_grid.py [--sizes 20000 200000] [--grids mpnb itables ipydatagrid]

For each grid and size a notebook builds a reports-like frame (cell 1, not timed) and shows the grid
(cell 2). Measured in the page, each from the action until the page shows its outcome: first render
(cell 2 run -> first rows drawn), search (a last row's name typed -> that row shown), sort (a header
clicked -> the rows ordered), one edit (typed + Enter -> the kernel's answer drawn), undo; and the page's
JS heap (CDP ``Performance.getMetrics`` after a forced GC) after the first render and at the end.
Candidates without a feature print "n/a". Needs the notebooks + test extras, Chromium at /usr/bin/chromium,
and for the others ``pip install itables[widget] ipydatagrid`` (not project dependencies).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_FLAGS,
    LAB_SETTINGS,
    _free_port,
    _stop,
    _wait_kernel_idle,
    write_notebook,
)

FRAME = """
import numpy as np, pandas as pd
n = {n}
rng = np.random.default_rng(0)
ids = pd.Index(np.arange(1, n + 1) * 7, name="id")
kinds = np.array(["insights", "funnels", "retention", "flows"])
owners = np.array(["Ana Lima", "Ben Okafor", "Chen Wei", "Dana Cohen", "Eli Novak"])
views = rng.integers(0, 5000, n)
df = pd.DataFrame({{
    "name": [f"Report {{i:06d}} {{k}}" for i, k in zip(range(n), kinds[rng.integers(0, 4, n)])],
    "bookmark_type": kinds[rng.integers(0, 4, n)],
    "description": np.where(rng.random(n) < 0.4, "", "Tracks signup to purchase"),
    "owner": owners[rng.integers(0, 5, n)],
    "dashboard_id": rng.integers(1, 2500, n),
    "total_view_count": views,
    "created": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D"),
    "idle_days": rng.integers(0, 900, n),
}}, index=ids)
last_name = df["name"].iloc[-1]
"""

SHOW = {
    "mpnb": (
        "from mpnb.widgets._grid import PagedGrid\n"
        "shown = df.assign(created=df['created'].dt.strftime('%Y-%m-%d')).astype(str)\n"
        "keys = df[['dashboard_id', 'total_view_count', 'created', 'idle_days']]\n"
        "g = PagedGrid(shown, keys=keys, editable=['description'])\n"
        "def edit(rid, col, text):\n"
        "    g.update_rows(shown.loc[[rid]].assign(**{col: text}), edited={rid: {col}})\n"
        "    g.set_history(True, False)\n"
        "def undo():\n"
        "    g.update_rows(shown.iloc[:0], edited={})\n"
        "    g.set_history(False, True)\n"
        "g.on_edit(edit)\ng.on_undo(undo)\n"
        "g"
    ),
    "itables": (
        "from itables.widget import ITable\n"
        "g = ITable(df.reset_index(), showIndex=False, maxBytes=0, column_filters='footer',"
        " pageLength=15, classes='display compact nowrap')\ng"
    ),
    "ipydatagrid": (
        "from ipydatagrid import DataGrid\ng = DataGrid(df.reset_index(), editable=True, layout={'height': '420px'})\ng"
    ),
}
STEP = 180_000  # ms a step may take before it counts as failed
ROW = {"mpnb": ".mpnb-grid tbody tr", "itables": "table.dataTable tbody tr", "ipydatagrid": ".lm-DataGrid canvas"}


def heap(cdp: Any) -> float:
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return round(metrics["JSHeapUsedSize"] / 2**20, 1)


def timed(action: Callable[[], None], done: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    done()
    return round(time.perf_counter() - start, 2)


def run_case(page: Any, cdp: Any, url: str, grid: str, n: int) -> dict[str, Any]:
    from playwright.sync_api import expect

    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    page.locator(".jp-Notebook").first.wait_for(timeout=120_000)
    select = page.locator(".jp-Dialog button", has_text=re.compile(r"^Select$"))
    try:  # a fresh settings dir asks which kernel to start: the notebook's own
        select.wait_for(timeout=15_000)
        select.click()
    except Exception:
        pass
    _wait_kernel_idle(url, url.split("/tree/")[1].split("?")[0])
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    page.locator(ROW[grid]).first.wait_for(timeout=STEP)
    shown_at = page.evaluate("() => Date.now()") / 1000  # the first rows are in the page
    started = float(page.locator(".jp-OutputArea-output", has_text="started at").first.inner_text().split()[-1])
    out: dict[str, Any] = {"first render s": round(shown_at - started, 2)}
    out["heap after render MiB"] = heap(cdp)
    last_name = f"Report {n - 1:06d}"  # the frame's last row
    if grid == "mpnb":
        root = page.locator(".mpnb-grid").first
        out["search s"] = timed(
            lambda: root.locator("input.mpnb-grid-search").fill(last_name),
            lambda: expect(page.locator(ROW[grid], has_text=last_name)).to_have_count(1, timeout=STEP),
        )
        root.locator("input.mpnb-grid-search").fill("")
        expect(root.locator(".mpnb-grid-count")).not_to_contain_text("matching", timeout=STEP)
        header = root.locator("tr.mpnb-grid-labels th[data-column='total_view_count'] .mpnb-grid-label")
        first_views = page.locator(ROW[grid]).first.locator("td[data-column='total_view_count']")
        out["sort s"] = timed(  # until the kernel's sorted page is drawn (the least viewed row first)
            lambda: header.click(),
            lambda: expect(first_views).to_have_text("0", timeout=STEP),
        )
        cell = page.locator(ROW[grid]).nth(1).locator("td[data-column='description']")
        old = cell.inner_text()
        cell.dblclick()
        edit = cell.locator("input")
        edit.fill("edited in the bench")
        out["edit s"] = timed(
            lambda: edit.press("Enter"),
            lambda: expect(cell).to_have_class(re.compile("mpnb-edited"), timeout=STEP),
        )
        out["undo s"] = timed(
            lambda: root.locator(".mpnb-grid-bar button", has_text="Undo").click(),
            lambda: expect(cell).not_to_have_class(re.compile("mpnb-edited"), timeout=STEP),
        )
        out["count shown"] = root.locator(".mpnb-grid-count").inner_text()
        del old
    elif grid == "itables":
        info = page.locator(".dt-info").first
        box = page.locator(".dt-search input").first
        out["count shown"] = info.inner_text()
        try:
            out["search s"] = timed(
                lambda: box.fill(last_name),
                lambda: expect(page.locator(ROW[grid], has_text=last_name)).to_have_count(1, timeout=STEP),
            )
        except AssertionError as exc:
            out["search s"] = f"not found ({str(exc).splitlines()[0][:80]})"
        box.fill("")
        header = page.locator("table.dataTable thead th", has_text="total_view_count").first
        try:
            out["sort s"] = timed(
                lambda: header.click(),
                lambda: expect(header).to_have_class(re.compile("dt-ordering-asc"), timeout=STEP),
            )
        except AssertionError as exc:
            out["sort s"] = f"no sort seen ({str(exc).splitlines()[0][:80]})"
        out["edit s"] = out["undo s"] = "n/a (read-only)"
    else:
        out["search s"] = "n/a (no search box)"
        out["sort s"] = "n/a (header menu; canvas)"
        out["edit s"] = "not timed (canvas editor)"
        out["undo s"] = "n/a (no undo)"
    out["heap at end MiB"] = heap(cdp)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--grids", nargs="+", default=["mpnb", "itables", "ipydatagrid"])
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="bench-grid-"))
    root = tmp / "nb"
    root.mkdir()
    for name, value in LAB_SETTINGS.items():
        path = tmp / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")
    token, port = secrets.token_hex(8), _free_port()
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"), "JUPYTER_CONFIG_DIR": str(tmp / "cfg")}
    env["JUPYTER_RUNTIME_DIR"] = str(tmp / "rt")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(tmp / "ws")
    lab_cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1"]
    lab_cmd += [f"--ServerApp.port={port}", f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}"]
    lab_cmd += ["--LabApp.news_url=None", "--allow-root"]
    log = (tmp / "lab.log").open("w")
    proc = subprocess.Popen(lab_cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if httpx.get(f"{base}/api/status", params={"token": token}).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        results: dict[str, dict[str, Any]] = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
            for n in args.sizes:
                for grid in args.grids:
                    name = write_notebook(
                        root,
                        f"{grid}-{n}.ipynb",
                        [FRAME.format(n=n), "import time\nprint('started at', time.time())\n" + SHOW[grid]],
                    )
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    page.set_default_timeout(600_000)
                    cdp = page.context.new_cdp_session(page)
                    cdp.send("Performance.enable")
                    url = f"{base}/lab/workspaces/{name[:-6]}/tree/{name}?reset&token={token}"
                    try:
                        results[f"{grid} {n:,}"] = run_case(page, cdp, url, grid, n)
                    except Exception as exc:  # a grid that fails at a size is a result too
                        results[f"{grid} {n:,}"] = {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
                        page.screenshot(path=str(tmp / f"{grid}-{n}.png"), full_page=True)
                    print(f"{grid} {n:,}: {results[f'{grid} {n:,}']}", flush=True)
                    for session in httpx.get(f"{base}/api/sessions", params={"token": token}).json():
                        httpx.delete(f"{base}/api/sessions/{session['id']}", params={"token": token})
                    page.close()
            browser.close()
        print(json.dumps(results, indent=1))
    finally:
        _stop(proc)
        log.close()


if __name__ == "__main__":
    main()
