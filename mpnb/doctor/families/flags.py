"""Flags: the limits answer against the flags listed, the history's shape; scratch: a disabled flag (it
never serves), its test users, and whether a restored flag comes back disabled."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mpnb.doctor._cycle import Cycle
from mpnb.doctor._kit import FamilyDoctor, Raw, Scratch, SpecRef, Verdict, check, not_tested
from mpnb.doctor._scratch import described, missing_uuid
from mpnb.doctor._shapes import json_type, keys_of, payload
from mpnb.entities.flags import CreateFeatureFlagParams, SetTestUsersParams, UpdateFeatureFlagParams

Probe = Callable[[str, Callable[[], Any]], Any]


def _limits_and_history(ws: Any, records: list[Raw], probe: Probe) -> list[Verdict]:
    out: list[Verdict] = []
    limits = probe("get_flag_limits", ws.get_flag_limits)
    body = payload(limits)
    live = sum(1 for r in records if r.get("status") != "archived")
    claim = "the flag limits' current_usage counts the flags that are not archived"
    if isinstance(body, dict) and isinstance(body.get("current_usage"), int):
        usage = body["current_usage"]
        out.append(check("F-h", claim, usage == live, f"current_usage {usage}; {live} flags listed not archived"))
    else:
        out.append(not_tested("F-h", claim, f"limits answer: {keys_of(body)}"))
    claim = "flag history events are positional arrays; pages count from 1"
    if not records:
        return [*out, not_tested("F-g", claim, "no flags")]
    page = probe("get_flag_history", lambda: ws.get_flag_history(records[0]["id"], page_size=1))
    body = payload(page)
    events = body.get("events") if isinstance(body, dict) else None
    if not isinstance(events, list) or not events:
        return [*out, not_tested("F-g", claim, f"the first flag's history: {keys_of(body)}")]
    kinds = sorted({json_type(e) for e in events})
    out.append(check("F-g", claim, kinds == ["array"], f"events are {kinds}; answer keys {keys_of(body)}"))
    shapes = sorted({"/".join(json_type(v) for v in e) for e in events if isinstance(e, list)})
    holds = bool(shapes) and all(
        s.split("/")[:3] == ["integer", "string", "string"] and s.count("/") == 4 for s in shapes
    )
    claim = "flag history events are [id, action, timestamp, user, changes]"
    return [*out, check("CLI-a", claim, holds, f"event element types: {shapes}")]


def _create(cycle: Cycle) -> Any:
    name = cycle.name("flag")
    params = CreateFeatureFlagParams(name=name, key=name, status="disabled", description="mpnb doctor")
    return cycle.create("flags", name, lambda: cycle.ws.create_feature_flag(params).id)


def _update(cycle: Cycle, eid: Any, value: Any) -> None:
    flag = cycle.ws.get_feature_flag(eid)
    params = UpdateFeatureFlagParams(
        name=flag.name, key=flag.key, status=flag.status, ruleset=flag.ruleset, description=value
    )
    cycle.ws.update_feature_flag(eid, params)


def _delete(ws: Any, eid: Any) -> None:
    ws.delete_feature_flag(eid)


def _test_users(cycle: Cycle) -> list[Verdict]:
    """F-b: test users go as {distinct_id: variant key}."""
    eid = cycle.first("flags")
    cycle.again(lambda: cycle.ws.set_flag_test_users(eid, SetTestUsersParams(users={cycle.name("tester"): "Off"})))
    return [check("F-b", "test users are sent as {users: {distinct_id: variant_key}}", True, "accepted")]


def _over_limit(cycle: Cycle) -> list[Verdict]:
    """F-j: a project in a grace period may be over its flag limit and still create flags."""
    limits = payload(cycle.again(lambda: cycle.ws.get_flag_limits()).model_dump(mode="json"))
    status, limit, usage = limits.get("contract_status"), limits.get("limit"), limits.get("current_usage")
    claim = "a grace-period contract over its flag limit still creates flags (an active one at its limit does not)"
    if not isinstance(limit, int) or not isinstance(usage, int) or usage - 1 < limit:
        return [not_tested("F-j", claim, "the project was under its flag limit when the scratch flag was made")]
    seen = f"contract {status}: the scratch flag was made at {usage - 1} of {limit} flags"
    return [check("F-j", claim, status == "grace_period", seen)]


def _restored_disabled(cycle: Cycle, new_id: Any) -> list[Verdict]:
    """B-d: a restored flag does not start serving."""
    found = cycle.records("flags", [new_id])
    status = found[0].get("status") if found else None
    seen = f"status {status}" if found else "not listed"
    return [check("B-d", "a restored flag comes back disabled", status == "disabled", seen)]


DOCTOR = FamilyDoctor(
    family="flags",
    missing=lambda ws: ws.get_feature_flag(missing_uuid()),
    path_item="F-a",
    error_type_item="F-f",
    spec=SpecRef(
        "feature-flags-management.openapi.yaml", "/projects/{project_id}/workspaces/{workspace_id}/feature-flags"
    ),
    reads=(_limits_and_history,),
    scratch=Scratch(
        create=_create,
        edit="description",
        value=described,
        update=_update,
        delete=_delete,
        questions=(_test_users, _over_limit),
        after_restore=_restored_disabled,
        items=("F-b", "F-j", "B-d"),
        what="a disabled flag (it never serves)",
    ),
    items=("F-a", "F-f", "F-h", "F-g", "CLI-a"),
)
