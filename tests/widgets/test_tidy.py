"""Tidy display by default (short ids, dates without a midnight time, no <NA>, frequencies in words) in the
FrameEditor's grid, PlanView and ReviewQueue; a "working" line while a click's work runs."""

from __future__ import annotations

import re

import pytest

import mpnb as mp
from mpnb.frames._readable import tidy_text, when
from mpnb.widgets import FrameEditor, PlanView, ReviewQueue, readable
from mpnb.widgets._base import Shell

NOISE = re.compile(r"<NA>|NaT|\bNone\b|\bnan\b|T00:00:00|00:00:00")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def ws() -> mp.Workspace:
    w = mp.Workspace.sandbox(seed=1)
    w._http._sleep = lambda seconds: None
    return w


def test_times_read_as_a_person_writes_them() -> None:
    assert when("2025-01-20T00:00:00") == "2025-01-20" and when("2025-01-20 00:00:00") == "2025-01-20"
    assert when("2025-01-06T09:00:00Z") == "2025-01-06 09:00" and when("Weekly KPIs") == "Weekly KPIs"
    assert tidy_text("<NA>") == "" and tidy_text("baec1fcf-3aae-45ed-a64c-679bf76d8381") == "baec1fcf…"


def test_annotation_dates_drop_midnight_and_keep_real_times(ws: mp.Workspace) -> None:
    shown = readable(ws.annotations.frame())
    assert not NOISE.search(shown.to_string())
    assert shown["date"].str.fullmatch(r"\d{4}-\d\d-\d\d( \d\d:\d\d)?").all()
    assert (shown["date"].str.len() == 10).any() and (shown["date"].str.len() == 16).any()


@pytest.mark.parametrize("family", ["flags", "alerts", "annotations", "reports"])
def test_the_grid_page_is_tidy(ws: mp.Workspace, family: str) -> None:
    editor = FrameEditor(ws, family, grid="grid", progress=False, page_size=50)
    text = editor.grid.page_frame().to_string(index=False)  # the index holds the real ids
    assert not NOISE.search(text) and not UUID.search(text)
    if family == "alerts":
        assert set(editor.grid.page_frame()["frequency"]) <= {"hourly", "daily", "weekly"}


def test_plan_view_shows_short_ids_and_frequencies_in_words(ws: mp.Workspace) -> None:
    flags = ws.flags.frame()
    view = PlanView(ws.flags.plan(flags, delete=flags.index[:2].tolist()), progress=False)
    assert not UUID.search(view.table.value) and f"{flags.index[0][:8]}…" in view.table.value
    alerts = ws.alerts.frame()
    first = alerts.index[0]
    alerts.loc[first, "frequency"] = 604_800 if alerts.loc[first, "frequency"] != 604_800 else 3_600
    view = PlanView(ws.alerts.plan(alerts), progress=False)
    assert re.search(r"<td>frequency</td><td>(hourly|daily|weekly)</td><td>(hourly|weekly)</td>", view.table.value)
    view.apply.click()
    view.confirm.yes.click()
    view.show_rows.click()
    assert view.results.value and not NOISE.search(view.results.value)


def test_review_queue_rows_are_tidy(ws: mp.Workspace) -> None:
    queue = ReviewQueue(ws.audit(), progress=False, page_size=200)
    text = queue.grid.page_frame().to_string(index=False)
    assert not NOISE.search(text) and not UUID.search(text)


def test_a_click_says_working_at_once_and_then_its_outcome() -> None:
    class Probe(Shell):
        def __init__(self) -> None:
            self._init_shell()

    probe = Probe()
    seen: list[str] = []
    probe.run("Read", lambda: seen.append(probe.status_text))
    assert seen == ["Read: working …"] and probe.status_text == ""  # nothing said: the old status is back
    probe.run("Apply", lambda: probe.say("Applied 3 rows.", "ok"))
    assert probe.status_text == "Applied 3 rows."
