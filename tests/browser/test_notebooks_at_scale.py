"""Notebooks 02, 05, 06 and 08 in JupyterLab + Chromium on a real project's size (20,000 reports, served).

Run All must finish without a traceback, draw what the reader decides with (the review queue's group
buttons, the plans' Apply buttons, the charts), and send nothing: every report, board, alert and event is still
there, unchanged, until the reader clicks.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, BIG, BIG_NOTEBOOKS, open_and_run_all, sandbox_get

pytestmark = pytest.mark.browser

# what each notebook must draw: buttons of its ReviewQueue or PlanViews, and a chart
DRAWS = {
    "02-bulk-cleanup-reports.ipynb": ("Delete group", "Apply"),
    "05-dashboards.ipynb": ("Apply",),
    "06-audit.ipynb": ("Delete group", "Apply"),
    "08-lexicon-cleanup.ipynb": ("Set on selected", "Apply"),
}


def _fingerprint(exports: dict[str, str]) -> dict[str, Any]:
    """What a write would change: each family's records, hashed (the test's own reads, over HTTP)."""
    pid = exports["MP_PROJECT_ID"]
    out: dict[str, Any] = {}
    for path in ("bookmarks", "dashboards", "alerts/custom/", "data-definitions/events/"):
        records = sandbox_get(exports, f"projects/{pid}/{path}")
        text = json.dumps(sorted(records, key=lambda r: str(r["id"])), sort_keys=True)
        out[path] = (len(records), hashlib.sha256(text.encode()).hexdigest())
    return out


@pytest.mark.parametrize("notebook", BIG_NOTEBOOKS)
def test_a_notebook_runs_at_scale_draws_its_choices_and_sends_nothing(
    notebook: str, big_lab: Callable[[str], str], big_sandbox_env: dict[str, str], browser_page: Any
) -> None:
    from playwright.sync_api import expect

    before = _fingerprint(big_sandbox_env)
    assert before["bookmarks"][0] >= BIG
    page = browser_page
    shot = ARTIFACTS / f"browser-at-scale-{notebook.split('-')[0]}.png"
    try:
        open_and_run_all(page, big_lab(notebook), notebook)
        outputs = page.locator(".jp-OutputArea-output")
        expect(outputs.locator("img").first).to_be_visible(timeout=60_000)  # a chart that reads
        for label in DRAWS[notebook]:
            button = outputs.locator("button", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
            expect(button.first).to_be_visible(timeout=60_000)
    finally:
        page.screenshot(path=str(shot), full_page=True)
    assert _fingerprint(big_sandbox_env) == before  # Run All sent nothing
