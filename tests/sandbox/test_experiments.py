"""The sandbox's experiments routes in raw HTTP: spec paths, spec schemas, the catalog's §6 state table.

Answers and accepted request bodies are validated against Mixpanel's experiments OpenAPI spec (vendored in
specs/mixpanel-openapi, so these checks run in every clone).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import httpx
import pytest

from mpnb.sandbox import Sandbox

W = "/workspaces/1"
P = "/projects/1000"
SPEC = Path(__file__).resolve().parents[2] / "specs" / "mixpanel-openapi" / "experiments.openapi.yaml"


@functools.lru_cache(maxsize=1)
def _spec() -> dict[str, Any] | None:
    if not SPEC.exists():
        return None
    import yaml

    data: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return data


def spec_check(instance: Any, schema: str, *, closed: bool = False) -> None:
    """Validate ``instance`` against ``components.schemas[schema]``; the spec is vendored, so this never skips.

    ``closed`` also refuses keys the schema does not list (request schemas leave that open; S6 forbids them).
    """
    spec = _spec()
    assert spec is not None, f"vendored spec missing: {SPEC}"
    import jsonschema

    wrapper = {"$ref": f"#/components/schemas/{schema}", "components": spec["components"]}
    jsonschema.Draft202012Validator(wrapper).validate(instance)
    if closed:
        allowed = set(spec["components"]["schemas"][schema].get("properties", {}))
        assert set(instance) <= allowed, f"{sorted(set(instance) - allowed)} not in {schema}"


def _create(raw: httpx.Client, **body: Any) -> dict[str, Any]:
    body.setdefault("name", "T")
    r = raw.post(f"{W}/experiments", json=body)
    assert r.status_code == 201, r.text
    return r.json()["results"]  # type: ignore[no-any-return]


def _in_state(raw: httpx.Client, state: str) -> dict[str, Any]:
    """A fresh experiment driven into ``state`` through the API."""
    e = _create(raw, name=f"in {state}", variants=[{"key": "control"}, {"key": "simplified"}])
    path = f"{W}/experiments/{e['id']}"
    if state != "draft":
        assert raw.put(f"{path}/launch").status_code == 200
    if state in ("concluded", "success", "fail"):
        assert raw.put(f"{path}/force_conclude", json={}).status_code == 200
    if state in ("success", "fail"):
        assert raw.patch(f"{path}/decide", json={"success": state == "success"}).status_code == 200
    got = raw.get(path).json()["results"]
    assert got["status"] == state
    return got  # type: ignore[no-any-return]


def _error(r: httpx.Response, status: int, etype: str) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["status"] == "error" and body["type"] == etype
    spec_check(body, "ExperimentApiErrorResponse")
    return str(body["error"])


# -- list, scopes, slashes -------------------------------------------------------------------------------
def test_list_on_both_scopes_and_slashes_matches_the_spec(raw: httpx.Client) -> None:
    for path in (f"{W}/experiments", f"{W}/experiments/", f"{P}/experiments", f"{P}/experiments/"):
        r = raw.get(path)
        assert r.status_code == 200, path
        spec_check(r.json(), "ListExperimentResponse")
        spec_check(r.json(), "ListExperimentApiResponse")


def test_seed_has_every_state_and_archived_ones(raw: httpx.Client) -> None:
    every = raw.get(f"{W}/experiments", params={"include_archived": "true"}).json()["results"]
    shown = raw.get(f"{W}/experiments").json()["results"]
    assert {e["status"] for e in shown} == {"draft", "active", "concluded", "success", "fail"}
    archived = [e for e in every if e["deleted"] is not None]
    assert archived and all(e["id"] not in {s["id"] for s in shown} for e in archived)
    assert len(every) == len(shown) + len(archived)
    for e in every:  # dates agree with the state
        assert (e["start_date"] is None) == (e["status"] == "draft")
        assert (e["end_date"] is not None) >= (e["status"] in ("concluded", "success", "fail"))
        assert e["end_date"] is None or (e["start_date"] is not None and e["end_date"] > e["start_date"])
    planned = [e for e in every if e["status"] == "active" and e["end_date"]]  # an update may set one
    assert len(planned) == 1  # the demo's overdue experiment: its planned end passed, still running


def test_seeded_flag_links_point_at_seeded_flags(sb: Sandbox, raw: httpx.Client) -> None:
    flags = sb.store.table("feature_flags")
    every = raw.get(f"{W}/experiments", params={"include_archived": "true"}).json()["results"]
    linked = [e for e in every if e["feature_flag"]]
    if not flags:
        assert linked == []
        return
    assert linked
    for e in linked:
        assert e["feature_flag"]["id"] in flags
        assert flags[e["feature_flag"]["id"]]["key"] == e["feature_flag"]["key"]


def test_seed_is_deterministic() -> None:
    a, b = Sandbox(seed=7), Sandbox(seed=7)
    assert a.store.table("experiments") == b.store.table("experiments")


# -- create and update -----------------------------------------------------------------------------------
def test_create_answers_201_with_a_draft(raw: httpx.Client) -> None:
    body = {"name": "Pricing", "description": "d", "hypothesis": "h", "settings": {}, "variants": [], "metrics": []}
    spec_check(body, "CreateExperimentRequest", closed=True)
    r = raw.post(f"{W}/experiments", json=body)
    assert r.status_code == 201
    spec_check(r.json(), "SingleExperimentApiResponse")
    made = r.json()["results"]
    assert (made["status"], made["name"], made["start_date"], made["deleted"]) == ("draft", "Pricing", None, None)
    assert raw.get(f"{P}/experiments/{made['id']}").json()["results"] == made


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"name": "x", "colour": "red"}, "unknown field: colour"),
        ({"name": "x", "status": "active"}, "status is read-only"),
        ({"name": "x", "id": "abc"}, "id is read-only"),
        ({"name": "x", "access_type": "edit"}, "unknown field: access_type"),
        ({"description": "no name"}, "name is required"),
        ({"name": ""}, "name must not be empty"),
        ({"name": "x" * 256}, "name must be at most 255"),
        ({"name": "x", "description": "d" * 401}, "description must be at most 400"),
        ({"name": "x", "variants": {"a": 1}}, "variants has the wrong type"),
        ({"name": 5}, "name has the wrong type"),
        ({"name": None}, "name must not be null"),
    ],
)
def test_create_checks_the_request_schema(raw: httpx.Client, body: dict[str, Any], needle: str) -> None:
    before = len(raw.get(f"{W}/experiments").json()["results"])
    assert needle in _error(raw.post(f"{W}/experiments", json=body), 400, "validation_error")
    assert len(raw.get(f"{W}/experiments").json()["results"]) == before


def test_patch_changes_only_what_was_sent(raw: httpx.Client) -> None:
    e = _create(raw, name="Before", description="keep me", hypothesis="h1")
    body = {"name": "After", "tags": ["q3"], "start_date": "2026-01-02"}
    spec_check(body, "UpdateExperimentRequest", closed=True)
    r = raw.patch(f"{W}/experiments/{e['id']}", json=body)
    assert r.status_code == 200
    spec_check(r.json(), "SingleExperimentApiResponse")
    got = r.json()["results"]
    assert (got["name"], got["tags"], got["description"], got["hypothesis"]) == ("After", ["q3"], "keep me", "h1")


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"creator_id": 1}, "creator_id is read-only"),
        ({"nme": "x"}, "unknown field: nme"),
        ({"status": "paused"}, "status must be one of"),
        ({"tags": [1]}, "tags must be a list of strings"),
        ({"end_date": "01/04/2026"}, "end_date must be an ISO 8601"),
    ],
)
def test_patch_checks_the_request_schema(raw: httpx.Client, body: dict[str, Any], needle: str) -> None:
    e = _create(raw)
    assert needle in _error(raw.patch(f"{W}/experiments/{e['id']}", json=body), 400, "validation_error")


def test_unknown_experiment_is_404_with_type(raw: httpx.Client) -> None:
    for r in (
        raw.get(f"{W}/experiments/nope"),
        raw.put(f"{W}/experiments/nope/launch"),
        raw.delete(f"{W}/experiments/nope"),
    ):
        _error(r, 404, "not_found")


def test_entity_paths_take_no_trailing_slash(raw: httpx.Client) -> None:
    e = _create(raw)
    assert raw.get(f"{W}/experiments/{e['id']}/").status_code in (301, 404)
    assert raw.put(f"{W}/experiments/{e['id']}/launch/").status_code in (301, 404)
    assert raw.get(f"{W}/experiments/{e['id']}").json()["results"]["status"] == "draft"


# -- the state table (catalog §6) ------------------------------------------------------------------------
def test_draft_launches_to_active_and_relaunch_is_a_no_op(raw: httpx.Client) -> None:
    e = _in_state(raw, "draft")
    r = raw.put(f"{W}/experiments/{e['id']}/launch")
    spec_check(r.json(), "SingleExperimentApiResponse")
    first = r.json()["results"]
    assert first["status"] == "active" and first["start_date"] is not None
    again = raw.put(f"{W}/experiments/{e['id']}/launch")
    assert again.status_code == 200 and again.json()["results"] == first  # live leniency


def test_concluding_a_draft_is_a_silent_no_op(raw: httpx.Client) -> None:
    e = _in_state(raw, "draft")
    r = raw.put(f"{W}/experiments/{e['id']}/force_conclude", json={})
    assert r.status_code == 200 and r.json()["results"]["status"] == "draft"
    assert r.json()["results"]["end_date"] is None


def test_active_concludes_with_or_without_end_date(raw: httpx.Client) -> None:
    e = _in_state(raw, "active")
    body = {"end_date": "2026-04-01"}
    spec_check(body, "ForceConcludeExperimentRequest", closed=True)
    r = raw.put(f"{W}/experiments/{e['id']}/force_conclude", json=body)
    spec_check(r.json(), "SingleExperimentApiResponse")
    assert (r.json()["results"]["status"], r.json()["results"]["end_date"]) == ("concluded", "2026-04-01")
    f = _in_state(raw, "active")
    got = raw.put(f"{W}/experiments/{f['id']}/force_conclude", json={}).json()["results"]
    assert got["status"] == "concluded" and got["end_date"]


def test_conclude_needs_a_json_body(raw: httpx.Client) -> None:
    e = _in_state(raw, "active")
    _error(raw.put(f"{W}/experiments/{e['id']}/force_conclude"), 400, "validation_error")
    assert raw.get(f"{W}/experiments/{e['id']}").json()["results"]["status"] == "active"


@pytest.mark.parametrize(("success", "outcome"), [(True, "success"), (False, "fail")])
def test_concluded_is_decided(raw: httpx.Client, success: bool, outcome: str) -> None:
    e = _in_state(raw, "concluded")
    body = {"success": success, "variant": "simplified", "message": "15% lift"}
    spec_check(body, "DecideExperimentRequest", closed=True)
    r = raw.patch(f"{W}/experiments/{e['id']}/decide", json=body)
    spec_check(r.json(), "SingleExperimentApiResponse")
    assert r.json()["results"]["status"] == outcome


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("draft", "decide"),
        ("active", "decide"),
        ("success", "decide"),
        ("fail", "decide"),
        ("concluded", "launch"),
        ("success", "launch"),
        ("fail", "launch"),
        ("concluded", "conclude"),
        ("success", "conclude"),
    ],
)
def test_illegal_moves_are_refused_and_change_nothing(raw: httpx.Client, state: str, action: str) -> None:
    e = _in_state(raw, state)
    path = f"{W}/experiments/{e['id']}"
    r = {
        "decide": lambda: raw.patch(f"{path}/decide", json={"success": True}),
        "launch": lambda: raw.put(f"{path}/launch"),
        "conclude": lambda: raw.put(f"{path}/force_conclude", json={}),
    }[action]()
    _error(r, 400, "invalid_state")
    assert raw.get(path).json()["results"] == e


def test_decide_body_is_checked(raw: httpx.Client) -> None:
    e = _in_state(raw, "concluded")
    path = f"{W}/experiments/{e['id']}/decide"
    assert "success is required" in _error(raw.patch(path, json={"variant": "a"}), 400, "validation_error")
    assert "wrong type" in _error(raw.patch(path, json={"success": "yes"}), 400, "validation_error")
    assert "unknown field" in _error(raw.patch(path, json={"success": True, "winner": "a"}), 400, "validation_error")


def test_archive_keeps_status_and_hides_until_restored(raw: httpx.Client) -> None:
    e = _in_state(raw, "active")
    path = f"{W}/experiments/{e['id']}"
    r = raw.post(f"{path}/archive")
    assert r.status_code == 200
    spec_check(r.json(), "DeleteExperimentApiResponse")
    assert e["id"] not in {x["id"] for x in raw.get(f"{W}/experiments").json()["results"]}
    listed = raw.get(f"{W}/experiments", params={"include_archived": "true"}).json()["results"]
    mine = next(x for x in listed if x["id"] == e["id"])
    assert mine["status"] == "active" and mine["deleted"] is not None
    restored = raw.delete(f"{path}/archive")
    spec_check(restored.json(), "SingleExperimentApiResponse")
    assert restored.json()["results"]["deleted"] is None and restored.json()["results"]["status"] == "active"
    assert e["id"] in {x["id"] for x in raw.get(f"{W}/experiments").json()["results"]}


def test_archive_and_launch_refuse_unknown_body_fields(raw: httpx.Client) -> None:
    e = _in_state(raw, "draft")
    _error(raw.post(f"{W}/experiments/{e['id']}/archive", json={"why": "x"}), 400, "validation_error")
    _error(raw.put(f"{W}/experiments/{e['id']}/launch", json={"now": True}), 400, "validation_error")
    assert raw.put(f"{W}/experiments/{e['id']}/launch", json={}).json()["results"]["status"] == "active"


def test_delete_answers_the_spec_shape_and_removes(raw: httpx.Client) -> None:
    e = _create(raw)
    r = raw.delete(f"{W}/experiments/{e['id']}")
    assert r.status_code == 200
    spec_check(r.json(), "DeleteExperimentResponse")
    _error(raw.get(f"{W}/experiments/{e['id']}"), 404, "not_found")


def test_duplicate_makes_a_named_draft_copy(raw: httpx.Client) -> None:
    e = _in_state(raw, "success")
    r = raw.post(f"{W}/experiments/{e['id']}/duplicate", json={"name": "Again"})
    assert r.status_code == 200
    spec_check(r.json(), "SingleExperimentApiResponse")
    copy = r.json()["results"]
    assert copy["id"] != e["id"] and copy["name"] == "Again" and copy["status"] == "draft"
    assert copy["variants"] == e["variants"] and copy["start_date"] is None
    _error(raw.post(f"{W}/experiments/{e['id']}/duplicate", json={}), 400, "validation_error")


def test_erf_list_needs_its_trailing_slash(raw: httpx.Client) -> None:
    r = raw.get(f"{W}/experiments/erf/")
    assert r.status_code == 200
    erf = r.json()["results"]
    launched = [
        e
        for e in raw.get(f"{W}/experiments").json()["results"]
        if e["status"] != "draft"  # ERF lists experiments that have run
    ]
    assert {x["id"] for x in erf} == {e["id"] for e in launched}
    assert raw.get(f"{W}/experiments/erf").status_code == 301


# -- every documented operation, by the spec's own path table --------------------------------------------
BASE = "/workspaces/{workspace_id}/experiments"
ONE = BASE + "/{experiment_id}"
# (spec path, verb, state to start from, request body or None)
OPERATIONS: list[tuple[str, str, str | None, dict[str, Any] | None]] = [
    (BASE, "GET", None, None),
    (BASE, "POST", None, {"name": "Spec", "variants": [{"key": "control"}], "metrics": [], "settings": {}}),
    (ONE, "GET", "draft", None),
    (ONE, "PATCH", "active", {"description": "d", "tags": ["x"], "end_date": "2026-05-01"}),
    (ONE, "DELETE", "fail", None),
    (ONE + "/archive", "POST", "concluded", None),
    (ONE + "/archive", "DELETE", "archived", None),
    (ONE + "/decide", "PATCH", "concluded", {"success": False, "message": "flat"}),
    (ONE + "/force_conclude", "PUT", "active", {"end_date": "2026-05-01"}),
    (ONE + "/launch", "PUT", "draft", None),
]


@pytest.mark.parametrize(("path", "verb", "state", "body"), OPERATIONS, ids=[f"{v} {p}" for p, v, _, _ in OPERATIONS])
def test_every_spec_operation_answers_as_documented(
    raw: httpx.Client, path: str, verb: str, state: str | None, body: dict[str, Any] | None
) -> None:
    from tests.openapi_spec import documented_status, request_validator, response_validator

    name = "experiments.openapi.yaml"
    url = path.replace("{workspace_id}", "1")
    if state is not None:
        e = _in_state(raw, "active" if state == "archived" else state)
        if state == "archived":
            assert raw.post(f"{W}/experiments/{e['id']}/archive").status_code == 200
        url = url.replace("{experiment_id}", e["id"])
    if body is not None:
        request_validator(name, path, verb).validate(body)
    r = raw.request(verb, url, json=body)
    assert r.status_code in documented_status(name, path, verb)
    response_validator(name, path, verb, r.status_code).validate(r.json())
    assert r.json()["status"] == "ok"


def test_the_vendored_spec_is_present() -> None:
    assert _spec() is not None
