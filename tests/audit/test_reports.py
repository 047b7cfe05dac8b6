"""Report rules on crafted sandbox states: each positive, each negative."""

from __future__ import annotations

from typing import Any

import mpnb as mp
from tests.audit.conftest import Craft, ago, run

B = "bookmarks"


def _report(craft: Craft, rid: int, **changes: object) -> None:
    craft.rec(B, rid).update(changes)


def _first_id(craft: Craft) -> int:
    return min(int(k) for k in craft.table(B))


def test_never_viewed_old_report_is_a_delete_and_young_or_viewed_ones_are_not(aws: mp.Workspace, craft: Craft) -> None:
    rid = _first_id(craft)
    for k in craft.table(B):
        craft.rec(B, k)["unique_view_count"] = 5
    _report(craft, rid, unique_view_count=0, created=ago(90))
    found = run(aws, "never_viewed_report")
    assert set(found) == {rid} and found[rid]["action"] == "delete"
    _report(craft, rid, created=ago(3))
    assert run(aws, "never_viewed_report") == {}
    _report(craft, rid, created=ago(90))
    assert run(aws, "never_viewed_report", min_age_days=100) == {}


def test_never_viewed_report_with_an_alert_is_only_reviewed(aws: mp.Workspace, craft: Craft) -> None:
    alert = next(iter(craft.table("alerts").values()))
    rid = alert["bookmark"]["id"]
    _report(craft, rid, unique_view_count=0, created=ago(90))
    found = run(aws, "never_viewed_report")
    assert found[rid]["action"] == "review" and found[rid]["evidence"]["alert_count"] >= 1


def test_stale_report_is_old_and_barely_viewed(aws: mp.Workspace, craft: Craft) -> None:
    rid = _first_id(craft)
    for k in craft.table(B):
        craft.rec(B, k).update(modified=ago(1))
    _report(craft, rid, unique_view_count=3, modified=ago(200))
    found = run(aws, "stale_report")
    assert set(found) == {rid} and found[rid]["action"] == "review" and found[rid]["evidence"]["idle_days"] >= 199
    _report(craft, rid, unique_view_count=50)
    assert run(aws, "stale_report") == {}
    _report(craft, rid, unique_view_count=3)
    assert run(aws, "stale_report", idle_days=365) == {}


def test_exact_duplicates_keep_the_most_viewed_copy(aws: mp.Workspace, craft: Craft) -> None:
    rid = _first_id(craft)
    src = craft.rec(B, rid)
    src["unique_view_count"] = 10
    craft.clone(B, rid, 9001, name="Copy A", unique_view_count=500)  # most viewed: kept, although newer
    craft.clone(B, rid, 9002, name="Copy B", unique_view_count=0)
    found = run(aws, "duplicate_report")
    assert {rid, 9002} <= set(found) and 9001 not in found
    assert found[rid]["evidence"]["kept"] == found[9002]["evidence"]["kept"] == 9001
    views = {int(k): r.get("unique_view_count") or 0 for k, r in craft.table(B).items()}
    for f in found.values():  # a kept copy is never proposed, and it is the most viewed of its group
        assert f["evidence"]["kept"] not in found and views[f["id"]] <= views[f["evidence"]["kept"]]
        assert f["action"] in ("delete", "review")
    craft.rec(B, 9002)["params"] = {"changed": 1}
    craft.rec(B, 9001)["dashboard_id"] = None
    assert rid not in run(aws, "duplicate_report")


def test_same_query_on_another_board_is_a_near_duplicate_never_a_delete(aws: mp.Workspace, craft: Craft) -> None:
    rid = _first_id(craft)
    other = next(int(k) for k in craft.table("dashboards") if int(k) != craft.rec(B, rid)["dashboard_id"])
    craft.clone(B, rid, 9001, dashboard_id=other)
    assert rid not in run(aws, "duplicate_report") and 9001 not in run(aws, "duplicate_report")

    def group_of(found: dict[Any, dict[str, Any]], rid: int) -> Any:
        """The one finding of the query ``rid`` is in (it is the finding, or named by it)."""
        return next((k for k, f in found.items() if k == rid or rid in f["evidence"]["same_query_as"]), None)

    near = run(aws, "near_duplicate_report")
    first = group_of(near, rid)
    assert first is not None and group_of(near, 9001) == first  # one finding per query, naming the others
    assert near[first]["action"] == "review" and near[first]["evidence"]["copies"] >= 2
    assert len([k for k in near if group_of({k: near[k]}, rid) is not None]) == 1
    craft.rec(B, 9001)["params"] = {"other": True}
    assert group_of(run(aws, "near_duplicate_report"), 9001) is None


def test_untitled_and_undescribed(aws: mp.Workspace, craft: Craft) -> None:
    rid = _first_id(craft)
    _report(craft, rid, name="Untitled report", description=None, unique_view_count=4)
    assert rid in run(aws, "untitled_report") and rid in run(aws, "undescribed_report")
    _report(craft, rid, name="Revenue by plan", description="Monthly revenue by plan")
    assert rid not in run(aws, "untitled_report") and rid not in run(aws, "undescribed_report")
    _report(craft, rid, description="  ", unique_view_count=0)
    assert rid not in run(aws, "undescribed_report")  # nobody reads it: describing it is not the first step
    assert rid in run(aws, "undescribed_report", min_views=-1)


def test_departed_owner_needs_members_and_flags_only_people_not_in_them(aws: mp.Workspace, craft: Craft) -> None:
    rid = _first_id(craft)
    _report(craft, rid, creator_id=999, creator_email="gone@example.com", creator_name="Gone Person")
    audit = aws.audit(rules=["departed_owner_report"])
    assert audit.findings.empty and "members" in audit.skipped["departed_owner_report"]
    people = [r.get("creator_email") for r in craft.table(B).values() if r.get("creator_email") != "gone@example.com"]
    found = run(aws, "departed_owner_report", members=tuple(people))
    assert set(found) == {rid}
    assert run(aws, "departed_owner_report", members=(*people, "GONE@example.com")) == {}
