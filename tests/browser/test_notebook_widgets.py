"""The flags-and-experiments notebook in a real browser (S10): JupyterLab + Chromium on a served sandbox.

The test runs the notebook, fills the flag form and clicks Create, launches the draft experiment in the
lifecycle panel (confirming), then asks the sandbox over HTTP whether the flag exists and the experiment is
active. Screenshots go to ``test-artifacts/``. Fixtures: ``tests/browser/conftest.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, open_and_run_all, sandbox_get

pytestmark = pytest.mark.browser

NOTEBOOK = "03-flags-and-experiments.ipynb"
FLAG_NAME = "Browser Checkout Flag"
FLAG_KEY = "browser_checkout_flag"
EXPERIMENT = "Checkout Button Color"  # the draft the notebook makes and shows in its LifecyclePanel


def test_flag_form_and_lifecycle_panel_in_jupyterlab(
    lab: Callable[[str], str], sandbox_env: dict[str, str], browser_page: Any
) -> None:
    from playwright.sync_api import expect

    page = browser_page
    shot = ARTIFACTS / "browser-flags-and-experiments.png"
    pid = sandbox_env["MP_PROJECT_ID"]
    try:
        open_and_run_all(page, lab(NOTEBOOK), NOTEBOOK)
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
        assert page.locator(".jp-RenderedText", has_text="Traceback").count() == 0
    finally:
        page.screenshot(path=str(shot), full_page=True)

    flags = sandbox_get(sandbox_env, f"projects/{pid}/workspaces/1/feature-flags/")
    made = [f for f in flags if f.get("key") == FLAG_KEY]
    assert len(made) == 1 and made[0]["name"] == FLAG_NAME
    experiments = sandbox_get(sandbox_env, f"projects/{pid}/experiments/")
    launched = [e for e in experiments if e.get("name") == EXPERIMENT]
    assert len(launched) == 1 and launched[0]["status"] == "active", launched
    assert shot.stat().st_size > 10_000
