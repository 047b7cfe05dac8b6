"""Readable plans: summary first, every field and action sampled with "N more", the full plan to a frame/CSV."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import mpnb as mp
from mpnb.frames._plan import Plan
from mpnb.frames._render import SAMPLE, action_words, plan_summary
from mpnb.widgets import PlanView


def _plan(tmp_path: Path) -> tuple[mp.Workspace, pd.DataFrame, Plan]:
    ws = mp.Workspace.sandbox(seed=1, backup_dir=tmp_path / "backups")
    ws._http._sleep = lambda seconds: None
    df = ws.reports.frame()
    ids = list(df.index)
    df.loc[ids[:30], "description"] = "described in bulk"
    df.loc[ids[30:42], "name"] = "Renamed"
    return ws, df, ws.reports.plan(df, delete=ids[42:57])


def test_text_summarises_first_and_samples_every_field_and_action(tmp_path: Path) -> None:
    _ws, df, plan = _plan(tmp_path)
    text = repr(plan)
    first = text.splitlines()[0]
    assert first == "Plan for reports on SANDBOX: 42 updates: description 30, name 12; 15 deletes"
    assert "update description (30):" in text and "update name (12):" in text  # no field is crowded out
    assert f"... {30 - SAMPLE} more description updates" in text
    assert f"... {12 - SAMPLE} more name updates" in text
    assert f"... {15 - SAMPLE} more deletes" in text
    deleted = df.index[42]
    line = next(x for x in text.splitlines() if x.strip().startswith(f"{deleted} "))
    assert str(df.loc[deleted, "name"])[:20] in line and str(df.loc[deleted, "bookmark_type"]) in line
    assert f"board {df.loc[deleted, 'dashboard_id']}" in line and "views" in line and "modified 20" in line
    assert "a restore brings them back without: original id, view counts and history" in text
    assert action_words(plan) == "delete 15 reports, update 30 descriptions, update 12 names"


def test_to_frame_and_to_csv_hold_the_whole_plan(tmp_path: Path) -> None:
    _ws, df, plan = _plan(tmp_path)
    full = plan.to_frame()
    assert full["action"].value_counts().to_dict() == {"update": 42, "delete": 15}
    assert full["name"].notna().all() and full["type"].notna().all()
    dels = full[full["action"] == "delete"]
    assert set(dels["id"]) == set(df.index[42:57]) and dels["board"].notna().all()
    out = plan.to_csv(tmp_path / "plan.csv")
    back = pd.read_csv(out)
    assert len(back) == 57 and set(back["action"]) == {"update", "delete"}


def test_html_is_bounded_and_says_how_many_more(tmp_path: Path) -> None:
    _ws, _df, plan = _plan(tmp_path)
    page = plan._repr_html_()
    assert page.count("<tr style=") <= 3 * SAMPLE  # samples of two fields and one action
    assert f"{30 - SAMPLE} more description updates" in page and f"{15 - SAMPLE} more deletes" in page
    view = PlanView(plan, progress=False)
    assert plan_summary(plan) in view.summary.value
    assert view.table.value.count(plan_summary(plan)) == 0  # the summary is shown once, not twice
    assert plan.mass_delete and view.allow_mass_delete.layout.display is None  # 15 of 61: asks for the tick
    view.apply.click()
    assert "tick the box" in view.status_text and not view.confirm.message.value
    view.allow_mass_delete.value = True
    view.apply.click()
    assert "Delete 15 reports, update 30 descriptions, update 12 names on SANDBOX?" in view.confirm.message.value
    view.confirm.yes.click()
    assert view.status_text == "Applied to SANDBOX: 42 updated, 15 deleted."
    assert view.results.value == ""  # the per-row frame is drawn on request, bounded
    view.show_rows.click()
    assert view.results.value.count("<tr>") <= 51 and "more rows: view.result has them all" in view.results.value
    assert view.result is not None and len(view.result) == 57
