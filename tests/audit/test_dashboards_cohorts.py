"""Dashboard and cohort rules on crafted sandbox states."""

from __future__ import annotations

import mpnb as mp
from tests.audit.conftest import Craft, ago, run

D, B, C = "dashboards", "bookmarks", "cohorts"


def _board(craft: Craft) -> int:
    return min(int(k) for k in craft.table(D))


def test_empty_board_is_a_delete_unless_young_or_holding_a_report(aws: mp.Workspace, craft: Craft) -> None:
    craft.clone(D, _board(craft), 9001, title="Nothing here", created=ago(30))
    found = run(aws, "empty_dashboard")
    assert found[9001]["action"] == "delete" and found[9001]["evidence"]["report_count"] == 0
    assert run(aws, "empty_dashboard", min_age_days=60).get(9001) is None
    rid = min(int(k) for k in craft.table(B))
    craft.rec(B, rid)["dashboard_id"] = 9001
    assert 9001 not in run(aws, "empty_dashboard")


def test_board_whose_reports_are_all_stale(aws: mp.Workspace, craft: Craft) -> None:
    craft.clone(D, _board(craft), 9001, title="Old numbers")
    rid = min(int(k) for k in craft.table(B))
    craft.clone(B, rid, 9101, dashboard_id=9001, modified=ago(400), unique_view_count=0)
    craft.clone(B, rid, 9102, dashboard_id=9001, modified=ago(300), unique_view_count=2, params={"x": 1})
    found = run(aws, "stale_dashboard")
    assert found[9001]["action"] == "review" and found[9001]["evidence"]["report_count"] == 2
    craft.rec(B, 9102)["modified"] = ago(1)  # one report still maintained: the board is alive
    assert 9001 not in run(aws, "stale_dashboard")
    assert 9001 not in run(aws, "stale_dashboard", idle_days=500)


def test_private_board_of_a_departed_owner(aws: mp.Workspace, craft: Craft) -> None:
    gone = {"creator_id": 999, "creator_email": "gone@example.com", "creator_name": "Gone"}
    craft.clone(D, _board(craft), 9001, is_private=True, **gone)
    craft.clone(D, _board(craft), 9002, is_private=False, **gone)
    members = ("ana@example.com", "ben@example.com", "chen@example.com", "dana@example.com", "eli@example.com")
    found = run(aws, "departed_owner_private_dashboard", members=members)
    assert 9001 in found and 9002 not in found  # a shared board still has readers
    assert 9001 not in run(aws, "departed_owner_private_dashboard", members=(*members, "gone@example.com"))


def _new_cohort(craft: Craft, cid: int, **changes: object) -> None:
    base = min(int(k) for k in craft.table(C))
    craft.clone(C, base, cid, name=f"Crafted {cid}", **changes)


def test_unreferenced_cohort_and_what_counts_as_a_reference(aws: mp.Workspace, craft: Craft) -> None:
    _new_cohort(craft, 9001, last_edited=ago(90), selector={"operator": "and", "children": []})
    assert 9001 in run(aws, "unreferenced_cohort")
    assert 9001 not in run(aws, "unreferenced_cohort", min_idle_days=120)
    rid = min(int(k) for k in craft.table(B))
    craft.rec(B, rid)["params"] = {"filters": [{"cohort": {"id": 9001}}]}  # a report filters on it
    assert 9001 not in run(aws, "unreferenced_cohort")
    craft.rec(B, rid)["params"] = {}
    _new_cohort(craft, 9002, selector={"children": [{"property": "cohort", "cohort_id": 9001}]})
    assert 9001 not in run(aws, "unreferenced_cohort")  # another cohort is built on it (referenced_by)


def test_never_computed_cohort_is_deleted_only_when_unreferenced(aws: mp.Workspace, craft: Craft) -> None:
    _new_cohort(craft, 9001, count=0, last_queried=None, selector={})
    found = run(aws, "never_computed_cohort")
    assert found[9001]["action"] == "delete"
    _new_cohort(craft, 9002, selector={"children": [{"cohort_id": 9001}]})
    assert run(aws, "never_computed_cohort")[9001]["action"] == "review"
    craft.rec(C, 9001).update(count=120, last_queried=ago(2))
    assert 9001 not in run(aws, "never_computed_cohort")
