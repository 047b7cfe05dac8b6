"""Plans: what is a change, what is refused, conflicts, explicit deletes, cascades, creates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import mpnb as mp


def test_journey_plan_shows_target_counts_and_changes(fws: mp.Workspace) -> None:
    reports = fws.reports.frame()
    mask = reports.name.str.startswith("Untitled")
    reports.loc[mask, "description"] = "needs an owner"
    before = fws.request_count
    plan = fws.reports.plan(reports)
    assert fws.request_count - before == 1  # one fresh list call, nothing sent
    text = repr(plan)
    assert text.startswith("Plan for reports on SANDBOX")
    assert f"{int(mask.sum())} update" in text and "applying takes 2 requests" in text
    assert {c.id for c in plan.changes} == set(reports.index[mask.fillna(False)])
    assert all(c.field == "description" and c.after == "needs an owner" for c in plan.changes)
    assert "<table>" in plan._repr_html_() and "SANDBOX" in plan._repr_html_()
    assert plan.requests() == 2 and not plan.is_empty  # a re-read of the rows, then one bulk update


def test_dtype_noise_is_not_a_change(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    noisy = df.copy()
    noisy["description"] = noisy["description"].astype(object).where(noisy["description"].notna(), np.nan)
    noisy["dashboard_id"] = noisy["dashboard_id"].astype("float64")  # 1 -> 1.0
    noisy["params"] = [dict(reversed(list(p.items()))) for p in noisy["params"]]  # key order
    noisy["is_visibility_restricted"] = noisy["is_visibility_restricted"].astype(object)
    plan = fws.reports.plan(noisy)
    assert plan.is_empty and plan.changes == [] and plan.fresh_requests == 0


def test_none_vs_nan_in_strings_is_not_a_change(fws: mp.Workspace) -> None:
    df = fws.dashboards.frame()
    df["description"] = df["description"].astype(object).where(df["description"].notna(), None)
    assert fws.dashboards.plan(df).is_empty


def test_absent_columns_unchanged_absent_rows_not_deleted(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    rid = int(df.index[0])
    small = df.loc[[rid], ["name"]].copy()
    small.attrs = dict(df.attrs)
    small.loc[rid, "name"] = "Only the name"
    plan = fws.reports.plan(small)
    assert plan.updates == {rid: {"name": "Only the name"}} and plan.deletes == []
    plan.apply(progress=False)
    after = fws.reports.frame()
    assert len(after) == len(df)
    assert after.loc[rid, "description"] == df.loc[rid, "description"]


def test_read_only_column_edit_is_an_error_naming_it(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    df.iloc[0, df.columns.get_loc("creator_name")] = "Someone Else"
    df.iloc[1, df.columns.get_loc("created")] = pd.Timestamp("2001-01-01")
    with pytest.raises(mp.InputError, match=r"read-only columns were edited: created .*creator_name"):
        fws.reports.plan(df)


def test_frame_of_another_family_or_target_is_refused(fws: mp.Workspace, tmp_path: object) -> None:
    boards = fws.dashboards.frame()
    with pytest.raises(mp.InputError, match="holds dashboards, not reports"):
        fws.reports.plan(boards)
    df = fws.reports.frame()
    df.attrs["mpnb_target"] = "Mixpanel us · project 1"
    with pytest.raises(mp.InputError, match="was read from Mixpanel us"):
        fws.reports.plan(df)


def test_frame_without_attrs_is_inferred_and_said(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    merged = df.merge(pd.DataFrame({"note": ["x"] * len(df)}, index=df.index), left_index=True, right_index=True)
    merged.attrs = {}
    merged.iloc[0, merged.columns.get_loc("name")] = "Merged rename"
    plan = fws.reports.plan(merged)
    assert any("columns say it holds reports" in n for n in plan.notes)
    assert len(plan.updates) == 1
    with pytest.raises(mp.InputError, match="holds reports, not dashboards"):
        fws.dashboards.plan(merged)


def test_rows_not_read_through_this_workspace_are_refused(fws: mp.Workspace, tmp_path: object) -> None:
    other = mp.Workspace.sandbox(seed=1)
    df = other.reports.frame()
    with pytest.raises(mp.InputError, match="not read through this Workspace"):
        fws.reports.plan(df)


def test_conflict_is_shown_and_not_overwritten_unless_asked(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    rid = int(df.index[3])
    fws.update_bookmark(rid, mp.UpdateBookmarkParams(name="Changed elsewhere"))
    df.loc[rid, "description"] = "mine"
    plan = fws.reports.plan(df)
    assert plan.updates == {} and [c.id for c in plan.conflicts] == [rid]
    assert "conflicts (skipped" in repr(plan)
    result = plan.apply(progress=False)
    assert result.to_dict("records") == [
        {"id": rid, "action": "update", "status": "conflict", "error": result.error[0]}
    ]
    assert fws.get_bookmark(rid).description != "mine" and fws.get_bookmark(rid).name == "Changed elsewhere"
    forced = fws.reports.plan(df, overwrite=True)
    assert forced.updates == {rid: {"description": "mine"}}
    forced.apply(progress=False)
    got = fws.get_bookmark(rid)
    assert (got.description, got.name) == ("mine", "Changed elsewhere")  # absent from the frame's edits: kept


def test_deletes_are_explicit_by_ids_or_marker_column(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    a, b = int(df.index[0]), int(df.index[1])
    by_ids = fws.reports.plan(df, delete=[a])
    assert [d.id for d in by_ids.deletes] == [a] and by_ids.counts()["delete"] == 1
    df["drop"] = False
    df.loc[b, "drop"] = True
    by_marker = fws.reports.plan(df, delete="drop")
    assert [d.id for d in by_marker.deletes] == [b]
    assert fws.reports.plan(df).deletes == []  # the marker column alone deletes nothing


def test_dashboard_delete_shows_its_cascading_reports(fws: mp.Workspace) -> None:
    boards = fws.dashboards.frame()
    reports = fws.list_bookmarks_v2()
    did = next(int(i) for i in boards.index if any(r.dashboard_id == i for r in reports))
    plan = fws.dashboards.plan(boards, delete=[did])
    saved = sorted(r.id for r in reports if r.dashboard_id == did)
    assert sorted(r["id"] for r in plan.cascades["reports"]) == saved
    assert f"deleting also removes {len(saved)} reports" in repr(plan)


def test_rows_without_id_are_creates(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    board = int(df["dashboard_id"].iloc[0])
    new = pd.DataFrame(
        [{"name": "Brand new", "bookmark_type": "insights", "params": {"sections": {}}, "dashboard_id": board}],
        index=pd.Index([pd.NA], dtype="Int64", name="id"),
    )
    both = pd.concat([df, new])
    both.attrs = dict(df.attrs)
    plan = fws.reports.plan(both)
    assert len(plan.creates) == 1 and plan.creates[0].natural_key == ("Brand new", board)
    assert plan.requests() == 1  # at least: the reports method also places it on its board
    result = plan.apply(progress=False)
    assert list(result["status"]) == ["ok"]
    made = fws.get_bookmark(int(result["id"][0]))
    assert made.name == "Brand new" and made.dashboard_id == board


def test_invalid_edit_is_reported_not_sent(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    rid = int(df.index[0])
    df.loc[rid, "name"] = ""
    plan = fws.reports.plan(df)
    assert rid in plan.invalid and plan.updates == {}
    result = plan.apply(progress=False)
    assert result.loc[0, "status"] == "error" and "name" in result.loc[0, "error"]


def test_an_older_frame_never_reverts_a_newer_read(fws: mp.Workspace) -> None:
    old = fws.reports.frame()
    rid = int(old.index[0])
    fws.update_bookmark(rid, mp.UpdateBookmarkParams(name="Renamed elsewhere"))
    fws.reports.frame()  # a newer read replaces the snapshot
    assert fws.reports.plan(old).is_empty  # stale read-only cells are not edits; stale values are not reverts
    old.loc[rid, "description"] = "mine"
    plan = fws.reports.plan(old)
    assert plan.updates == {} and {c.id for c in plan.conflicts} == {rid}


def test_a_fresh_read_asks_for_a_small_share_of_a_big_family_by_id_however_many_requests_it_takes(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """200,000 reports with 20,000 edited: the ids take ~24 URL-sized requests, still far less than listing all
    (1 GB and 14 s there). Here the request threshold is lowered to 0 so a small sandbox shows the rule."""
    import httpx

    from mpnb.frames import _changes

    monkeypatch.setattr(_changes, "FRESH_ID_REQUESTS_MAX", 0)
    ws = mp.Workspace.sandbox(seed=1, size=2_000, backup_dir=tmp_path, sleep=lambda s: None)  # type: ignore[arg-type]
    inner, asked = ws._http._client._transport, []

    class Seen(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            asked.append(request.url)
            return inner.handle_request(request)

    ws._http._client._transport = Seen()
    df = ws.reports.frame(cleanup=False)
    few = df.index[: len(df) // 10]
    df.loc[few, "name"] = df.loc[few, "name"] + " (a tenth)"
    asked.clear()
    plan = ws.reports.plan(df)
    assert len(plan.updates) == len(few) and len(asked) == plan.fresh_requests == 1
    assert len(asked[0].params["ids"].split(",")) == len(few)
    many = df.index[: len(df) // 2]
    df.loc[many, "name"] = df.loc[many, "name"] + " (a half)"
    asked.clear()
    plan = ws.reports.plan(df)
    assert len(plan.updates) == len(many) and len(asked) == 1 and "ids" not in asked[0].params  # one list costs less
