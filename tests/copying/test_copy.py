"""mp.copy between two sandboxes: closure, references rewritten, idempotent re-runs, conflicts, faults."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import mpnb as mp
from mpnb._constants import DEFAULT_MAX_RETRIES
from mpnb.copying import copy


def _promo(src: mp.Workspace) -> dict[str, Any]:
    """A board made for the test: 3 reports (one filtered on a cohort built on another), a text card, 2 alerts."""
    base = src.create_cohort(mp.CreateCohortParams(name="Promo base", definition={"selector": {"event": "Sign Up"}}))
    built = src.create_cohort(
        mp.CreateCohortParams(
            name="Promo buyers",
            definition={"selector": {"operator": "and", "children": [{"property": "cohort", "cohort_id": base.id}]}},
        )
    )
    params = {
        "sections": {"show": [{"behavior": {"type": "event", "name": "Purchase"}}], "filter": [{"cohort_id": built.id}]}
    }
    rows = [
        mp.DashboardRow(contents=[mp.DashboardRowContent(content_type="text", content_params={"markdown": "# Promo"})]),
        mp.DashboardRow(
            contents=[
                mp.DashboardRowContent(
                    content_type="report",
                    content_params={
                        "bookmark": {"name": f"Promo {n}", "type": "insights", "params": json.dumps(params)}
                    },
                )
                for n in ("A", "B", "C")
            ]
        ),
    ]
    board = src.create_dashboard(mp.CreateDashboardParams(title="Promo board", description="for the copy", rows=rows))
    report_ids = board.report_ids
    alerts = [
        src.create_alert(
            mp.CreateAlertParams(
                bookmark_id=rid,
                name=f"Promo alert {i}",
                condition={"type": "absolute", "op": "<", "value": 10},
                frequency=86400,
                paused=False,
                subscriptions=[{"type": "email", "value": "team@example.com"}],
            )
        )
        for i, rid in enumerate(report_ids[:2])
    ]
    return {"board": board, "reports": report_ids, "cohorts": (base.id, built.id), "alerts": [a.id for a in alerts]}


def _writes(ws: mp.Workspace, since: int) -> list[tuple[str, str]]:
    assert ws.emulator is not None
    return [(m, p) for m, p in ws.emulator.requests[since:] if m != "GET"]


def test_a_board_brings_its_reports_cohorts_and_alerts_with_every_reference_rewritten(
    pair: tuple[mp.Workspace, mp.Workspace],
) -> None:
    src, dst = pair
    promo = _promo(src)
    # the target's next cohort ids must not be the source's (else an unrewritten filter would pass unseen)
    dst.create_cohort(mp.CreateCohortParams(name="Target's own", definition={"selector": {"event": "Login"}}))
    plan = copy(src, dst, dashboards=[promo["board"].id], include_alerts=True)
    frame = plan.to_frame()
    assert frame.action.value_counts().to_dict() == {"create": 8}  # board, 3 reports, 2 cohorts, 2 alerts
    why = {(f, str(i)): w for f, i, w in zip(frame.family, frame.source_id, frame.why)}
    assert why[("cohorts", str(promo["cohorts"][0]))].startswith("named by cohort")
    assert why[("alerts", str(promo["alerts"][0]))].startswith("alert on report")
    assert not plan.unresolved
    assert len(plan.refs) == 3 + 3 + 1 + 2  # 3 report filters, 3 report boards, 1 cohort-in-cohort, 2 alert reports

    result = plan.apply()
    assert set(result.to_frame().status) == {"ok"}
    ids = result.id_map
    board = dst.get_dashboard(ids["dashboards"][promo["board"].id])
    assert [c["content_type"] for c in board.cards()] == ["text", "report", "report", "report"]  # layout kept
    assert (board.contents or {})["text"] and next(iter(board.contents["text"].values()))["markdown"] == "# Promo"
    new_base, new_built = (ids["cohorts"][c] for c in promo["cohorts"])
    for sid in promo["reports"]:
        report = dst.get_bookmark(ids["reports"][sid])
        assert report.params is not None and report.params["sections"]["filter"] == [{"cohort_id": new_built}]
        assert report.dashboard_id == board.id
    built = dst.get_cohort(new_built)
    assert built.definition["selector"]["children"][0]["cohort_id"] == new_base
    for sid in promo["alerts"]:
        alert = dst.get_alert(ids["alerts"][sid])
        assert alert.bookmark is not None and alert.bookmark.id in {ids["reports"][r] for r in promo["reports"]}


def test_a_second_run_sends_only_reads_and_creates_nothing_twice(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    promo = _promo(src)
    copy(src, dst, dashboards=[promo["board"].id], include_alerts=True).apply()
    before = len(dst.list_bookmarks_v2())
    assert dst.emulator is not None
    mark = len(dst.emulator.requests)
    again = copy(src, dst, dashboards=[promo["board"].id], include_alerts=True)
    assert set(again.to_frame().action) == {"skip"}
    result = again.apply()
    assert set(result.to_frame().status) == {"skipped"}
    assert _writes(dst, mark) == []
    assert len(dst.list_bookmarks_v2()) == before


def test_a_source_edit_updates_the_copy_and_a_target_edit_is_a_conflict(
    pair: tuple[mp.Workspace, mp.Workspace],
) -> None:
    src, dst = pair
    promo = _promo(src)
    ids = copy(src, dst, dashboards=[promo["board"].id]).apply().id_map
    first = promo["reports"][0]
    src.update_bookmark(first, mp.UpdateBookmarkParams(name="Promo A (renamed)"))
    plan = copy(src, dst, dashboards=[promo["board"].id])
    changed = plan.to_frame().set_index(["family", "source_id"]).loc[("reports", first)]
    assert changed.action == "update" and changed.changes == "name"
    assert (plan.to_frame().action == "update").sum() == 1
    result = plan.apply()
    assert result.backup is not None and Path(result.backup).is_file()  # the target's record, before overwrite
    assert dst.get_bookmark(ids["reports"][first]).name == "Promo A (renamed)"

    dst.update_bookmark(ids["reports"][first], mp.UpdateBookmarkParams(name="Edited in production"))
    src.update_bookmark(first, mp.UpdateBookmarkParams(name="Promo A v3"))
    conflict = copy(src, dst, dashboards=[promo["board"].id])
    assert conflict.to_frame().set_index(["family", "source_id"]).loc[("reports", first)].action == "conflict"
    conflict.apply()
    assert dst.get_bookmark(ids["reports"][first]).name == "Edited in production"  # not overwritten
    forced = copy(src, dst, dashboards=[promo["board"].id], overwrite=True)
    forced.apply()
    assert dst.get_bookmark(ids["reports"][first]).name == "Promo A v3"


def test_what_points_at_a_row_held_back_is_held_back_too(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    """A report not sent because its board is in conflict holds its alerts back: they are never sent with the
    source's report id (which could name another report in the target)."""
    src, dst = pair
    promo = _promo(src)
    ids = copy(src, dst, dashboards=[promo["board"].id], include_alerts=True).apply().id_map
    dst.update_dashboard(ids["dashboards"][promo["board"].id], mp.UpdateDashboardParams(title="Edited in production"))
    watched = promo["reports"][0]  # the first alert's report
    dst.delete_bookmark(ids["reports"][watched])  # its copy is gone, with its alert: both would be created again
    assert dst.emulator is not None
    mark = len(dst.emulator.requests)
    plan = copy(src, dst, dashboards=[promo["board"].id], include_alerts=True)
    frame = plan.to_frame().set_index(["family", "source_id"])
    assert frame.loc[("dashboards", promo["board"].id)].action == "conflict"
    assert frame.loc[("alerts", promo["alerts"][0])].action == "create"
    done = plan.apply().to_frame().set_index(["family", "source_id"])
    assert done.loc[("reports", watched)].status == "skipped"
    alert = done.loc[("alerts", promo["alerts"][0])]
    assert alert.status == "skipped" and f"its report {watched} was not copied" in alert.error
    assert [(m, p) for m, p in _writes(dst, mark) if "alert" in p] == []  # no alert was sent


def test_a_lost_journal_is_recovered_by_natural_keys(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    promo = _promo(src)
    plan = copy(src, dst, dashboards=[promo["board"].id], include_alerts=True)
    plan.apply()
    plan.journal.path.unlink()
    again = copy(src, dst, dashboards=[promo["board"].id], include_alerts=True)
    assert set(again.to_frame().action) == {"skip"}
    assert all("matched in the target" in n for n in again.to_frame().note)


def test_an_experiment_brings_its_flag_created_disabled_and_linked(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    exp = src.create_experiment(
        mp.CreateExperimentParams(name="Promo Checkout Test", settings={"feature_flag_key": "promo_checkout"})
    )
    src.create_feature_flag(
        mp.CreateFeatureFlagParams(name="Promo checkout", key="promo_checkout", status="enabled", experiment_id=exp.id)
    )
    plan = copy(src, dst, experiments=["Promo Checkout Test"])
    assert plan.to_frame().set_index("family").loc["flags"].why == "flag of experiment 'Promo Checkout Test'"
    ids = plan.apply().id_map
    new_exp = ids["experiments"][exp.id]
    flag = next(f for f in dst.list_feature_flags() if f.key == "promo_checkout")
    assert flag.experiment_id == new_exp and flag.status == "disabled"
    assert dst.get_experiment(new_exp).status == "draft"


def test_references_outside_the_copy_are_listed_and_must_be_resolved(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    promo = _promo(src)
    report = promo["reports"][0]
    plan = copy(src, dst, reports=[report], follow=False)
    board = promo["board"].id
    assert {(r.family, r.source_id) for r in plan.unresolved} == {
        ("cohorts", promo["cohorts"][1]),
        ("dashboards", board),
    }
    assert "UNRESOLVED" in repr(plan) and "UNRESOLVED" in set(plan.refs_frame().target_id)
    with pytest.raises(mp.InputError, match="outside the copy"):
        plan.apply()
    assert dst.emulator is not None and not any(m != "GET" for m, _ in dst.emulator.requests)

    existing = dst.create_cohort(mp.CreateCohortParams(name="Buyers in prod"))
    home = dst.create_dashboard(mp.CreateDashboardParams(title="Prod home"))
    to = {"cohorts": {promo["cohorts"][1]: existing.id}, "dashboards": {board: home.id}}
    mapped = copy(src, dst, reports=[report], follow=False, mapping=to)
    ids = mapped.apply().id_map
    made = dst.get_bookmark(ids["reports"][report])
    assert made.params is not None and made.params["sections"]["filter"] == [{"cohort_id": existing.id}]
    assert made.dashboard_id == home.id

    left = copy(src, dst, reports=[promo["reports"][1]], follow=False, skip_unresolved=True)
    assert left.to_frame().action.tolist() == ["left out"]


def test_annotations_copy_with_their_tags_by_name(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    tag = src.create_annotation_tag(mp.CreateAnnotationTagParams(name="promo-launch"))
    src.create_annotation(mp.CreateAnnotationParams(date="2024-02-03", description="Promo went live", tags=[tag.id]))
    plan = copy(src, dst, annotations=("2024-02-01", "2024-02-28"))
    assert plan.to_frame().action.tolist() == ["create"]
    plan.apply()
    made = dst.list_annotations(from_date="2024-02-01", to_date="2024-02-28")
    assert [(a.description, [t.name for t in a.tags]) for a in made] == [("Promo went live", ["promo-launch"])]
    assert set(copy(src, dst, annotations=("2024-02-01", "2024-02-28")).to_frame().action) == {"skip"}


def test_an_answer_lost_after_the_create_is_read_back_and_reported_ok(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    cohort = src.create_cohort(mp.CreateCohortParams(name="Promo fault cohort"))
    plan = copy(src, dst, cohorts=[cohort.id])
    assert dst.emulator is not None
    dst.emulator.faults.queue(["drop_after"])  # the create lands, its answer is lost
    result = plan.apply()
    row = result.to_frame().iloc[0]
    assert row.status == "ok" and row.target_id is not None
    assert [c.id for c in dst.list_cohorts_full() if c.name == "Promo fault cohort"] == [row.target_id]
    assert set(copy(src, dst, cohorts=[cohort.id]).to_frame().action) == {"skip"}


def test_a_real_target_needs_confirm_before_any_request(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    cohort = src.create_cohort(mp.CreateCohortParams(name="Promo real"))
    plan = copy(src, dst, cohorts=[cohort.id])
    plan.dst = mp.Workspace(username="svc", secret="not-a-real-secret", project_id=1, region="us")
    with pytest.raises(mp.InputError, match="confirm=True"):
        plan.apply()


def test_bad_selections_are_refused_naming_the_field(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    with pytest.raises(mp.InputError, match="flag"):
        copy(src, dst, flags=["no_such_flag_key"])
    with pytest.raises(mp.InputError, match="same Workspace"):
        copy(src, src, cohorts=[1])
    with pytest.raises(mp.InputError, match="annotations"):
        copy(src, dst, annotations="2024")  # type: ignore[arg-type]


def test_a_board_whose_answer_is_lost_is_found_with_its_reports(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    promo = _promo(src)
    plan = copy(src, dst, dashboards=[promo["board"].id])
    assert dst.emulator is not None
    # cohorts first (two creates), then the board: its create lands and the answer is lost
    dst.emulator.faults.queue(["ok", "ok", "drop_after"])
    result = plan.apply().to_frame()
    assert set(result.status) == {"ok"}
    boards = [d for d in dst.list_dashboards() if d.title == "Promo board"]
    assert len(boards) == 1
    on_board = set(dst.get_dashboard(boards[0].id).report_ids)
    assert set(result[result.family == "reports"].target_id) == on_board
    assert set(copy(src, dst, dashboards=[promo["board"].id]).to_frame().action) == {"skip"}


def test_retries_exhausted_with_nothing_landed_is_an_error_and_a_rerun_creates_it(
    pair: tuple[mp.Workspace, mp.Workspace],
) -> None:
    src, dst = pair
    cohort = src.create_cohort(mp.CreateCohortParams(name="Promo throttled"))
    plan = copy(src, dst, cohorts=[cohort.id])
    assert dst.emulator is not None
    attempts = DEFAULT_MAX_RETRIES + 1
    dst.emulator.faults.queue(["429"] * attempts)  # every try of the create is refused; the read-back works
    row = plan.apply().to_frame().iloc[0]
    assert row.status == "error" and not [c for c in dst.list_cohorts_full() if c.name == "Promo throttled"]
    second = copy(src, dst, cohorts=[cohort.id])
    dst.emulator.faults.queue(["429"] * attempts * 2)  # the read-back is refused too: nobody knows
    row = second.apply().to_frame().iloc[0]
    assert row.status == "unknown" and "check the target" in row.error
    again = copy(src, dst, cohorts=[cohort.id])
    assert again.to_frame().action.tolist() == ["create"]
    assert again.apply().to_frame().status.tolist() == ["ok"]


def test_copy_into_a_sandbox_served_over_http(ws: mp.Workspace, http_ws: mp.Workspace) -> None:
    """Two Workspaces with different targets (in-process and a loopback URL with credentials)."""
    exp = ws.create_experiment(mp.CreateExperimentParams(name="Promo HTTP Test"))
    result = copy(ws, http_ws, experiments=[exp.id]).apply()
    new_id = result.id_map["experiments"][exp.id]
    assert http_ws.get_experiment(new_id).name == "Promo HTTP Test"
    assert "secret" not in repr(copy(ws, http_ws, experiments=[exp.id])).lower()


def test_copy_between_the_sandbox_projects_with_for_project() -> None:
    """The sandbox hosts project 1001 beside the demo project: ``ws.for_project`` reaches it, same sandbox."""
    src = mp.Workspace.sandbox(seed=1, sleep=lambda s: None)
    dst = src.for_project(1001)
    assert dst.target.project_id == 1001 and dst.emulator is src.emulator and dst.list_dashboards() == []
    board = src.list_dashboards()[0]
    flag = next(f for f in src.list_feature_flags() if f.experiment_id is None)
    result = copy(src, dst, dashboards=[board.id], flags=[flag.key]).apply()
    assert set(result.to_frame().status) == {"ok"}
    copied = dst.get_dashboard(result.id_map["dashboards"][board.id])
    assert copied.title == board.title and len(copied.report_ids) == len(src.get_dashboard(board.id).report_ids)
    assert [f.key for f in dst.list_feature_flags()] == [flag.key]
    assert src.get_dashboard(board.id).title == board.title  # the source project is untouched
    for bad in (0, -1, True, "1001", 10.5):
        with pytest.raises(mp.InputError, match="project_id"):
            src.for_project(bad)  # type: ignore[arg-type]
