"""The cleanup-audit notebook in a real browser: JupyterLab + Chromium on a served sandbox.

Run All must finish without a traceback, draw the findings chart and the audit's HTML summary, and render
the fix plans as PlanView widgets (their Apply buttons exist only when the widget manager drew them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, open_and_run_all

pytestmark = pytest.mark.browser

NOTEBOOK = "06-audit.ipynb"


def test_audit_notebook_runs_and_draws_its_plans(lab: Callable[[str], str], browser_page: Any) -> None:
    from playwright.sync_api import expect

    page = browser_page
    shot = ARTIFACTS / "browser-audit.png"
    try:
        open_and_run_all(page, lab(NOTEBOOK), NOTEBOOK)
        outputs = page.locator(".jp-OutputArea-output")
        expect(outputs.locator("img").first).to_be_visible(timeout=60_000)  # the findings chart
        expect(outputs.filter(has_text="stale_flag").first).to_be_visible(timeout=60_000)
        plans = outputs.filter(has=page.locator("button", has_text=re.compile(r"^Apply$")))
        expect(plans.first).to_be_visible(timeout=60_000)
        assert plans.count() >= 1
        assert page.locator(".jp-RenderedText", has_text="Traceback").count() == 0
    finally:
        page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
