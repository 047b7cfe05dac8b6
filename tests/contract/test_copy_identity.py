"""Contract: a copy decides which target entity is which by its journal or the identity rule, never by a name
alone; it follows references both ways; and every row is reported, whatever failed before it."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

import mpnb as mp
from mpnb.copying import copy
from mpnb.copying.families import RULES


def _report(ws: mp.Workspace, board: int, event: str) -> int:
    params = {"sections": {"show": [{"behavior": {"type": "event", "name": event}}]}}
    return ws.create_bookmark(
        mp.CreateBookmarkParams(name="Untitled", type="insights", params=params, dashboard_id=board)
    ).id


def _alert(ws: mp.Workspace, rid: int, name: str) -> int:
    return ws.create_alert(
        mp.CreateAlertParams(
            bookmark_id=rid,
            name=name,
            condition={"type": "absolute", "op": "<", "value": 1},
            frequency=86400,
            paused=True,
            subscriptions=[],
        )
    ).id


@pytest.mark.parametrize("overwrite", [False, True])
def test_look_alike_reports_never_pair_with_one_target_report(
    pair: tuple[mp.Workspace, mp.Workspace], overwrite: bool
) -> None:
    src, dst = pair
    board = src.create_dashboard(mp.CreateDashboardParams(title="Ops", description="weekly")).id
    sources = [_report(src, board, e) for e in ("Sign Up", "Purchase", "Login")]
    alert = _alert(src, sources[1], "Purchases dropped")
    there = dst.create_dashboard(mp.CreateDashboardParams(title="Ops", description="weekly")).id
    theirs = _report(dst, there, "Page View")  # another query, same name, same board title
    before = dst.get_bookmark(theirs)
    plan = copy(src, dst, dashboards=[board], include_alerts=True, overwrite=overwrite)
    reports = plan.to_frame().query("family == 'reports'")
    assert set(reports.action) == {"create"} and theirs not in set(reports.target_id)
    result = plan.apply()
    ids = result.id_map
    assert set(result.to_frame().status) <= {"ok", "skipped"}
    assert dst.get_bookmark(theirs) == before  # never written to
    made = {ids["reports"][s] for s in sources}
    assert len(made) == 3 and theirs not in made
    copied_alert = dst.get_alert(ids["alerts"][alert])
    assert copied_alert.bookmark is not None and copied_alert.bookmark.id == ids["reports"][sources[1]]


def test_an_identical_look_alike_is_ambiguous_and_nothing_is_written_for_it(
    pair: tuple[mp.Workspace, mp.Workspace],
) -> None:
    src, dst = pair
    board = src.create_dashboard(mp.CreateDashboardParams(title="Ops", description="weekly")).id
    sources = [_report(src, board, "Purchase"), _report(src, board, "Purchase")]  # two identical reports
    there = dst.create_dashboard(mp.CreateDashboardParams(title="Ops", description="weekly")).id
    twin = _report(dst, there, "Purchase")
    plan = copy(src, dst, dashboards=[board])
    rows = plan.to_frame().set_index("source_id")
    assert list(rows.loc[sources, "action"]) == ["ambiguous", "ambiguous"]
    assert all("map it" in n for n in rows.loc[sources, "note"])
    result = plan.apply().to_frame().set_index("source_id")
    assert list(result.loc[sources, "status"]) == ["ambiguous", "ambiguous"]
    assert [b.id for b in dst.list_bookmarks_v2()] == [twin]  # nothing created, nothing overwritten
    mapped = copy(src, dst, dashboards=[board], mapping={"reports": {sources[0]: twin}})
    assert mapped.to_frame().set_index("source_id").loc[sources[0], "action"] == "mapped"


def test_a_flag_that_names_the_experiment_comes_with_it(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    exp = src.create_experiment(mp.CreateExperimentParams(name="Pricing Copy Test"))  # names no flag
    flag = src.create_feature_flag(
        mp.CreateFeatureFlagParams(name="Pricing", key="pricing_copy", status="disabled", experiment_id=exp.id)
    )
    plan = copy(src, dst, experiments=[exp.id])
    assert set(plan.to_frame().family) == {"experiments", "flags"}
    ids = plan.apply().id_map
    made = dst.get_feature_flag(ids["flags"][flag.id])
    assert made.key == "pricing_copy" and made.experiment_id == ids["experiments"][exp.id]


def test_a_flag_keeps_its_tags_to_itself_and_copies_again(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    tags = [t.name for t in dst.list_annotation_tags()]
    flag = src.create_feature_flag(
        mp.CreateFeatureFlagParams(name="Tagged", key="tagged_flag", status="disabled", tags=["beta", "growth"])
    )
    result = copy(src, dst, flags=[flag.key]).apply()
    assert set(result.to_frame().status) == {"ok"}
    assert [t.name for t in dst.list_annotation_tags()] == tags  # no annotation tag came from the flag
    assert dst.get_feature_flag(result.id_map["flags"][flag.id]).tags == ["beta", "growth"]
    src.update_feature_flag(flag.id, mp.UpdateFeatureFlagParams(description="second run"))
    again = copy(src, dst, flags=[flag.key]).apply().to_frame()
    assert list(again.status) == ["ok"] and list(again.action) == ["update"]


def test_an_alert_whose_report_failed_is_reported_not_raised(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    board = src.create_dashboard(mp.CreateDashboardParams(title="Faulty")).id
    rid = _report(src, board, "Purchase")
    alert = _alert(src, rid, "On a report that fails")
    existing = dst.create_dashboard(mp.CreateDashboardParams(title="Home")).id
    plan = copy(src, dst, reports=[rid], include_alerts=True, mapping={"dashboards": {board: existing}})
    assert dst.emulator is not None
    dst.emulator.faults.queue(["500"])  # the report's create is refused; the read-back shows it absent
    rows = plan.apply().to_frame().set_index("family")
    assert rows.loc["reports", "status"] == "error"
    assert rows.loc["alerts", "status"] == "skipped" and "its report" in rows.loc["alerts", "error"]
    assert dst.list_alerts(skip_user_filter=True) == [] and rows.loc["alerts", "source_id"] == alert


def test_a_rerun_after_a_kill_mid_copy_reports_no_false_conflict_and_creates_nothing_twice(
    pair: tuple[mp.Workspace, mp.Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    src, dst = pair
    board = src.create_dashboard(mp.CreateDashboardParams(title="Killed")).id
    reports = [_report(src, board, e) for e in ("Sign Up", "Purchase", "Login")]
    alerts = [_alert(src, r, f"Alert {i}") for i, r in enumerate(reports)]
    rules = RULES["alerts"]
    made: list[Any] = []
    real_create = rules.create
    assert real_create is not None

    def create_then_die(dst_ws: mp.Workspace, fields: dict[str, Any]) -> Any:
        out = real_create(dst_ws, fields)
        made.append(out)
        if len(made) == 2:
            raise SystemExit("killed")  # like kill -9: nothing after this runs, the journal is as it was
        return out

    monkeypatch.setitem(RULES, "alerts", dataclasses.replace(rules, create=create_then_die))
    with pytest.raises(SystemExit):
        copy(src, dst, dashboards=[board], include_alerts=True).apply()
    monkeypatch.setitem(RULES, "alerts", rules)
    again = copy(src, dst, dashboards=[board], include_alerts=True)
    frame = again.to_frame()
    assert "conflict" not in set(frame.action), frame.to_dict("records")
    result = again.apply()
    assert set(result.to_frame().status) <= {"ok", "skipped"}
    names = sorted(a.name for a in dst.list_alerts(skip_user_filter=True))
    assert names == ["Alert 0", "Alert 1", "Alert 2"]  # each once
    assert len(dst.list_bookmarks_v2()) == 3 and set(result.id_map["alerts"]) == set(alerts)
