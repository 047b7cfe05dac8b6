"""FrameEditor: select rows, bulk-edit them, see the live plan, apply through PlanView's confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest

import mpnb as mp
from mpnb.widgets import FrameEditor, readable
from mpnb.widgets.frame_editor import grid_available

GRIDS = ["html", pytest.param("grid", marks=pytest.mark.skipif(not grid_available(), reason="no anywidget"))]


@pytest.fixture
def ws(tmp_path: Path) -> mp.Workspace:
    w = mp.Workspace.sandbox(seed=1, backup_dir=tmp_path / "backups")
    w._http._sleep = lambda seconds: None
    return w


@pytest.mark.parametrize("grid", GRIDS)
def test_select_set_mark_and_apply_reaches_the_sandbox(ws: mp.Workspace, grid: str) -> None:
    editor = FrameEditor(ws, "reports", grid=grid, progress=False)  # type: ignore[arg-type]
    assert editor.uses_grid == (grid == "grid")
    ids = editor.frame.index.tolist()
    editor.select(ids[:3])
    assert editor.selected == ids[:3] and "3 selected" in editor.count_line.value
    if grid == "grid":
        assert editor.grid.selected == [str(i) for i in ids[:3]]  # the grid shows the selection
    editor.set_value("description", "Weekly KPIs for sales")
    assert (editor.frame.loc[ids[:3], "description"] == "Weekly KPIs for sales").all()
    assert editor.plan.counts()["update"] == 3 and editor.original.loc[ids[0], "description"] != "Weekly KPIs for sales"
    assert "3 updates: description 3" in editor.view.summary.value  # the live plan beneath
    editor.select(ids[10:12])
    editor.mark_delete()
    assert editor.plan.counts()["delete"] == 2 and "2 marked for deletion" in editor.count_line.value
    editor.apply_button.click()
    assert "Delete 2 reports, update 3 descriptions on SANDBOX?" in editor.confirm.message.value
    assert ws.get_bookmark(ids[0]).description != "Weekly KPIs for sales"  # nothing before the yes
    editor.confirm.yes.click()
    assert editor.result is not None and set(editor.result["status"]) == {"ok"}
    assert ws.get_bookmark(ids[0]).description == "Weekly KPIs for sales"
    assert set(ws.reports.frame().index) & set(ids[10:12]) == set()
    assert len(editor.frame) == len(ids) - 2 and not editor.marked  # read again after the apply


def test_html_fallback_searches_sorts_and_selects_from_the_list(ws: mp.Workspace) -> None:
    editor = FrameEditor(ws, "reports", grid="html", progress=False)
    editor.search.value = "funnel"
    shown = [v for _, v in editor.rows.options]
    assert shown and all("funnel" in readable(editor.frame.loc[[i]]).to_string().lower() for i in shown)
    assert len(shown) < len(editor.frame)
    picked = [i for i in shown if "Funnel" in str(editor.frame.loc[i, "name"])][:2]
    editor.rows.value = tuple(picked)
    assert len(picked) == 2 and editor.selected == picked
    editor.search.value = ""  # rows hidden by a search stay selected, the list shows them selected again
    assert editor.selected == picked and set(editor.rows.value) == set(picked)
    editor.sort_by.value, editor.descending.value = "total_view_count", True
    views = [editor.frame.loc[v, "total_view_count"] for _, v in editor.rows.options]
    assert views == sorted(views, reverse=True)
    editor.find_column.value, editor.find.value, editor.replace_with.value = "name", "Funnel", "Conversion"
    editor.replace_button.click()
    assert sorted(editor.plan.updates) == sorted(picked)
    assert all("Conversion" in str(c.after) for c in editor.plan.changes)
    editor.unmark_button.click()  # nothing marked: no harm
    editor.revert_button.click()
    assert editor.plan.is_empty and editor.apply_button.disabled


def test_errors_are_plain_and_nothing_is_planned(ws: mp.Workspace) -> None:
    editor = FrameEditor(ws, "reports", grid="html", progress=False)
    editor.set_button.click()
    assert editor.status_text.startswith("Set failed: select one or more rows first")
    editor.select(editor.frame.index[:1])
    editor.field.value, editor.value.value = "dashboard_id", "board seven"
    editor.set_button.click()
    assert "dashboard_id is a whole number, not 'board seven'" in editor.status_text
    with pytest.raises(mp.InputError, match="cannot be edited here"):
        editor.set_value("created", "2020-01-01")
    with pytest.raises(mp.InputError, match="no rows with ids"):
        editor.select([99_999])
    assert editor.plan.is_empty


def test_tags_and_words_for_frequencies(ws: mp.Workspace) -> None:
    flags = FrameEditor(ws, "flags", grid="html", progress=False)
    first, second = flags.frame.index[:2]
    flags.select([first, second])
    flags.tag.value = "cleanup"
    flags.add_tag_button.click()
    assert all("cleanup" in flags.frame.loc[i, "tags"] for i in (first, second))
    assert flags.plan.counts()["update"] == 2
    flags.remove_tag_button.click()
    assert flags.plan.is_empty
    alerts = FrameEditor(ws, "alerts", grid="html", progress=False)
    shown = readable(alerts.frame)
    assert set(shown["frequency"]) <= {"hourly", "daily", "weekly"} and "<NA>" not in shown.to_string()
    alerts.select(alerts.frame.index[:1])
    alerts.set_value("frequency", "weekly")
    assert [(c.field, c.after) for c in alerts.plan.changes] == [("frequency", 604_800)]


def test_readable_frames_have_short_ids_plain_dates_and_no_na_noise(ws: mp.Workspace) -> None:
    shown = readable(ws.flags.frame())
    assert all(len(i) <= 9 for i in shown.index)  # "baec1fcf…"
    text = shown.to_string()
    assert "<NA>" not in text and "NaT" not in text and "None" not in text
    assert shown["created"].str.fullmatch(r"\d{4}-\d\d-\d\d").all()
