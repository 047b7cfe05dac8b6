"""The Lexicon-cleanup notebook in a real browser: JupyterLab + Chromium on a served sandbox.

After Run All (which hides nothing), the test clicks the hide plan's Apply and Yes, reads the events back from
the sandbox over HTTP, runs the restore cell again, and clicks the undo plan's Apply and Yes: the session's
sandbox ends as it began. Fixtures: ``tests/browser/conftest.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, open_and_run_all, sandbox_get

pytestmark = pytest.mark.browser

NOTEBOOK = "08-lexicon-cleanup.ipynb"


def _hidden(exports: dict[str, str]) -> dict[str, bool]:
    pid = exports["MP_PROJECT_ID"]
    return {e["name"]: bool(e["hidden"]) for e in sandbox_get(exports, f"projects/{pid}/data-definitions/events/")}


def test_hide_unused_events_then_show_them_again(
    lab: Callable[[str], str], sandbox_env: dict[str, str], browser_page: Any
) -> None:
    from playwright.sync_api import expect

    page = browser_page
    shot = ARTIFACTS / "browser-lexicon.png"
    before = _hidden(sandbox_env)
    try:
        open_and_run_all(page, lab(NOTEBOOK), NOTEBOOK)
        outputs = page.locator(".jp-OutputArea-output")
        expect(outputs.locator("img").first).to_be_visible(timeout=60_000)  # the dictionary at a glance
        expect(outputs.filter(has_text="Nothing hidden yet").first).to_be_visible()  # the restore cell waits
        # the hide plan: its PlanView's summary counts the hidden updates; its notes say what it affects
        view = outputs.filter(has_text=re.compile(r"\d+ updates: hidden \d+")).filter(
            has=page.locator("button", has_text=re.compile(r"^\s*Apply\s*$"))
        )
        expect(view).to_have_count(1, timeout=60_000)
        expect(view).to_contain_text("nothing uses the")
        count = int(re.search(r"(\d+) updates: hidden", view.inner_text()).group(1))  # type: ignore[union-attr]
        view.scroll_into_view_if_needed()
        view.locator("button", has_text=re.compile(r"^\s*Apply\s*$")).click()
        expect(view).to_contain_text(f"Update hidden on {count} events", timeout=30_000)  # asked, nothing sent
        view.locator("button", has_text="Yes, go ahead").click()
        expect(view).to_contain_text(f"{count} updated", timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "browser-lexicon-hidden.png"))

        hidden = _hidden(sandbox_env)
        newly = {n for n, h in hidden.items() if h and not before.get(n)}
        was_hidden = {n for n, h in before.items() if h}
        assert len(newly) == count and {n for n, h in hidden.items() if h} == was_hidden | newly

        # the restore cell, run again after the click: the saved names and an undo plan of its own
        restore = page.locator(".jp-CodeCell", has_text="undo_view = PlanView(")
        restore.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        undo = restore.locator(".jp-OutputArea-output").filter(
            has=page.locator("button", has_text=re.compile(r"^\s*Apply\s*$"))
        )
        expect(restore).to_contain_text(f"{count} events hidden by the click", timeout=60_000)
        expect(undo).to_contain_text(f"{count} updates: hidden {count}", timeout=60_000)
        assert _hidden(sandbox_env) == hidden  # showing the undo plan sent nothing
        undo.locator("button", has_text=re.compile(r"^\s*Apply\s*$")).click()
        undo.locator("button", has_text="Yes, go ahead").click()
        expect(undo).to_contain_text(f"{count} updated", timeout=60_000)
        assert page.locator(".jp-RenderedText", has_text="Traceback").count() == 0
    finally:
        page.screenshot(path=str(shot), full_page=True)
    assert _hidden(sandbox_env) == before  # shown again: the session's sandbox is as it was
