"""The exact request of every feature-flag operation (F1-F11): verb, full path, query, body."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

import mpnb as mp
from tests.helpers import APP, PID, body_of, mock_delete_reads, ok, real_ws

WID = 3
FID = "0b7e5c3a-1f2d-4c6b-9a8e-2d4f6a8c0e1f"
F = f"{APP}/projects/{PID}/workspaces/{WID}/feature-flags"
RULES = {
    "variants": [
        {"key": "On", "value": True, "is_control": False, "split": 1.0, "is_sticky": False},
        {"key": "Off", "value": False, "is_control": True, "split": 0.0, "is_sticky": False},
    ],
    "rollout": [
        {"name": "Staff", "rollout_percentage": 1.0, "variant_splits": {"On": 1.0, "Off": 0.0}},
        {"name": "Rest", "rollout_percentage": 0.1, "variant_splits": {"On": 1.0, "Off": 0.0}},
    ],
    "test": {"users": {"qa-1": "On"}},
}
FLAG = {
    "id": FID,
    "project_id": PID,
    "name": "Dark Mode",
    "key": "dark_mode",
    "description": "keep",
    "status": "disabled",
    "tags": ["ui"],
    "context": "device_id",
    "serving_method": "server",
    "ruleset": RULES,
    "experiment_id": None,
    "data_group_id": None,
    "workspace_id": WID,
    "hash_salt": "a" * 32,
    "is_experiment_active": None,
    "content_type": "feature-flags",
    "created": "2026-01-01T00:00:00Z",
    "modified": "2026-01-02T00:00:00Z",
    "creator_id": 1,
    "creator_name": "A",
    "creator_email": "a@example.com",
    "can_view": True,
    "content_environments_id": None,
}
DEFAULT_RULES = {
    "variants": [
        {"key": "On", "value": True, "is_control": False, "split": 1.0, "is_sticky": False},
        {"key": "Off", "value": False, "is_control": True, "split": 0.0, "is_sticky": False},
    ],
    "rollout": [],
}

Case = tuple[str, Callable[[mp.Workspace], Any], str, str, dict[str, str], Any, Any]
CASES: list[Case] = [
    ("F1 list", lambda ws: ws.list_feature_flags(), "GET", F, {}, None, [FLAG]),
    (
        "F1 list archived",
        lambda ws: ws.list_feature_flags(include_archived=True),
        "GET",
        F,
        {"include_archived": "true"},
        None,
        [FLAG],
    ),
    (
        "F2 create defaults",
        lambda ws: ws.create_feature_flag(mp.CreateFeatureFlagParams(name="Dark Mode", key="dark_mode")),
        "POST",
        F,
        {},
        {
            "name": "Dark Mode",
            "key": "dark_mode",
            "tags": [],
            "context": "distinct_id",
            "serving_method": "client",
            "ruleset": DEFAULT_RULES,
        },
        FLAG,
    ),
    (
        "F2 create all",
        lambda ws: ws.create_feature_flag(
            mp.CreateFeatureFlagParams(
                name="A",
                key="a",
                description="d",
                status=mp.FeatureFlagStatus.ENABLED,
                tags=["x"],
                context="account_id",
                serving_method=mp.ServingMethod.REMOTE_ONLY,
                ruleset=RULES,
            )
        ),
        "POST",
        F,
        {},
        {
            "name": "A",
            "key": "a",
            "description": "d",
            "status": "enabled",
            "tags": ["x"],
            "context": "account_id",
            "serving_method": "remote_only",
            "ruleset": RULES,
        },
        FLAG,
    ),
    ("F3 get", lambda ws: ws.get_feature_flag(FID), "GET", f"{F}/{FID}", {}, None, FLAG),
    (
        "F4 update (filled from the current flag, read-only fields stripped)",
        lambda ws: ws.update_feature_flag(
            FID,
            mp.UpdateFeatureFlagParams(name="Dark Mode", key="dark_mode", status="enabled", ruleset=RULES),
        ),
        "PUT",
        f"{F}/{FID}",
        {},
        {
            "name": "Dark Mode",
            "key": "dark_mode",
            "description": "keep",
            "tags": ["ui"],
            "experiment_id": None,
            "status": "enabled",
            "context": "device_id",
            "data_group_id": None,
            "serving_method": "server",
            "ruleset": RULES,
            "workspace_id": WID,
            "is_experiment_active": None,
            "hash_salt": "a" * 32,
        },
        FLAG,
    ),
    ("F5 delete", lambda ws: ws.delete_feature_flag(FID), "DELETE", f"{F}/{FID}", {}, None, {"id": FID}),
    ("F6 archive", lambda ws: ws.archive_feature_flag(FID), "POST", f"{F}/{FID}/archive/", {}, None, FLAG),
    ("F7 restore", lambda ws: ws.restore_feature_flag(FID), "DELETE", f"{F}/{FID}/archive/", {}, None, FLAG),
    ("F8 duplicate", lambda ws: ws.duplicate_feature_flag(FID), "POST", f"{F}/{FID}/duplicate/", {}, None, FLAG),
    (
        "F9 test users (seed direction, flipped)",
        lambda ws: ws.set_flag_test_users(FID, mp.SetTestUsersParams(users={"On": "user-1", "Off": "user-2"})),
        "PUT",
        f"{F}/{FID}/test-users/",
        {},
        {"users": {"user-1": "On", "user-2": "Off"}},
        {},
    ),
    (
        "F9 test users (wire direction, kept)",
        lambda ws: ws.set_flag_test_users(FID, mp.SetTestUsersParams(users={"user-1": "Off"})),
        "PUT",
        f"{F}/{FID}/test-users/",
        {},
        {"users": {"user-1": "Off"}},
        {},
    ),
    (
        "F9 test users cleared",
        lambda ws: ws.set_flag_test_users(FID, mp.SetTestUsersParams(users={})),
        "PUT",
        f"{F}/{FID}/test-users/",
        {},
        {"users": {}},
        {},
    ),
    (
        "F10 history",
        lambda ws: ws.get_flag_history(FID, page=2, page_size=10),
        "GET",
        f"{F}/{FID}/history/",
        {"page": "2", "page_size": "10"},
        None,
        {"events": [[1, "created"]], "count": 11},
    ),
    (
        "F11 limits",
        lambda ws: ws.get_flag_limits(),
        "GET",
        f"{APP}/projects/{PID}/feature-flags/limits/",
        {},
        None,
        {"limit": 100, "is_trial": False, "current_usage": 42, "contract_status": "active"},
    ),
]


@pytest.mark.parametrize(("name", "call", "method", "url", "query", "body", "answer"), CASES, ids=[c[0] for c in CASES])
def test_request_shape(
    name: str,
    call: Callable[[mp.Workspace], Any],
    method: str,
    url: str,
    query: dict[str, str],
    body: Any,
    answer: Any,
) -> None:
    with respx.mock(assert_all_called=False) as router:
        # reads some operations make first: the flag (update, delete, test users) and the list (duplicate)
        if (method, url) != ("GET", f"{F}/{FID}"):
            router.get(f"{F}/{FID}").mock(return_value=ok(FLAG))
        if (method, url) != ("GET", F):
            router.get(F).mock(return_value=ok([FLAG]))
        route = router.route(method=method, url=url).mock(return_value=ok(answer))
        mock_delete_reads(router, "flags", workspace_id=WID)
        call(real_ws(workspace_id=WID))
    assert route.call_count == 1
    req = route.calls.last.request
    assert str(req.url).split("?")[0] == url
    assert dict(req.url.params) == query
    assert body_of(req) == body
    assert req.headers["Authorization"].startswith("Basic ")


def test_unpinned_workspace_is_discovered_once() -> None:
    spaces = [{"id": 7, "name": "Main", "is_default": True}, {"id": 9, "name": "All", "is_global": True}]
    with respx.mock() as router:
        discover = router.get(f"{APP}/projects/{PID}/workspaces/public").mock(return_value=ok(spaces))
        listing = router.get(f"{APP}/projects/{PID}/workspaces/9/feature-flags").mock(return_value=ok([FLAG]))
        limits = router.get(f"{APP}/projects/{PID}/feature-flags/limits/").mock(
            return_value=ok({"limit": 1, "is_trial": True, "current_usage": 0, "contract_status": "grace_period"})
        )
        ws = real_ws()
        assert [f.key for f in ws.list_feature_flags()] == ["dark_mode"]
        ws.list_feature_flags()
        assert ws.get_flag_limits().contract_status == mp.FlagContractStatus.GRACE_PERIOD
    assert discover.call_count == 1 and listing.call_count == 2 and limits.call_count == 1


def test_update_sends_only_given_fields_over_the_current_ones() -> None:
    with respx.mock() as router:
        router.get(f"{F}/{FID}").mock(return_value=ok(FLAG))
        put = router.put(f"{F}/{FID}").mock(return_value=ok(FLAG))
        new_rules = {"variants": RULES["variants"], "rollout": []}
        real_ws(workspace_id=WID).update_feature_flag(
            FID,
            mp.UpdateFeatureFlagParams(
                name="N", key="k", status="disabled", ruleset=new_rules, tags=[], description=None
            ),
        )
    sent = body_of(put.calls.last.request)
    assert (sent["name"], sent["key"], sent["tags"], sent["description"]) == ("N", "k", [], None)
    assert sent["context"] == "device_id" and sent["serving_method"] == "server"
    assert sent["ruleset"] == dict(new_rules, test=RULES["test"])  # QA testers kept when the ruleset omits them
    assert not set(sent) & {"id", "created", "modified", "creator_id", "can_view", "content_type", "project_id"}


def test_update_refuses_a_context_change_on_an_enabled_flag() -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{F}/{FID}").mock(return_value=ok(dict(FLAG, status="enabled")))
        put = router.put(f"{F}/{FID}")
        with pytest.raises(mp.InputError, match="context"):
            real_ws(workspace_id=WID).update_feature_flag(
                FID, mp.UpdateFeatureFlagParams(name="N", key="k", status="enabled", ruleset=RULES, context="x")
            )
    assert not put.called


def test_update_params_set_no_defaults_and_fill_from_the_flag() -> None:
    assert mp.UpdateFeatureFlagParams(description="only this").model_fields_set == {"description"}
    p = mp.UpdateFeatureFlagParams(name="N", key="k", status="enabled", ruleset=RULES)
    assert (p.tags, p.context, p.serving_method, p.description) == (None, None, None, None)
    with pytest.raises(ValueError, match="did you mean 'serving_method'"):
        mp.UpdateFeatureFlagParams(name="N", key="k", status="enabled", ruleset=RULES, serving="client")  # type: ignore[call-arg]


def test_delete_of_an_enabled_flag_sends_nothing() -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{F}/{FID}").mock(return_value=ok(dict(FLAG, status="enabled")))
        delete = router.delete(f"{F}/{FID}")
        with pytest.raises(mp.InputError, match="disable it first"):
            real_ws(workspace_id=WID).delete_feature_flag(FID)
    assert not delete.called


def test_delete_writes_a_backup_first(tmp_path: Any) -> None:
    with respx.mock() as router:
        router.get(f"{F}/{FID}").mock(return_value=ok(FLAG))
        router.delete(f"{F}/{FID}").mock(return_value=ok({"id": FID}))
        mock_delete_reads(router, "flags", workspace_id=WID)
        ws = real_ws(workspace_id=WID, backup_dir=tmp_path)
        ws.delete_feature_flag(FID)
    backup = ws.backups.latest("flags")
    assert backup is not None and backup.records == [FLAG]


@pytest.mark.parametrize(
    ("ruleset", "needle"),
    [
        ({"variants": RULES["variants"]}, "rollout"),
        ({"variants": [dict(RULES["variants"][0], split=0.6), RULES["variants"][1]], "rollout": []}, "sum to 1"),
        ({"variants": [dict(v, is_control=False) for v in RULES["variants"]], "rollout": []}, "exactly one"),
        (
            {"variants": [dict(RULES["variants"][0], split=1.5), RULES["variants"][1]], "rollout": []},
            r"variants\[0\] \('On'\)",
        ),
        (
            {
                "variants": [
                    {"key": f"v{i}", "value": i, "is_control": i == 0, "split": 1.0 if i == 0 else 0.0}
                    for i in range(12)
                ],
                "rollout": [],
            },
            "at most 11",
        ),
        (
            {
                "variants": RULES["variants"],
                "rollout": [{"name": "Beta", "rollout_percentage": 0.5, "variant_splits": {"Maybe": 1.0}}],
            },
            r"rollout\[0\] \('Beta'\).*'Maybe'",
        ),
        ({"variants": RULES["variants"], "rollout": [{"rollout_percentage": 0.5}]}, "variant_splits"),
        ({"variants": RULES["variants"], "rollout": [], "colour": 1}, "'colour'"),
        ({"variants": [dict(RULES["variants"][0], weight=1), RULES["variants"][1]], "rollout": []}, "'weight'"),
    ],
)
def test_ruleset_checked_before_sending(ruleset: dict[str, Any], needle: str) -> None:
    with respx.mock() as router, pytest.raises(mp.InputError, match=needle):
        real_ws(workspace_id=WID).create_feature_flag(mp.CreateFeatureFlagParams(name="x", key="x", ruleset=ruleset))
    assert not router.calls


@pytest.mark.parametrize(
    ("users", "needle"),
    [
        ({"On": "Off"}, "ambiguous"),
        ({"Maybe": "user-1"}, "neither"),
        ({"On": "u1", "u2": "Off"}, "mixes"),
        ({"On": "u1", "Off": "u1"}, "two variants"),
    ],
)
def test_test_users_refused_when_direction_is_unclear(users: dict[str, str], needle: str) -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{F}/{FID}").mock(return_value=ok(FLAG))
        put = router.put(f"{F}/{FID}/test-users/")
        with pytest.raises(mp.InputError, match=needle):
            real_ws(workspace_id=WID).set_flag_test_users(FID, mp.SetTestUsersParams(users=users))
    assert not put.called


def test_duplicate_recovers_the_copy_after_a_500() -> None:
    copy = dict(FLAG, id="c0c0c0c0-0000-4000-8000-000000000001", key="dark_mode_copy", name="Dark Mode (copy)")
    with respx.mock() as router:
        router.get(F).mock(side_effect=[ok([FLAG]), ok([FLAG, copy])])
        post = router.post(f"{F}/{FID}/duplicate/").mock(
            return_value=httpx.Response(500, json={"status": "error", "error": "boom"})
        )
        made = real_ws(workspace_id=WID).duplicate_feature_flag(FID)
    assert made.id == copy["id"] and post.call_count == 1  # non-idempotent: never retried


def test_duplicate_reraises_outcome_unknown_when_no_copy_appeared() -> None:
    with respx.mock() as router:
        router.get(F).mock(return_value=ok([FLAG]))
        router.post(f"{F}/{FID}/duplicate/").mock(return_value=httpx.Response(502, json={"error": "bad gateway"}))
        with pytest.raises(mp.OutcomeUnknownError, match="dark_mode"):
            real_ws(workspace_id=WID).duplicate_feature_flag(FID)


def test_flag_model_keeps_unknown_server_fields_and_reads_test_users() -> None:
    flag = mp.FeatureFlag.model_validate(FLAG)
    assert flag.model_extra == {"can_view": True, "content_environments_id": None}
    assert flag.test_users == {"qa-1": "On"}
    assert flag.status is mp.FeatureFlagStatus.DISABLED and isinstance(flag.status, str)


@pytest.mark.parametrize("bad", ["", "a/b", 12, None])
def test_flag_ids_are_checked(bad: Any) -> None:
    with respx.mock() as router, pytest.raises(mp.InputError, match="flag_id"):
        real_ws(workspace_id=WID).get_feature_flag(bad)
    assert not router.calls


SPEC = Path(__file__).resolve().parents[2] / "specs" / "mixpanel-openapi" / "feature-flags-management.openapi.yaml"


@pytest.mark.parametrize("name", ["F2 create defaults", "F2 create all", "F4 update"])
def test_sent_bodies_match_the_official_request_schema(name: str) -> None:
    """What mpnb sends on POST/PUT is a valid ``FeatureFlagRequest`` (checked when the spec is at hand)."""
    import jsonschema
    import yaml

    components = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["components"]
    validator = jsonschema.Draft202012Validator(
        {"$ref": "#/components/schemas/FeatureFlagRequest", "components": components}
    )
    case = next(c for c in CASES if c[0].startswith(name))
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{F}/{FID}").mock(return_value=ok(FLAG))
        route = router.route(method=case[2], url=case[3]).mock(return_value=ok(FLAG))
        case[1](real_ws(workspace_id=WID))
    validator.validate(body_of(route.calls.last.request))


def test_update_of_one_field_is_one_read_and_one_put_keeping_the_rest() -> None:
    with respx.mock() as router:
        read = router.get(f"{F}/{FID}").mock(return_value=ok(FLAG))
        put = router.put(f"{F}/{FID}").mock(return_value=ok(dict(FLAG, description="new words")))
        real_ws(workspace_id=WID).update_feature_flag(FID, mp.UpdateFeatureFlagParams(description="new words"))
    assert read.call_count == 1 and put.call_count == 1
    sent = body_of(put.calls.last.request)
    assert sent["description"] == "new words" and sent["name"] == FLAG["name"] and sent["key"] == FLAG["key"]
    assert sent["ruleset"]["variants"] == FLAG["ruleset"]["variants"] and sent["status"] == FLAG["status"]
