"""Reading frames: index, dtypes from the models, attrs, snapshot, cleanup columns, to_frame."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pandas as pd

import mpnb as mp


def test_import_mpnb_does_not_import_pandas() -> None:
    code = "import sys, mpnb; mpnb.Workspace; print('pandas' in sys.modules, 'tqdm' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_reports_frame_dtypes_index_attrs(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    assert df.index.name == "id" and str(df.index.dtype) == "Int64" and df.index.is_unique
    assert str(df["name"].dtype) == "string"
    assert str(df["dashboard_id"].dtype) == "Int64"
    assert str(df["is_visibility_restricted"].dtype) == "boolean"
    assert df["created"].dtype.kind == "M" and df["created"].dt.tz is None  # naive stays naive (S5)
    assert isinstance(df["params"].iloc[0], dict)
    assert df.attrs == {"mpnb_family": "reports", "mpnb_target": "SANDBOX", "mpnb_extra_reads": ["alerts list call"]}
    assert "bookmark_type" in df.columns and "type" not in df.columns
    assert (df["age_days"] >= 0).all() and (df["owner"] == df["creator_name"]).all()
    assert len(df) == len(fws.list_bookmarks_v2())


def test_frame_filters_are_the_list_calls(fws: mp.Workspace) -> None:
    funnels = fws.reports.frame(bookmark_type="funnels")
    assert set(funnels["bookmark_type"]) == {"funnels"}
    two = fws.reports.frame(ids=list(funnels.index[:2]))
    assert list(two.index) == list(funnels.index[:2])


def test_in_place_edits_of_nested_cells_are_seen(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    rid = int(df.index[0])
    was = json.loads(json.dumps(df.at[rid, "params"]))
    df.at[rid, "params"]["sections"] = {"mutated": True}
    plan = fws.reports.plan(df)
    assert [(c.id, c.field, c.before) for c in plan.changes] == [(rid, "params", was)]
    assert not plan.conflicts
    assert (plan.apply(progress=False).status == "ok").all()
    assert fws.get_bookmark(rid).params == {**df.at[rid, "params"]}
    assert fws.reports.plan(df).is_empty


def test_dashboards_frame(fws: mp.Workspace) -> None:
    df = fws.dashboards.frame()
    assert str(df["title"].dtype) == "string" and str(df["is_private"].dtype) == "boolean"
    assert df.attrs["mpnb_family"] == "dashboards"


def test_to_frame_turns_list_results_into_the_same_frame(fws: mp.Workspace) -> None:
    models = fws.list_bookmarks_v2()
    df = mp.to_frame(models)
    assert df.attrs["mpnb_family"] == "reports"
    ref = fws.reports.frame()
    assert list(df.index) == list(ref.index)
    assert (df["name"] == ref["name"]).all()
    assert str(df["name"].dtype) == "string"
    assert isinstance(mp.to_frame(fws.list_dashboards()), pd.DataFrame)


def test_cleanup_columns_from_the_list_answer(fws: mp.Workspace) -> None:
    alerts = fws.alerts.frame()
    raw = fws.alerts.snapshot()
    rid = int(alerts.index[0])
    assert alerts.loc[rid, "report_id"] == raw[rid]["bookmark"]["id"] and str(alerts["report_id"].dtype) == "Int64"
    cohorts = fws.cohorts.frame()
    cid = int(cohorts.index[0])
    assert cohorts.loc[cid, "owner"] == fws.cohorts.snapshot()[cid]["created_by"]["name"]
    alerts["report_id"] = 1  # a cleanup column is not a field: editing it sends nothing
    assert fws.alerts.plan(alerts).is_empty


def test_a_read_leaves_its_records_in_the_oldest_gc_generation(fws: mp.Workspace, monkeypatch: Any) -> None:
    """Left young, 20,000 reports' containers were walked by three collections during the next plan."""
    import gc

    from mpnb import _gc

    monkeypatch.setattr(_gc, "YOUNG_CONTAINERS_COLLECTED", 100)  # the test sandbox is small
    fws.reports.frame()
    record = next(iter(fws.reports.snapshot().values()))
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(record) in oldest and id(record["params"]) in oldest
    assert gc.isenabled()
