"""The sandbox's feature-flag routes in raw HTTP (no client code), checked against Mixpanel's official schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from mpnb.sandbox import Sandbox, SandboxTransport
from mpnb.sandbox.engine import DEMO_SECRET, DEMO_USERNAME

PW = "/projects/1000/workspaces/1/feature-flags"
SPEC = Path(__file__).resolve().parents[2] / "specs" / "mixpanel-openapi" / "feature-flags-management.openapi.yaml"
RULES: dict[str, Any] = {
    "variants": [
        {"key": "control", "value": False, "is_control": True, "split": 0.5},
        {"key": "treatment", "value": {"layout": "cards"}, "is_control": False, "split": 0.5, "is_sticky": True},
    ],
    "rollout": [
        {"name": "Staff", "rollout_percentage": 1.0, "variant_splits": {"control": 0.0, "treatment": 1.0}},
        {"name": "Everyone", "rollout_percentage": 0.2, "variant_splits": {"control": 0.5, "treatment": 0.5}},
    ],
}


def _body(**over: Any) -> dict[str, Any]:
    body = {
        "name": "Checkout",
        "key": "checkout_v3",
        "description": "One page",
        "tags": ["revenue"],
        "context": "distinct_id",
        "serving_method": "server",
        "ruleset": RULES,
    }
    body.update(over)
    return body


@pytest.fixture(scope="module")
def schema() -> Any:
    """``schema(name, instance)`` validates against the vendored spec's component."""
    import jsonschema
    import yaml

    components = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["components"]

    def check(name: str, instance: Any) -> None:
        root = {"$ref": f"#/components/schemas/{name}", "components": components}
        jsonschema.Draft202012Validator(root).validate(instance)

    return check


def test_official_spec_is_used_when_present(raw: httpx.Client, schema: Any) -> None:
    import jsonschema

    flag = raw.get(PW).json()["results"][0]
    schema("FeatureFlagApiResponse", flag)
    with pytest.raises(jsonschema.ValidationError):  # the check has teeth: extra fields are refused
        schema("FeatureFlagApiResponse", dict(flag, content_environments=[]))


def _make(raw: httpx.Client, schema: Any = None, **over: Any) -> dict[str, Any]:
    body = _body(**over)
    if schema is not None:
        schema("FeatureFlagRequest", body)
    r = raw.post(PW, json=body)
    assert r.status_code == 200, r.text
    if schema is not None:
        schema("SingleFeatureFlagApiResponse", r.json())
    return r.json()["results"]  # type: ignore[no-any-return]


def _put(raw: httpx.Client, flag: dict[str, Any], **over: Any) -> httpx.Response:
    keep = ("name", "key", "description", "tags", "status", "context", "serving_method", "ruleset")
    return raw.put(f"{PW}/{flag['id']}", json={**{k: flag[k] for k in keep}, **over})


def _error(r: httpx.Response, status: int, needle: str, schema: Any = None) -> None:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["status"] == "error" and isinstance(body["type"], str) and needle in body["error"]
    if schema is not None:
        schema("ManagementApiErrorResponse", body)


def test_seeded_flags_are_varied_and_valid(raw: httpx.Client, schema: Any) -> None:
    r = raw.get(PW, params={"include_archived": "true"})
    schema("ListFeatureFlagApiResponse", r.json())
    flags = r.json()["results"]
    assert {f["status"] for f in flags} == {"enabled", "disabled", "archived"}
    assert {f["context"] for f in flags} >= {"distinct_id", "device_id", "account_id"}
    assert {f["serving_method"] for f in flags} == {"client", "server", "remote_or_local", "remote_only"}
    assert any(len(f["ruleset"]["rollout"]) >= 2 for f in flags)
    assert any((f["ruleset"].get("test") or {}).get("users") for f in flags)
    assert max(len(f["ruleset"]["variants"]) for f in flags) >= 3


def test_seed_is_deterministic() -> None:
    def ids(seed: int) -> list[str]:
        with httpx.Client(
            transport=SandboxTransport(Sandbox(seed=seed)),
            base_url="http://sandbox.localhost/api/app",
            auth=(DEMO_USERNAME, DEMO_SECRET),
        ) as c:
            return [f["id"] for f in c.get(PW, params={"include_archived": "true"}).json()["results"]]

    assert ids(3) == ids(3) and ids(3) != ids(4)


def test_archived_flags_hidden_unless_asked(raw: httpx.Client) -> None:
    plain = raw.get(PW).json()["results"]
    everything = raw.get(PW, params={"include_archived": "true"}).json()["results"]
    assert all(f["status"] != "archived" for f in plain)
    assert len(everything) > len(plain)
    assert raw.get(PW, params={"include_archived": "false"}).json()["results"] == plain
    _error(raw.get(PW, params={"include_archived": "yes"}), 400, "include_archived")


def test_create_answers_200_with_the_flag(raw: httpx.Client, schema: Any) -> None:
    flag = _make(raw, schema)
    assert (flag["status"], flag["content_type"], flag["project_id"]) == ("disabled", "feature-flags", 1000)
    assert flag["ruleset"]["variants"][0]["is_sticky"] is False  # the schema's default filled in
    assert raw.get(f"{PW}/{flag['id']}").json()["results"] == flag
    assert raw.get(f"{PW}/{flag['id']}/").json()["results"] == flag  # both slash shapes (S4)


@pytest.mark.parametrize(
    ("over", "needle"),
    [
        ({"colour": "red"}, "colour"),
        ({"id": "x"}, "read-only"),
        ({"created": "2026-01-01T00:00:00Z"}, "read-only"),
        ({"can_view": True}, "read-only"),
        ({"serving_method": "edge"}, "serving_method"),
        ({"status": "paused"}, "status"),
        ({"name": ""}, "name"),
        ({"tags": "a,b"}, "tags"),
        ({"hash_salt": "short"}, "hash_salt"),
        ({"ruleset": {"variants": RULES["variants"]}}, "rollout"),
        ({"ruleset": dict(RULES, extra=1)}, "extra"),
        ({"ruleset": {"variants": [dict(RULES["variants"][0], split=0.9), RULES["variants"][1]], "rollout": []}}, "1"),
        (
            {"ruleset": {"variants": [dict(v, is_control=True) for v in RULES["variants"]], "rollout": []}},
            "control",
        ),
        (
            {"ruleset": dict(RULES, rollout=[{"name": "Beta", "rollout_percentage": 20, "variant_splits": {}}])},
            "Beta",
        ),
    ],
)
def test_request_body_is_checked(raw: httpx.Client, schema: Any, over: dict[str, Any], needle: str) -> None:
    _error(raw.post(PW, json=_body(**over)), 400, needle, schema)


@pytest.mark.parametrize("missing", ["name", "key", "tags", "context", "serving_method", "ruleset"])
def test_required_fields(raw: httpx.Client, missing: str) -> None:
    body = _body()
    del body[missing]
    _error(raw.post(PW, json=body), 400, missing)


def test_keys_are_unique(raw: httpx.Client, schema: Any) -> None:
    first = _make(raw)
    _error(raw.post(PW, json=_body(name="Other")), 400, "already exists", schema)
    other = _make(raw, key="other_key")
    _error(_put(raw, other, key=first["key"]), 400, "already exists")


def test_put_replaces_everything(raw: httpx.Client, schema: Any) -> None:
    """The trap the client must avoid: a PUT that leaves fields out resets them."""
    flag = _make(raw)
    r = raw.put(
        f"{PW}/{flag['id']}",
        json={k: flag[k] for k in ("name", "key", "tags", "context", "serving_method", "ruleset")},
    )
    schema("SingleFeatureFlagApiResponse", r.json())
    after = r.json()["results"]
    assert after["description"] is None and after["status"] == "disabled"


def test_context_is_frozen_once_enabled(raw: httpx.Client) -> None:
    flag = _make(raw)
    changed = _put(raw, flag, context="device_id")
    assert changed.status_code == 200 and changed.json()["results"]["context"] == "device_id"
    enabled = _put(raw, changed.json()["results"], status="enabled").json()["results"]
    assert enabled["enabled_at"]
    _error(_put(raw, enabled, context="account_id"), 400, "context")
    disabled = _put(raw, enabled, status="disabled").json()["results"]
    _error(_put(raw, disabled, context="account_id"), 400, "context")  # it has been enabled


def test_delete_refused_while_enabled(raw: httpx.Client, schema: Any) -> None:
    flag = _make(raw, status="enabled")
    _error(raw.delete(f"{PW}/{flag['id']}"), 400, "Disable it first", schema)
    _put(raw, flag, status="disabled")
    r = raw.delete(f"{PW}/{flag['id']}")
    schema("DeleteFeatureFlagApiResponse", r.json())
    _error(raw.get(f"{PW}/{flag['id']}"), 404, "not found")


def test_archive_only_from_disabled_and_restore_to_disabled(raw: httpx.Client) -> None:
    flag = _make(raw, status="enabled")
    _error(raw.post(f"{PW}/{flag['id']}/archive/"), 400, "disable")
    _put(raw, flag, status="disabled")
    archived = raw.post(f"{PW}/{flag['id']}/archive/").json()["results"]
    assert archived["status"] == "archived" and archived["deleted"]
    assert flag["id"] not in {f["id"] for f in raw.get(PW).json()["results"]}
    _error(_put(raw, archived, status="enabled"), 400, "restore")
    restored = raw.delete(f"{PW}/{flag['id']}/archive/").json()["results"]
    assert restored["status"] == "disabled" and restored["deleted"] is None
    assert flag["id"] in {f["id"] for f in raw.get(PW).json()["results"]}


def test_sub_actions_need_the_trailing_slash(raw: httpx.Client) -> None:
    flag = _make(raw)
    r = raw.post(f"{PW}/{flag['id']}/archive")
    assert r.status_code == 301 and r.headers["Location"].endswith("/archive/")


def test_duplicate_makes_a_disabled_copy(raw: httpx.Client, schema: Any) -> None:
    flag = _make(raw, status="enabled")
    r = raw.post(f"{PW}/{flag['id']}/duplicate/")
    schema("SingleFeatureFlagApiResponse", r.json())
    copy = r.json()["results"]
    assert copy["id"] != flag["id"] and copy["key"] == "checkout_v3_copy" and copy["status"] == "disabled"
    assert copy["ruleset"] == flag["ruleset"] and copy["name"] == "Checkout (copy)"
    again = raw.post(f"{PW}/{flag['id']}/duplicate/").json()["results"]
    assert again["key"] == "checkout_v3_copy_2"


def test_test_users_are_distinct_id_to_variant(raw: httpx.Client, schema: Any) -> None:
    flag = _make(raw)
    url = f"{PW}/{flag['id']}/test-users/"
    assert raw.put(url, json={"users": {"qa-1": "treatment", "qa-2": "control"}}).status_code == 200
    stored = raw.get(f"{PW}/{flag['id']}").json()["results"]
    schema("FeatureFlagApiResponse", stored)
    assert stored["ruleset"]["test"] == {"users": {"qa-1": "treatment", "qa-2": "control"}}
    _error(raw.put(url, json={"users": {"treatment": "qa-1"}}), 400, "not a variant")
    _error(raw.put(url, json={"people": {}}), 400, "users")
    raw.put(url, json={"users": {}})
    assert raw.get(f"{PW}/{flag['id']}").json()["results"]["ruleset"]["test"] == {"users": {}}


def test_history_records_every_change(raw: httpx.Client) -> None:
    flag = _make(raw)
    _put(raw, flag, name="Renamed")
    raw.put(f"{PW}/{flag['id']}/test-users/", json={"users": {"qa": "control"}})
    raw.post(f"{PW}/{flag['id']}/archive/")
    raw.delete(f"{PW}/{flag['id']}/archive/")
    h = raw.get(f"{PW}/{flag['id']}/history/").json()["results"]
    assert h["count"] == 5
    assert [e[1] for e in h["events"]] == ["restored", "archived", "test_users_updated", "updated", "created"]
    assert h["events"][3][4]["name"] == ["Checkout", "Renamed"]
    page = raw.get(f"{PW}/{flag['id']}/history/", params={"page": "2", "page_size": "2"}).json()["results"]
    assert page["count"] == 5 and [e[1] for e in page["events"]] == ["test_users_updated", "updated"]
    _error(raw.get(f"{PW}/{flag['id']}/history/", params={"page": "x"}), 400, "page")


def test_limits_are_project_scoped_and_count_live_flags(raw: httpx.Client) -> None:
    url = "/projects/1000/feature-flags/limits/"
    before = raw.get(url).json()["results"]
    assert set(before) == {"limit", "is_trial", "current_usage", "contract_status"}
    live = [f for f in raw.get(PW).json()["results"]]
    assert before["current_usage"] == len(live)
    _make(raw)
    assert raw.get(url).json()["results"]["current_usage"] == len(live) + 1
    assert raw.get("/workspaces/1/feature-flags/limits/").status_code == 404


def test_over_the_limit_creates_only_in_a_grace_period(sb: Sandbox, raw: httpx.Client) -> None:
    url = "/projects/1000/feature-flags/limits/"
    limits = raw.get(url).json()["results"]
    assert limits["contract_status"] == "grace_period" and limits["current_usage"] >= limits["limit"]  # the demo
    _make(raw)  # over the allowance, still allowed in a grace period
    sb.store.meta["flag_contract_status"] = "active"
    _error(raw.post(PW, json=_body(key="one_more")), 400, "limit reached")
    assert raw.get(url).json()["results"]["contract_status"] == "active"


def test_unknown_flag_and_workspace(raw: httpx.Client, schema: Any) -> None:
    _error(raw.get(f"{PW}/00000000-0000-4000-8000-000000000000"), 404, "not found", schema)
    assert raw.get("/projects/1000/workspaces/99/feature-flags").status_code == 404
