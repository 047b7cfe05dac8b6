"""The FrameEditor's grid: every row reachable, edits in place that keep the view, paste, undo and redo.

The grid's page is what the browser draws; these tests set its traits as the page does (``grid.search``,
``grid.sort_column``, ``grid.page``) and send the page's messages (``grid.edit``, ``grid.paste``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import mpnb as mp
from mpnb.widgets import FrameEditor
from mpnb.widgets.frame_editor import grid_available

pytestmark = pytest.mark.skipif(not grid_available(), reason="the grid extra is not installed")


@pytest.fixture
def ws(tmp_path: Path) -> mp.Workspace:
    w = mp.Workspace.sandbox(seed=1, backup_dir=tmp_path / "backups")
    w._http._sleep = lambda seconds: None
    return w


def big_frame(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    ids = pd.Index(range(1, n + 1), name="id")
    views = pd.array([(i * 7919) % 100_003 for i in range(n)], dtype="Int64")
    display = pd.DataFrame({"name": [f"Report {i:06d}" for i in range(n)], "views": [str(v) for v in views]}, index=ids)
    return display, pd.DataFrame({"views": views}, index=ids)


@pytest.mark.parametrize("n", [20_000, 200_000])
def test_search_sort_and_filters_reach_every_row(n: int) -> None:
    from mpnb.widgets._grid import PagedGrid

    display, keys = big_frame(n)
    grid = PagedGrid(display, keys=keys, editable=["name"], page_size=15)
    assert (grid.total, grid.matching, len(grid.page_rows)) == (n, n, 15)  # one page drawn, the true count
    last = display.index[-1]
    grid.search = display.loc[last, "name"]
    assert grid.page_ids == [str(last)] and grid.matching == 1
    grid.search = ""
    grid.sort_column, grid.sort_descending = "views", True
    assert grid.page_frame()["views"].iloc[0] == str(keys["views"].max())  # the true maximum, not a sample's
    grid.filters = {"views": ">= 100000"}
    assert grid.matching == int((keys["views"] >= 100_000).sum()) > 0
    grid.page = 10**9  # past the end: the last page
    assert grid.page == (grid.matching - 1) // 15


def test_a_cell_edit_keeps_search_sort_page_and_marks_the_cell(ws: mp.Workspace) -> None:
    editor = FrameEditor(ws, "reports", grid="grid", progress=False, page_size=5)
    grid = editor.grid
    grid.search = "funnel"
    grid.sort_column, grid.sort_descending = "total_view_count", True
    grid.page = 1
    before_ids = list(grid.page_ids)
    rid = editor._id(before_ids[2])
    grid.edit(rid, "description", "Checkout funnel, weekly")
    assert (grid.search, grid.sort_column, grid.sort_descending, grid.page) == ("funnel", "total_view_count", True, 1)
    assert grid.page_ids == before_ids  # the edited row stays where it was
    row = before_ids.index(str(rid))
    assert grid.page_marks[row] == "edited" and grid.page_edited[row] == ["description"]
    assert grid.page_frame().loc[rid, "description"] == "Checkout funnel, weekly"
    assert editor.plan.counts()["update"] == 1 and grid.can_undo and not grid.can_redo
    # an edit that makes the row stop matching the search keeps it in sight until the search changes
    grid.edit(rid, "name", "Renamed")
    assert str(rid) in grid.page_ids and grid.matching >= 1
    grid.undo()
    grid.undo()
    assert editor.frame.loc[rid, "description"] == editor.original.loc[rid, "description"]
    assert editor.plan.is_empty and grid.page_marks[row] == "" and grid.page_edited[row] == []
    grid.redo()
    assert editor.frame.loc[rid, "description"] == "Checkout funnel, weekly" and editor.plan.counts()["update"] == 1


def test_a_refused_edit_says_why_and_changes_nothing(ws: mp.Workspace) -> None:
    editor = FrameEditor(ws, "reports", grid="grid", progress=False)
    rid = editor.frame.index[0]
    editor.grid.edit(rid, "dashboard_id", "board seven")
    assert "dashboard_id is a whole number, not 'board seven'" in editor.grid.message
    editor.grid.edit(rid, "created", "2020-01-01")
    assert "cannot be edited here" in editor.grid.message
    assert editor.plan.is_empty and not editor.history.can_undo


def test_a_pasted_column_goes_down_the_rows_as_shown_and_undoes_in_one_step(ws: mp.Workspace) -> None:
    editor = FrameEditor(ws, "reports", grid="grid", progress=False)
    grid = editor.grid
    grid.sort_column, grid.sort_descending = "total_view_count", True
    order = [editor._id(i) for i in grid.page_ids]
    grid.paste(order[1], "description", ["first", "second", "third"])  # as pasted from a spreadsheet
    assert [editor.frame.loc[i, "description"] for i in order[1:4]] == ["first", "second", "third"]
    assert editor.plan.counts()["update"] == 3 and grid.page_ids == [str(i) for i in order]
    assert all(grid.page_edited[n] == ["description"] for n in (1, 2, 3)) and grid.page_edited[0] == []
    editor.undo()
    assert editor.plan.is_empty
    editor.redo()
    assert editor.plan.counts()["update"] == 3


def test_bulk_actions_undo_step_by_step(ws: mp.Workspace) -> None:
    editor = FrameEditor(ws, "reports", grid="grid", progress=False)
    ids = editor.frame.index[:4].tolist()
    editor.select(ids)
    editor.set_value("description", "Team KPIs")
    editor.select(ids[:2])
    editor.mark_delete()
    assert editor.plan.counts()["delete"] == 2 and editor.plan.counts()["update"] == 2
    editor.undo_button.click()  # the mark
    assert not editor.marked and editor.plan.counts()["update"] == 4
    editor.undo_button.click()  # the set
    assert editor.plan.is_empty and editor.undo_button.disabled and not editor.redo_button.disabled
    editor.redo_button.click()
    editor.redo_button.click()
    assert editor.marked == ids[:2] and editor.plan.counts()["update"] == 2
    editor.revert_button.click()
    assert editor.plan.is_empty
    editor.undo_button.click()  # even "revert all" can be taken back
    assert editor.plan.counts()["delete"] == 2


def test_select_all_matching_reaches_rows_on_other_pages(ws: mp.Workspace) -> None:
    editor = FrameEditor(ws, "reports", grid="grid", progress=False, page_size=5)
    editor.grid.search = "funnel"
    editor.grid.select_matching()
    assert len(editor.selected) == editor.grid.matching > 5
    assert f"{editor.grid.matching:,} selected" in editor.count_line.value
