"""The widgets in a real browser (S10): JupyterLab + Debian's Chromium driven by Playwright, on a served sandbox.

``mpnb sandbox serve`` and JupyterLab run on loopback; JupyterLab's environment carries the sandbox's
``export`` lines (S3), so the flags-and-experiments notebook targets that sandbox. The test runs the
notebook, fills the flag form and clicks Create, launches the draft experiment in the lifecycle panel
(confirming), then asks the sandbox over HTTP whether the flag exists and the experiment is active. A
screenshot goes to ``test-artifacts/``. In CI (``CI`` set) a missing Chromium, Playwright or JupyterLab
fails the test; elsewhere it skips with the reason.
"""

from __future__ import annotations

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
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import httpx
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "03-flags-and-experiments.ipynb"
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
FLAG_NAME = "Browser Checkout Flag"
FLAG_KEY = "browser_checkout_flag"
EXPERIMENT = "Checkout Button Color"  # the draft the notebook makes and shows in its LifecyclePanel
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


@pytest.fixture
def needs_browser() -> None:
    why = _missing()
    if why is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser test, but {why}")
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


@pytest.fixture
def sandbox_env(needs_browser: None) -> Iterator[dict[str, str]]:
    """``mpnb sandbox serve`` on loopback; yields the variables of its ``export`` lines."""
    script = Path(sys.executable).with_name("mpnb")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "mpnb.cli"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [*cmd, "sandbox", "serve", "--host", "127.0.0.1", "--port", "0", "--seed", "0"],
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
        deadline = time.monotonic() + 60
        while not {"MPNB_BASE_URL", "MP_USERNAME", "MP_SECRET", "MP_PROJECT_ID"} <= set(exports):
            try:
                line = out.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"mpnb sandbox serve printed no export lines in 60 s (exit code {proc.poll()})")
            match = re.match(r"export (\w+)=(\S+)", line.strip())
            if match:
                exports[match.group(1)] = match.group(2)
        yield exports
    finally:
        _stop(proc)


@pytest.fixture
def lab(sandbox_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """JupyterLab on loopback over a copy of the notebook, the sandbox's variables in its environment."""
    root = tmp_path / "notebooks"
    root.mkdir()
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, root / NOTEBOOK)
    settings = tmp_path / "lab-settings"
    for name, value in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")
    token = secrets.token_hex(16)
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MP_", "MPNB_"))},
        **sandbox_env,
        "MPNB_HOME": str(tmp_path / "mpnb-home"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "lab-workspaces"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-runtime"),
    }
    log = (tmp_path / "jupyter.log").open("w", encoding="utf-8")
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
                pytest.fail(f"JupyterLab exited ({proc.returncode}):\n{(tmp_path / 'jupyter.log').read_text()[-3000:]}")
            try:
                if httpx.get(f"{base}/api/status", params={"token": token}, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("JupyterLab did not answer within 120 s")
            time.sleep(0.5)
        yield f"{base}/lab/tree/{NOTEBOOK}?token={token}"
    finally:
        _stop(proc)
        log.close()


def _sandbox_get(exports: dict[str, str], path: str) -> Any:
    auth = (exports["MP_USERNAME"], exports["MP_SECRET"])
    resp = httpx.get(f"{exports['MPNB_BASE_URL']}/api/app/{path}", auth=auth, timeout=30)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body.get("status") == "ok", body
    return body["results"]


def _wait_kernel_idle(lab_url: str, timeout: float = 120) -> None:
    """Ask the server (not the page) until the notebook's session has a kernel that is idle."""
    base, _, query = lab_url.partition("/lab/")
    token = query.rpartition("token=")[2]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sessions = httpx.get(f"{base}/api/sessions", params={"token": token}, timeout=10).json()
        if any((s.get("kernel") or {}).get("execution_state") == "idle" for s in sessions):
            return
        time.sleep(0.5)
    pytest.fail(f"no idle kernel within {timeout:.0f} s (sessions: {sessions})")


def test_flag_form_and_lifecycle_panel_in_jupyterlab(lab: str, sandbox_env: dict[str, str]) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "browser-flags-and-experiments.png"
    pid = sandbox_env["MP_PROJECT_ID"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        try:
            page.goto(lab, wait_until="domcontentloaded", timeout=120_000)
            page.locator(".jp-Notebook").first.wait_for(timeout=120_000)
            # JupyterLab may ask which kernel to start (a fresh settings dir): take the notebook's own
            select = page.locator(".jp-Dialog button", has_text=re.compile(r"^Select$"))
            try:
                select.wait_for(timeout=15_000)
                select.click()
            except PlaywrightTimeout:
                pass
            _wait_kernel_idle(lab)  # the kernel must be up before "Run All" is useful

            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
            page.wait_for_function(
                """() => {
                    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
                    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
                }""",
                timeout=240_000,
            )
            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
            tracebacks = page.locator(".jp-RenderedText", has_text="Traceback")
            assert tracebacks.count() == 0, tracebacks.first.inner_text()

            outputs = page.locator(".jp-OutputArea-output")
            # rendered widgets, not their text repr: the buttons exist only when the widget manager drew them
            flag_form = outputs.filter(has=page.locator("button", has_text=re.compile(r"^New flag$")))
            expect(flag_form).to_have_count(1, timeout=60_000)
            flag_form.scroll_into_view_if_needed()
            name = flag_form.locator(".widget-text", has=page.locator("label", has_text=re.compile(r"^Name$")))
            name.locator("input").fill(FLAG_NAME)
            key = flag_form.locator(".widget-text", has=page.locator("label", has_text=re.compile(r"^Key$")))
            expect(key.locator("input")).to_have_value(FLAG_KEY, timeout=30_000)  # the kernel filled it in
            flag_form.locator("button", has_text=re.compile(r"^Create$")).click()
            expect(flag_form).to_contain_text(f"Created flag {FLAG_KEY}", timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "browser-flag-form.png"))

            # the panel's dates line ("decided: ...") is not in the experiment list's table
            panel = outputs.filter(has_text=EXPERIMENT).filter(has_text="decided:")
            expect(panel).to_have_count(1, timeout=60_000)
            expect(panel).to_contain_text("legal now: launch, archive")
            panel.scroll_into_view_if_needed()
            panel.locator("button", has_text=re.compile(r"^Launch$")).click()
            panel.locator("button", has_text="Yes, go ahead").click()
            expect(panel).to_contain_text("the experiment is now active", timeout=60_000)
            assert errors.filter(has_text="Traceback").count() == 0
        finally:
            page.screenshot(path=str(shot), full_page=True)
            browser.close()

    flags = _sandbox_get(sandbox_env, f"projects/{pid}/workspaces/1/feature-flags/")
    made = [f for f in flags if f.get("key") == FLAG_KEY]
    assert len(made) == 1 and made[0]["name"] == FLAG_NAME
    experiments = _sandbox_get(sandbox_env, f"projects/{pid}/experiments/")
    launched = [e for e in experiments if e.get("name") == EXPERIMENT]
    assert len(launched) == 1 and launched[0]["status"] == "active", launched
    assert shot.stat().st_size > 10_000
