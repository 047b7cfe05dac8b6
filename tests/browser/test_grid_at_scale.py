"""The FrameEditor's grid at 20,000 reports in JupyterLab + Chromium: every row reachable, edits keep the view.

The notebook builds ``mp.Workspace.sandbox(size=20000)`` in its kernel and shows a FrameEditor; the test
process builds the same seeded sandbox once (a session fixture) to know the truth: the true row count, the
row on the last page, the most viewed report. Then, with real typing and clicks: search finds the last
page's row, clicking a header label sorts to the true maximum, a double-click edit keeps the sort and page
and marks the cell, Undo puts the old value back, and a column pasted from a spreadsheet fills three rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, open_and_run_all, write_notebook

pytestmark = pytest.mark.browser

SIZE = 20_000
NOTEBOOK = "grid-at-scale.ipynb"
CELLS = [
    f"import mpnb as mp\nfrom mpnb.widgets import FrameEditor\nws = mp.Workspace.sandbox(size={SIZE})",
    'editor = FrameEditor(ws, "reports", progress=False)\neditor',
]


@pytest.fixture(scope="session")
def truth(needs_browser: None) -> dict[str, Any]:
    import mpnb as mp

    reports = mp.Workspace.sandbox(size=SIZE).list_bookmarks_v2()
    top = max(reports, key=lambda r: r.total_view_count or 0)
    return {"count": len(reports), "last": reports[-1], "max_views": top.total_view_count}


def test_grid_reaches_every_row_and_edits_keep_the_view(
    lab: Callable[[str], str], lab_root: Path, truth: dict[str, Any], browser_page: Any
) -> None:
    from playwright.sync_api import expect

    page = browser_page
    write_notebook(lab_root, NOTEBOOK, CELLS)
    try:
        open_and_run_all(page, lab(NOTEBOOK), NOTEBOOK)
        grid = page.locator(".mpnb-grid").first
        expect(grid).to_be_visible(timeout=60_000)
        count = grid.locator(".mpnb-grid-count")
        expect(count).to_have_text(f"1-15 of {truth['count']:,} rows")  # the true count, not a sample's
        rows = grid.locator("tbody tr")

        # search finds the row of the last page
        last = truth["last"]
        grid.locator("button[title='last page']").click()
        expect(rows.last).to_have_attribute("data-id", str(last.id))
        search = grid.locator("input.mpnb-grid-search")
        search.fill(last.name)
        expect(grid.locator(f"tbody tr[data-id='{last.id}']")).to_be_visible()
        expect(count).to_contain_text("matching of")
        search.fill("")
        expect(count).to_have_text(f"1-15 of {truth['count']:,} rows")

        # a click on the header label sorts; the second click sorts descending, to the true maximum
        header = grid.locator("tr.mpnb-grid-labels th[data-column='total_view_count']")
        header.locator(".mpnb-grid-label").click()
        expect(header).to_have_class(re.compile("mpnb-sort-asc"))
        header.locator(".mpnb-grid-label").click()
        expect(header).to_have_class(re.compile("mpnb-sort-desc"))
        top_views = rows.first.locator("td[data-column='total_view_count']")
        expect(top_views).to_have_text(str(truth["max_views"]))
        top_id = rows.first.get_attribute("data-id")

        # page 2, edit a description in place: the sort, page and row stay; the cell is marked
        grid.locator("button[title='next page']").click()
        expect(count).to_have_text(f"16-30 of {truth['count']:,} rows")
        second_page = [r.get_attribute("data-id") for r in rows.all()]
        cell = rows.nth(2).locator("td[data-column='description']")
        old = cell.inner_text()
        cell.dblclick()
        editing = cell.locator("input.mpnb-grid-edit")
        editing.fill("Read by the growth team every Monday")
        editing.press("Enter")
        expect(cell).to_have_class(re.compile("mpnb-edited"), timeout=30_000)
        expect(cell).to_have_text("Read by the growth team every Monday")
        expect(header).to_have_class(re.compile("mpnb-sort-desc"))
        expect(count).to_have_text(f"16-30 of {truth['count']:,} rows")
        assert [r.get_attribute("data-id") for r in rows.all()] == second_page
        editor = page.locator(".jp-OutputArea-output").filter(has=grid)
        expect(editor).to_contain_text("1 update: description 1")
        page.screenshot(path=str(ARTIFACTS / "browser-grid-edit.png"))

        # undo puts the old value back and the mark goes
        grid.locator(".mpnb-grid-bar button", has_text=re.compile(r"^Undo$")).click()
        expect(cell).to_have_text(old, timeout=30_000)
        expect(cell).not_to_have_class(re.compile("mpnb-edited"))
        expect(editor).to_contain_text("Nothing to apply")

        # a column pasted from a spreadsheet goes down three rows from the clicked cell
        rows.nth(4).locator("td[data-column='description']").click()
        grid.evaluate(
            """root => {
                const data = new DataTransfer();
                data.setData('text/plain', 'alpha\\r\\nbeta\\r\\ngamma\\r\\n');
                root.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));
            }"""
        )
        pasted = [rows.nth(n).locator("td[data-column='description']") for n in (4, 5, 6)]
        for cell_, text in zip(pasted, ("alpha", "beta", "gamma")):
            expect(cell_).to_have_text(text, timeout=30_000)
            expect(cell_).to_have_class(re.compile("mpnb-edited"))
        expect(editor).to_contain_text("3 updates: description 3")
        assert top_id and page.locator(".jp-RenderedText", has_text="Traceback").count() == 0
        grid.scroll_into_view_if_needed()
        grid.screenshot(path=str(ARTIFACTS / "browser-grid.png"))
    finally:
        page.screenshot(path=str(ARTIFACTS / "browser-grid-at-scale.png"), full_page=True)
