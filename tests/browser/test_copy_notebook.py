"""The copy notebook in a real browser: JupyterLab + Chromium on a served sandbox.

Run All must finish without a traceback and send nothing to the destination project (1001); the copy plan
is drawn as a CopyView. The test clicks its Apply and "Yes, go ahead", sees each row's outcome in the page,
then asks the sandbox over HTTP whether the destination holds the board. Fixtures: ``tests/browser/conftest.py``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, open_and_run_all, sandbox_get

pytestmark = pytest.mark.browser

NOTEBOOK = "07-copy-between-projects.ipynb"
DESTINATION = 1001  # the notebook's TO_PROJECT_ID: the sandbox's second project


def _destination(exports: dict[str, str]) -> dict[str, Any]:
    """The destination's boards, reports and alerts, hashed (the test's own reads, over HTTP)."""
    out: dict[str, Any] = {}
    for path in ("bookmarks", "dashboards", "alerts/custom/"):
        records = sandbox_get(exports, f"projects/{DESTINATION}/{path}")
        text = json.dumps(sorted(records, key=lambda r: str(r["id"])), sort_keys=True)
        out[path] = (len(records), hashlib.sha256(text.encode()).hexdigest())
    return out


def test_copy_notebook_sends_nothing_until_apply_then_shows_each_outcome(
    lab: Callable[[str], str], sandbox_env: dict[str, str], browser_page: Any
) -> None:
    from playwright.sync_api import expect

    page = browser_page
    shot = ARTIFACTS / "browser-copy.png"
    before = _destination(sandbox_env)
    boards_before = {b["id"] for b in sandbox_get(sandbox_env, f"projects/{DESTINATION}/dashboards")}
    try:
        open_and_run_all(page, lab(NOTEBOOK), NOTEBOOK)
        outputs = page.locator(".jp-OutputArea-output")
        expect(outputs.filter(has_text="click Apply above first").first).to_be_visible(timeout=60_000)
        assert _destination(sandbox_env) == before  # Run All sent nothing to the destination
        view = outputs.filter(has=page.locator("button", has_text=re.compile(r"^\s*Apply\s*$"))).filter(
            has_text="copy from"
        )
        expect(view).to_have_count(1, timeout=60_000)  # the CopyView, drawn by the widget manager
        view.scroll_into_view_if_needed()
        expect(view).to_contain_text("Nothing sent yet")
        expect(view).to_contain_text("dashboards")
        view.locator("button", has_text=re.compile(r"^\s*Apply\s*$")).click()
        question = re.compile(rf"Copy into .*project {DESTINATION}: create \d+")  # it names the destination
        expect(view).to_contain_text(question, timeout=30_000)
        assert _destination(sandbox_env) == before  # still nothing before the yes
        view.locator("button", has_text="Yes, go ahead").click()
        expect(view).to_contain_text("Copied into", timeout=120_000)
        expect(view.locator("table.mpnb-copy").last).to_contain_text("ok")  # each row's outcome
        page.screenshot(path=str(ARTIFACTS / "browser-copy-applied.png"))
        assert page.locator(".jp-RenderedText", has_text="Traceback").count() == 0
    finally:
        page.screenshot(path=str(shot), full_page=True)

    boards = sandbox_get(sandbox_env, f"projects/{DESTINATION}/dashboards")
    made = [b for b in boards if b["id"] not in boards_before]
    assert len(made) == 1  # the board, copied once, by the click
    reports = sandbox_get(sandbox_env, f"projects/{DESTINATION}/bookmarks")
    assert any(r.get("dashboard_id") == made[0]["id"] for r in reports)  # with its reports
