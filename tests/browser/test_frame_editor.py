"""The FrameEditor in a real browser (S10): notebook 02 in JupyterLab + Chromium on a served sandbox.

After Run All (which applies nothing), the test sorts the editor's grid by views, selects three rows with
real clicks, sets their description from the bulk-action bar, reads the live plan, clicks Apply and Yes,
then reads the three reports back from the sandbox over HTTP. Fixtures: ``tests/browser/conftest.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, open_and_run_all, sandbox_get

pytestmark = pytest.mark.browser

NOTEBOOK = "02-bulk-cleanup-reports.ipynb"
DESCRIPTION = "Weekly numbers the sales team reads on Mondays"


def test_frame_editor_sort_select_set_apply(
    lab: Callable[[str], str], sandbox_env: dict[str, str], browser_page: Any
) -> None:
    from playwright.sync_api import expect

    page = browser_page
    shot = ARTIFACTS / "browser-frame-editor.png"
    pid = sandbox_env["MP_PROJECT_ID"]
    before = {r["id"]: r for r in sandbox_get(sandbox_env, f"projects/{pid}/bookmarks")}
    try:
        open_and_run_all(page, lab(NOTEBOOK), NOTEBOOK)
        outputs = page.locator(".jp-OutputArea-output")
        editor = outputs.filter(has=page.locator("button", has_text=re.compile(r"^Set on selected$")))
        expect(editor).to_have_count(1, timeout=60_000)
        editor.scroll_into_view_if_needed()
        grid = editor.locator(".mpnb-grid").first
        expect(grid).to_be_visible(timeout=60_000)  # the PagedGrid, drawn by its widget in the page

        header = grid.locator("tr.mpnb-grid-labels th[data-column='total_view_count']")
        header.locator(".mpnb-grid-label").click()  # the label itself sorts
        expect(header).to_have_class(re.compile(r"mpnb-sort-asc"))
        header.locator(".mpnb-grid-label").click()  # the second click sorts descending
        expect(header).to_have_class(re.compile(r"mpnb-sort-desc"))
        rows = grid.locator("tbody tr")
        expect(rows.first).to_be_visible()
        views = [int(t or 0) for t in grid.locator("tbody td[data-column='total_view_count']").all_inner_texts()[:10]]
        assert views == sorted(views, reverse=True) and views[0] > views[-1], views

        ids = []
        for n in range(3):
            row = rows.nth(n)
            ids.append(int(row.get_attribute("data-id") or 0))
            row.locator("td.mpnb-grid-pick input").check()
        expect(editor).to_contain_text("3 selected", timeout=30_000)  # the kernel got the selection

        value = editor.locator(".widget-text", has=page.locator("label", has_text=re.compile(r"^to$")))
        value.locator("input").fill(DESCRIPTION)
        editor.locator("button", has_text=re.compile(r"^Set on selected$")).click()
        expect(editor).to_contain_text("3 updates: description 3", timeout=60_000)  # the live plan
        expect(editor).to_contain_text(DESCRIPTION[:30])
        page.screenshot(path=str(ARTIFACTS / "browser-frame-editor-plan.png"))

        editor.locator("button", has_text=re.compile(r"^Apply$")).click()
        expect(editor).to_contain_text("Update 3 descriptions on", timeout=30_000)
        editor.locator("button", has_text="Yes, go ahead").click()
        expect(editor).to_contain_text("3 updated", timeout=60_000)
        assert page.locator(".jp-RenderedText", has_text="Traceback").count() == 0
    finally:
        page.screenshot(path=str(shot), full_page=True)

    after = {r["id"]: r for r in sandbox_get(sandbox_env, f"projects/{pid}/bookmarks")}
    assert [after[i]["description"] for i in ids] == [DESCRIPTION] * 3
    by_views = sorted((r for r in before.values() if r["id"] in ids), key=lambda r: -int(r["total_view_count"] or 0))
    assert [r["id"] for r in by_views] == ids  # the three rows taken from the sorted grid, most viewed first
    untouched = [i for i in before if i not in ids]
    assert all(after[i]["description"] == before[i]["description"] for i in untouched if i in after)
