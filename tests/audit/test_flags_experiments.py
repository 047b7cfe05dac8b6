"""Flag and experiment rules on crafted sandbox states."""

from __future__ import annotations

from typing import Any

import mpnb as mp
from tests.audit.conftest import Craft, ago, run

F, E = "feature_flags", "experiments"
FULL = {
    "variants": [{"key": "on", "value": True, "split": 1.0}, {"key": "off", "value": False, "split": 0.0}],
    "rollout": [{"name": "Everyone", "rollout_percentage": 1.0, "variant_splits": {"on": 1.0, "off": 0.0}}],
}


# crafted flags need ids in the flags' grammar (UUIDs), or the plan's archive call is refused
F1 = "00000000-0000-4000-8000-0000000000f1"
F2 = "00000000-0000-4000-8000-0000000000f2"


def _flag(craft: Craft, fid: str, **changes: Any) -> dict[str, Any]:
    base = next(k for k, f in craft.table(F).items() if f.get("deleted") is None)
    return craft.clone(F, base, fid, key=f"crafted_{fid[-2:]}", name=f"Crafted {fid}", deleted=None, **changes)


def test_flag_rolled_out_to_everyone_for_long_is_reviewed(aws: mp.Workspace, craft: Craft) -> None:
    _flag(craft, F1, status="enabled", ruleset=FULL, enabled_at=ago(60, z=True), modified=ago(60, z=True))
    found = run(aws, "rolled_out_flag")
    assert found[F1]["evidence"]["variant"] == "on" and found[F1]["action"] == "review"
    assert F1 not in run(aws, "rolled_out_flag", days=90)
    half = {**FULL, "rollout": [{"rollout_percentage": 0.5, "variant_splits": {"on": 1.0, "off": 0.0}}]}
    craft.rec(F, F1)["ruleset"] = half
    assert F1 not in run(aws, "rolled_out_flag")


def test_long_disabled_flag_is_stale_and_archived_by_its_plan(aws: mp.Workspace, craft: Craft) -> None:
    _flag(craft, F1, status="disabled", enabled_at=None, modified=ago(120, z=True))
    _flag(craft, F2, status="disabled", enabled_at=None, modified=ago(10, z=True))
    found = run(aws, "stale_flag")
    assert found[F1]["action"] == "archive" and F2 not in found
    plan = aws.audit(rules=["stale_flag"]).plan()
    assert isinstance(plan, mp.frames._plan.Plan) and F1 in {d.id for d in plan.deletes}
    assert {d.action for d in plan.deletes} == {"archive"}
    result = plan.apply(progress=False)
    assert set(result.status) == {"ok"}
    assert craft.rec(F, F1)["status"] == "archived" and F1 not in run(aws, "stale_flag")


def test_experiment_flag_without_test_users(aws: mp.Workspace, craft: Craft) -> None:
    flag = _flag(craft, F1, status="enabled", experiment_id=None, ruleset={**FULL, "test": {"users": {}}})
    eid = next(iter(craft.table(E)))
    assert F1 not in run(aws, "flag_without_testers")  # no experiment uses it
    craft.rec(E, eid).update(feature_flag={"id": F1, "key": flag["key"]}, deleted=None)
    assert F1 in run(aws, "flag_without_testers")
    craft.rec(F, F1)["ruleset"] = {**FULL, "test": {"users": {"qa@example.com": "on"}}}
    assert F1 not in run(aws, "flag_without_testers")


def test_flag_limit_is_one_extra_read(aws: mp.Workspace, craft: Craft) -> None:
    craft.store.meta["flag_limit"] = 250
    audit = aws.audit(rules=["flag_limit"])
    assert audit.findings.empty and "flag limits" in audit.reads
    live = aws.get_flag_limits().current_usage
    craft.store.meta["flag_limit"] = live
    found = run(aws, "flag_limit")
    assert found[None]["evidence"] == {"current_usage": live, "limit": live, "is_trial": False}
    assert run(aws, "flag_limit", ratio=1.5) == {}


def _exp(craft: Craft, eid: str, **changes: Any) -> None:
    base = next(iter(craft.table(E)))
    craft.clone(E, base, eid, name=f"Crafted {eid}", deleted=None, feature_flag={"id": "x", "key": "x"}, **changes)


def test_active_experiment_past_its_end_date(aws: mp.Workspace, craft: Craft) -> None:
    _exp(craft, "e1", status="active", start_date=ago(40), end_date=ago(5))
    assert run(aws, "overdue_experiment")["e1"]["evidence"]["days_past_end"] >= 4
    assert "e1" not in run(aws, "overdue_experiment", grace_days=7)
    craft.rec(E, "e1")["end_date"] = ago(-5)
    assert "e1" not in run(aws, "overdue_experiment")


def test_concluded_but_undecided_experiment(aws: mp.Workspace, craft: Craft) -> None:
    _exp(craft, "e1", status="concluded", end_date=ago(20))
    assert "e1" in run(aws, "undecided_experiment")
    craft.rec(E, "e1")["end_date"] = ago(2)
    assert "e1" not in run(aws, "undecided_experiment")
    craft.rec(E, "e1").update(status="success", end_date=ago(20))
    assert "e1" not in run(aws, "undecided_experiment")


def test_decided_but_not_archived_experiment(aws: mp.Workspace, craft: Craft) -> None:
    _exp(craft, "e1", status="fail", end_date=ago(60), modified=ago(60))
    assert run(aws, "unarchived_experiment")["e1"]["action"] == "archive"
    assert "e1" not in run(aws, "unarchived_experiment", days=90)
    craft.rec(E, "e1")["deleted"] = ago(1)  # archived: not even listed
    assert "e1" not in run(aws, "unarchived_experiment")


def test_launched_experiment_without_a_flag(aws: mp.Workspace, craft: Craft) -> None:
    _exp(craft, "e1", status="active", start_date=ago(3))
    craft.rec(E, "e1").update(feature_flag=None, settings={})
    assert "e1" in run(aws, "flagless_experiment")
    craft.rec(E, "e1")["settings"] = {"feature_flag_key": "checkout_v2"}
    assert "e1" not in run(aws, "flagless_experiment")
    craft.rec(E, "e1").update(settings={}, status="draft")
    assert "e1" not in run(aws, "flagless_experiment")
