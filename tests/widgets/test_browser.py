"""One browser smoke test (S10): JupyterLab renders a FlagForm, a real click runs the kernel-side callback.

Skipped unless JupyterLab, Playwright and Debian's Chromium are installed (CI installs only the test extras).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
FLAGS += ["--disable-component-update", "--disable-sync"]

CELL = """\
import mpnb as mp
from mpnb.widgets import FlagForm
ws = mp.Workspace.sandbox(seed=1)
form = FlagForm(ws)
form.name.value = "Browser Flag"
form"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[tuple[str, str]]:
    pytest.importorskip("jupyterlab")
    pytest.importorskip("ipykernel")
    pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    nb = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": CELL, "outputs": [], "execution_count": None}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    root = tmp_path / "notebooks"
    root.mkdir()
    (root / "form.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    token, port = secrets.token_hex(16), _free_port()
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR"):
        env[name] = str(tmp_path / name.lower())
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1"]
    cmd += [f"--ServerApp.port={port}", f"--ServerApp.token={token}", "--allow-root"]
    cmd += [f"--ServerApp.root_dir={root}"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/api/status?token={token}", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("jupyter lab did not start within 60s")
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_flag_form_renders_and_a_real_click_creates_the_flag(lab: tuple[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    base, token = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page()
            page.goto(f"{base}/lab/tree/form.ipynb?token={token}")
            page.wait_for_selector(".jp-Notebook", timeout=60_000)
            page.wait_for_selector("text=Python 3 (ipykernel) | Idle", timeout=60_000)  # the kernel is up
            page.click(".jp-Cell .jp-InputArea-editor")
            page.keyboard.press("Shift+Enter")
            create = page.locator("button:has-text('Create')")
            create.wait_for(timeout=60_000)
            values = page.locator(".jp-OutputArea input").evaluate_all("els => els.map(e => e.value)")
            assert "Browser Flag" in values and "browser_flag" in values  # the key, suggested from the name
            create.click()
            page.wait_for_selector("text=Created flag browser_flag", timeout=30_000)
        finally:
            browser.close()
