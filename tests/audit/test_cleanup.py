"""Cleanup columns on ``ws.<family>.frame()``: idle days, query keys, board and alert counts, no empty columns."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

import mpnb as mp
from mpnb.frames._cleanup import ATTR_EXTRA_READS, days_since, params_key
from tests.audit.conftest import Craft, ago


def test_reports_frame_has_cleanup_columns_from_one_extra_alerts_read(aws: mp.Workspace, craft: Craft) -> None:
    before = aws.request_count
    df = aws.reports.frame()
    assert aws.request_count - before == 2 and df.attrs[ATTR_EXTRA_READS] == ["alerts list call"]
    for col in ("idle_days", "params_key", "board_count", "linked_copies", "alert_count"):
        assert str(df[col].dtype) in ("Int64", "string"), col
    alerts = aws.alerts.frame()
    assert df["alert_count"].sum() == len(alerts)
    rid = int(alerts["report_id"].iloc[0])
    assert df.loc[rid, "alert_count"] == (alerts["report_id"] == rid).sum()
    before = aws.request_count
    plain = aws.reports.frame(cleanup=False)
    assert aws.request_count - before == 1 and ATTR_EXTRA_READS not in plain.attrs
    assert "params_key" not in plain.columns


def test_params_key_makes_duplicated_work_and_ignores_key_order(aws: mp.Workspace, craft: Craft) -> None:
    rid = min(int(k) for k in craft.table("bookmarks"))
    src = craft.rec("bookmarks", rid)
    reordered = dict(reversed(list(src["params"].items())))
    craft.clone("bookmarks", rid, 9001, params=reordered)
    other = next(int(k) for k in craft.table("dashboards") if int(k) != src["dashboard_id"])
    craft.clone("bookmarks", rid, 9002, dashboard_id=other)
    df = aws.reports.frame()
    assert df.loc[rid, "params_key"] == df.loc[9001, "params_key"] == df.loc[9002, "params_key"]
    assert df.duplicated(["params_key", "dashboard_id"]).loc[9001]
    assert not df.duplicated(["params_key", "dashboard_id"]).loc[9002]
    assert df.loc[rid, "board_count"] >= 2 and df.loc[9002, "linked_copies"] >= 2
    assert params_key("insights", {"a": 1, "b": 2}) == params_key("insights", {"b": 2, "a": 1})
    assert params_key("insights", {"a": 1}) != params_key("funnels", {"a": 1})


def test_idle_days_count_from_modified(aws: mp.Workspace, craft: Craft) -> None:
    rid = min(int(k) for k in craft.table("bookmarks"))
    craft.rec("bookmarks", rid).update(created=ago(500), modified=ago(12))
    df = aws.reports.frame()
    assert df.loc[rid, "idle_days"] == 12 and df.loc[rid, "age_days"] >= 499
    cohorts = aws.cohorts.frame(cleanup=True)
    assert "idle_days" in cohorts.columns  # from last_edited
    assert "idle_days" not in aws.annotations.frame().columns  # annotations carry no change time


def test_dashboards_count_their_reports_and_drop_all_none_columns(aws: mp.Workspace) -> None:
    boards = aws.dashboards.frame()
    reports = aws.reports.frame(cleanup=False)
    counts = reports["dashboard_id"].value_counts()
    for bid in boards.index:
        assert boards.loc[bid, "report_count"] == counts.get(bid, 0)
    full = aws.dashboards.frame(cleanup=False)
    dropped = set(full.columns) - set(boards.columns)
    assert dropped and all(full[c].isna().all() and full[c].dtype == object for c in dropped)
    assert not any(boards[c].dtype == object and boards[c].isna().all() for c in boards.columns)


def test_a_cleanup_column_sends_nothing_when_edited(aws: mp.Workspace) -> None:
    df = aws.reports.frame()
    df["alert_count"] = 99
    df["params_key"] = "x"
    assert aws.reports.plan(df).is_empty


def test_days_since_reads_naive_aware_and_string_times() -> None:
    now = pd.Timestamp("2026-01-11T00:00:00Z")
    out = days_since(pd.Series(["2026-01-01T00:00:00", "2026-01-10T12:00:00Z", None]), now.to_pydatetime())
    assert out.tolist()[:2] == [10, 0] and out.isna().tolist() == [False, False, True]


def test_a_refused_extra_read_leaves_its_column_out_but_not_the_frame(aws: mp.Workspace, monkeypatch: Any) -> None:
    from mpnb._records import Records

    real = Records.read_all

    def refuse(records: Records) -> Any:
        if records.family == "alerts":
            raise mp.PermissionDeniedError("no access to alerts", status=403)
        return real(records)

    monkeypatch.setattr(Records, "read_all", refuse)
    df = aws.reports.frame()
    assert "alert_count" not in df.columns and "params_key" in df.columns
    assert "refused: PermissionDeniedError" in df.attrs[ATTR_EXTRA_READS][0]


def test_params_key_reads_a_tracked_cell_without_wrapping_its_children() -> None:
    from mpnb.frames._tracked import Touched, TrackedDict, track

    raw = {"sections": {"show": [{"math": "total"}]}, "displayOptions": {"chartType": "bar"}}
    cell = track(json.loads(json.dumps(raw)), Touched(), 1)
    assert params_key("insights", cell) == params_key("insights", raw)
    assert all(type(v) is dict for v in dict.values(cell))  # nothing under the cell was wrapped (copied)
    cell["sections"]["show"][0]["math"] = "unique"  # an edit in place is still seen by the key
    assert type(dict.__getitem__(cell, "sections")) is TrackedDict
    assert params_key("insights", cell) != params_key("insights", raw)


def test_the_extra_read_is_counted_and_freed_before_the_main_read(aws: mp.Workspace, monkeypatch: Any) -> None:
    """Its records must be gone before the main read's are parsed (they added 16 MiB to a big frame's peak)."""
    import weakref

    from mpnb._records import Records
    from mpnb.frames._families import SPECS

    real_main = type(SPECS["reports"]).list_raw
    real_extra = Records.read_all
    alerts_records: list[weakref.ref[Any]] = []
    alive_at_main_read: list[int] = []

    class Rec(dict):  # type: ignore[type-arg]  (plain dicts cannot be weakly referenced)
        pass

    def main(spec: Any, ws: Any, filters: Any = None) -> Any:
        assert alerts_records, "the alerts were not read before the reports"
        alive_at_main_read.append(sum(r() is not None for r in alerts_records))
        return real_main(spec, ws, filters)

    def extra(records: Records) -> Any:
        out = [Rec(r) for r in real_extra(records)]
        alerts_records.extend(weakref.ref(r) for r in out)
        return out

    monkeypatch.setattr(type(SPECS["reports"]), "list_raw", main)
    monkeypatch.setattr(Records, "read_all", extra)
    df = aws.reports.frame()
    assert alive_at_main_read == [0]
    assert df["alert_count"].sum() == len(aws.list_alerts()) and df.attrs[ATTR_EXTRA_READS] == ["alerts list call"]


def test_an_empty_frame_still_names_the_extra_read_it_sent(aws: mp.Workspace) -> None:
    before = aws.request_count
    df = aws.dashboards.frame(ids=[987654])
    assert df.empty and aws.request_count - before == 2
    assert df.attrs[ATTR_EXTRA_READS] == ["reports list call (not used: the frame is empty)"]
