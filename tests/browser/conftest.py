"""One JupyterLab for every browser test (S10): Debian's Chromium driven by Playwright, on a served sandbox.

``mpnb sandbox serve`` and JupyterLab run on loopback once per session; JupyterLab's environment carries the
sandbox's ``export`` lines (S3), so the notebooks target that sandbox. In CI (``CI`` set) a missing Chromium,
Playwright or JupyterLab fails the tests; elsewhere they skip with the reason.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import queue
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# the notebooks the browser tests open (copied into JupyterLab's root)
NOTEBOOKS = (
    "02-bulk-cleanup-reports.ipynb",
    "03-flags-and-experiments.ipynb",
    "06-audit.ipynb",
    "07-copy-between-projects.ipynb",
    "08-lexicon-cleanup.ipynb",
)
# the notebooks run again on a real project's size (BIG reports), in a JupyterLab of their own
BIG = 20_000
BIG_NOTEBOOKS = ("02-bulk-cleanup-reports.ipynb", "05-dashboards.ipynb", "06-audit.ipynb", "08-lexicon-cleanup.ipynb")
# JupyterLab settings for the test's own settings dir: every cell stays in the page, no news or update checks
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
}


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Debian's chromium is not installed ({CHROMIUM}); as root: apt-get update; apt-get install -y chromium"
    for module, extra in (("playwright", "test"), ("jupyterlab", "notebooks"), ("ipykernel", "notebooks")):
        if importlib.util.find_spec(module) is None:
            return f"the {module} package is missing: pip install -e '.[{extra}]'"
    return None


@pytest.fixture(scope="session")
def needs_browser() -> None:
    why = _missing()
    if why is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests, but {why}")
    pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _lines(stream: IO[str]) -> queue.Queue[str]:
    """A queue fed with the stream's lines by a daemon thread (so reads can time out)."""
    q: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            q.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return q


def _stop(proc: subprocess.Popen[Any]) -> None:
    """Stop a process this test started, and its children (its own process group)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


@contextlib.contextmanager
def _served(home: Path, *args: str) -> Iterator[dict[str, str]]:
    """``mpnb sandbox serve`` on loopback in its own home (``args``: e.g. ``--size 20000``); yields the
    variables of its ``export`` lines."""
    script = Path(sys.executable).with_name("mpnb")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "mpnb.cli"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "MPNB_HOME": str(home)}
    proc = subprocess.Popen(
        [*cmd, "sandbox", "serve", "--host", "127.0.0.1", "--port", "0", "--seed", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        out = _lines(proc.stdout)
        exports: dict[str, str] = {}
        deadline = time.monotonic() + 120
        while not {"MPNB_BASE_URL", "MP_USERNAME", "MP_SECRET", "MP_PROJECT_ID"} <= set(exports):
            try:
                line = out.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"mpnb sandbox serve printed no export lines in 120 s (exit code {proc.poll()})")
            match = re.match(r"export (\w+)=(\S+)", line.strip())
            if match:
                exports[match.group(1)] = match.group(2)
        yield exports
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def sandbox_env(needs_browser: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """``mpnb sandbox serve`` on loopback; yields the variables of its ``export`` lines.

    It serves a fresh sandbox in a home of its own: session fixtures are set up before the per-test
    ``MPNB_HOME``, and the user's default sandbox (``~/.mpnb``) must neither be changed nor leak into a run.
    """
    with _served(tmp_path_factory.mktemp("served-sandbox-home")) as exports:
        yield exports


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """JupyterLab's root folder: copies of the notebooks; a test may write a notebook of its own here."""
    root = tmp_path_factory.mktemp("lab") / "notebooks"
    root.mkdir()
    for name in NOTEBOOKS:
        shutil.copy(ROOT / "notebooks" / name, root / name)
    return root


def write_notebook(root: Path, name: str, cells: list[str]) -> str:
    """A notebook of code cells in JupyterLab's root (for tests that need a set-up of their own)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(root / name))
    return name


@contextlib.contextmanager
def _jupyterlab(sandbox: dict[str, str], root: Path) -> Iterator[Callable[[str], str]]:
    """JupyterLab on loopback over ``root``, its kernels aimed at the served ``sandbox``; yields
    ``url(notebook)`` for a notebook's page."""
    tmp = root.parent
    settings = tmp / "lab-settings"
    for name, value in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")
    token = secrets.token_hex(16)
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MP_", "MPNB_"))},
        **sandbox,
        "MPNB_HOME": str(tmp / "mpnb-home"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "lab-workspaces"),
        "JUPYTER_CONFIG_DIR": str(tmp / "jupyter-config"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "jupyter-runtime"),
    }
    log = (tmp / "jupyter.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.token={token}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--allow-root",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=root,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited ({proc.returncode}):\n{(tmp / 'jupyter.log').read_text()[-3000:]}")
            try:
                if httpx.get(f"{base}/api/status", params={"token": token}, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("JupyterLab did not answer within 120 s")
            time.sleep(0.5)
        # a workspace of its own per notebook, reset on open: one test's tabs never come back in another's page
        yield lambda notebook: f"{base}/lab/workspaces/{notebook.split('.')[0]}/tree/{notebook}?reset&token={token}"
    finally:
        _stop(proc)
        log.close()


@pytest.fixture(scope="session")
def lab(sandbox_env: dict[str, str], lab_root: Path) -> Iterator[Callable[[str], str]]:
    """JupyterLab on loopback over copies of the notebooks; yields ``url(notebook)`` for a notebook's page."""
    with _jupyterlab(sandbox_env, lab_root) as url:
        yield url


@pytest.fixture(scope="session")
def big_sandbox_env(needs_browser: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A served sandbox of a real project's size (20,000 reports), in a home of its own."""
    with _served(tmp_path_factory.mktemp("big-sandbox-home"), "--size", str(BIG)) as exports:
        yield exports


@pytest.fixture(scope="session")
def big_lab(
    big_sandbox_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str], str]]:
    """A second JupyterLab whose kernels target the 20,000-report sandbox, over copies of the notebooks."""
    root = tmp_path_factory.mktemp("big-lab") / "notebooks"
    root.mkdir()
    for name in BIG_NOTEBOOKS:
        shutil.copy(ROOT / "notebooks" / name, root / name)
    with _jupyterlab(big_sandbox_env, root) as url:
        yield url


def sandbox_get(exports: dict[str, str], path: str) -> Any:
    """GET a sandbox path over HTTP (the test's own reading, not the client's)."""
    auth = (exports["MP_USERNAME"], exports["MP_SECRET"])
    resp = httpx.get(f"{exports['MPNB_BASE_URL']}/api/app/{path}", auth=auth, timeout=30)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body.get("status") == "ok", body
    return body["results"]


def _wait_kernel_idle(lab_url: str, notebook: str, timeout: float = 120) -> None:
    """Ask the server (not the page) until the notebook's session has a kernel that is idle."""
    base, _, query = lab_url.partition("/lab/")  # the token is the query's last parameter
    token = query.rpartition("token=")[2]
    deadline = time.monotonic() + timeout
    sessions: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        sessions = httpx.get(f"{base}/api/sessions", params={"token": token}, timeout=10).json()
        mine = [s for s in sessions if str(s.get("path", "")).endswith(notebook)]
        if any((s.get("kernel") or {}).get("execution_state") == "idle" for s in mine):
            return
        time.sleep(0.5)
    pytest.fail(f"no idle kernel within {timeout:.0f} s (sessions: {sessions})")


def open_and_run_all(page: Any, url: str, notebook: str) -> None:
    """Open ``notebook`` in JupyterLab, start its kernel, Run All, wait for every cell, and check no traceback."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    page.locator(".jp-Notebook").first.wait_for(timeout=120_000)
    # JupyterLab may ask which kernel to start (a fresh settings dir): take the notebook's own
    select = page.locator(".jp-Dialog button", has_text=re.compile(r"^Select$"))
    try:
        select.wait_for(timeout=15_000)
        select.click()
    except PlaywrightTimeout:
        pass
    _wait_kernel_idle(url, notebook)  # the kernel must be up before "Run All" is useful
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=240_000,
    )
    tracebacks = page.locator(".jp-RenderedText", has_text="Traceback")
    assert tracebacks.count() == 0, tracebacks.first.inner_text()


@pytest.fixture
def browser_page(needs_browser: None) -> Iterator[Any]:
    """A Chromium page (headless, loopback only); closed after the test."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        try:
            yield page
        finally:
            browser.close()
