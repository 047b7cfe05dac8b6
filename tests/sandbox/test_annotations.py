"""The sandbox's annotations routes in raw HTTP, checked against the official Annotations spec where present."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest

from mpnb.sandbox import Sandbox, SandboxTransport
from tests.openapi_spec import documented_status, request_validator, response_validator

SPEC = "annotations.openapi.yaml"
COLL = "/projects/{projectId}/annotations"
ONE = "/projects/{projectId}/annotations/{annotationId}"
TAGS = "/projects/{projectId}/annotations/tags"
P = "/projects/1000"


def _create(raw: httpx.Client, **body: Any) -> httpx.Response:
    payload = {"date": "2025-03-31 00:00:00", "description": "v2.0 launch"} | body
    return raw.post(f"{P}/annotations", json=payload)


def test_list_is_enveloped_spec_shaped_and_sorted_by_date(raw: httpx.Client) -> None:
    r = raw.get(f"{P}/annotations")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    rows = r.json()["results"]
    assert len(rows) >= 8 and [a["date"] for a in rows] == sorted(a["date"] for a in rows)
    assert all(set(a) == {"id", "date", "description", "user", "tags"} for a in rows)


def test_seed_is_a_messy_year_of_releases_incidents_and_campaigns(raw: httpx.Client, sb: Sandbox) -> None:
    rows = raw.get(f"{P}/annotations").json()["results"]
    tag_names = {t["name"] for a in rows for t in a["tags"]}
    assert {"release", "incident", "campaign"} <= tag_names
    assert any(not a["tags"] for a in rows) and any(len(a["tags"]) > 1 for a in rows)
    today = sb.ctx().clock().replace(tzinfo=None)
    all_days = sorted(datetime.strptime(a["date"], "%Y-%m-%d %H:%M:%S") for a in rows)
    early = [d for d in all_days if datetime(2025, 1, 1) <= d <= datetime(2025, 3, 31)]
    assert len(early) >= 3  # the user guide's date-range example finds annotations
    days = [d for d in all_days if d not in early]
    assert (today - days[0]).days <= 366 and days[-1] <= today and (days[-1] - days[0]).days > 180
    again = httpx.Client(transport=SandboxTransport(Sandbox(seed=1)), base_url=str(raw.base_url), auth=raw.auth)
    assert again.get(f"{P}/annotations").json() == raw.get(f"{P}/annotations").json()  # deterministic


def test_date_range_is_inclusive_and_checked(raw: httpx.Client) -> None:
    made = [_create(raw, date=f"2024-02-{d:02d} 12:00:00").json()["results"]["id"] for d in (1, 2, 3)]
    r = raw.get(f"{P}/annotations", params={"fromDate": "2024-02-02", "toDate": "2024-02-03"})
    assert [a["id"] for a in r.json()["results"]] == made[1:]
    assert raw.get(f"{P}/annotations", params={"fromDate": "02/01/2024"}).status_code == 400


def test_undocumented_tags_filter_is_ignored(raw: httpx.Client) -> None:
    """The spec documents no tags filter, so the sandbox does not apply one (the client filters)."""
    plain = raw.get(f"{P}/annotations").json()["results"]
    assert raw.get(f"{P}/annotations", params={"tags": "1"}).json()["results"] == plain


def test_create_answers_201_with_tag_objects(raw: httpx.Client) -> None:
    tag = raw.post(f"{P}/annotations/tags", json={"name": "launch-day"}).json()
    body = {"date": "2025-03-31 08:00:00", "description": "v2.0 launch", "tags": [tag["id"]]}
    r = raw.post(f"{P}/annotations", json=body)
    assert r.status_code == 201
    made = r.json()["results"]
    assert made["tags"] == [{"id": tag["id"], "name": "launch-day"}] and made["date"] == "2025-03-31 08:00:00"
    assert made["user"]["first_name"]
    assert raw.get(f"{P}/annotations/{made['id']}").json()["results"] == made


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"date": "2025-03-31"}, "date"),
        ({"date": "2025-03-31T00:00:00"}, "date"),
        ({"date": None}, "date"),
        ({"description": "x" * 513}, "512"),
        ({"description": ""}, "description"),
        ({"tags": [999]}, "999"),
        ({"tags": "1"}, "tags"),
    ],
)
def test_create_refuses_bad_input(raw: httpx.Client, body: dict[str, Any], needle: str) -> None:
    before = len(raw.get(f"{P}/annotations").json()["results"])
    r = _create(raw, **body)
    assert r.status_code == 400 and r.json()["status"] == "error" and needle in r.json()["error"]
    assert len(raw.get(f"{P}/annotations").json()["results"]) == before


def test_patch_changes_description_and_replaces_tags_but_never_the_date(raw: httpx.Client) -> None:
    made = _create(raw, tags=[1, 2]).json()["results"]
    r = raw.patch(f"{P}/annotations/{made['id']}", json={"description": "v2.0 launch (EU)", "tags": [3]})
    assert r.status_code == 200 and r.json()["results"]["description"] == "v2.0 launch (EU)"
    assert [t["id"] for t in r.json()["results"]["tags"]] == [3]
    moved = raw.patch(f"{P}/annotations/{made['id']}", json={"date": "2025-04-01 00:00:00"})
    assert moved.status_code == 400 and "date" in moved.json()["error"]
    assert raw.get(f"{P}/annotations/{made['id']}").json()["results"]["date"] == made["date"]


def test_delete_answers_the_id_then_404(raw: httpx.Client) -> None:
    aid = _create(raw).json()["results"]["id"]
    gone = raw.delete(f"{P}/annotations/{aid}")
    assert gone.status_code == 200 and gone.json() == {"status": "ok", "results": {"id": aid}}
    assert raw.get(f"{P}/annotations/{aid}").status_code == 404
    assert raw.delete(f"{P}/annotations/{aid}").status_code == 404


def test_tags_list_is_a_bare_array_with_usage(raw: httpx.Client) -> None:
    made = raw.post(f"{P}/annotations/tags", json={"name": "q4-freeze"})
    assert made.status_code == 200 and set(made.json()) == {"id", "name", "project_id", "has_annotations"}
    tags = raw.get(f"{P}/annotations/tags").json()
    assert isinstance(tags, list)
    by_name = {t["name"]: t for t in tags}
    assert by_name["q4-freeze"]["has_annotations"] is False and by_name["release"]["has_annotations"] is True
    _create(raw, tags=[made.json()["id"]])
    tags = {t["name"]: t for t in raw.get(f"{P}/annotations/tags").json()}
    assert tags["q4-freeze"]["has_annotations"] is True
    assert raw.post(f"{P}/annotations/tags", json={"name": "Q4-FREEZE"}).status_code == 400
    assert raw.post(f"{P}/annotations/tags", json={}).status_code == 400


@pytest.mark.parametrize("path", [f"{P}/annotations", f"{P}/annotations/", "/workspaces/1/annotations/"])
def test_every_recorded_path_shape_is_served(raw: httpx.Client, path: str) -> None:
    """The spec's path has no slash; the catalog's client adds one and uses the workspace scope (S4)."""
    assert raw.get(path).status_code == 200
    assert raw.get(path.rstrip("/") + "/tags/").status_code == 200


def test_other_projects_and_anonymous_calls_are_refused(sb: Sandbox) -> None:
    with httpx.Client(transport=SandboxTransport(sb), base_url="http://x/api/app") as anon:
        assert anon.get(f"{P}/annotations").status_code == 401
        r = anon.get("/projects/42/annotations", headers={"Authorization": "Bearer sandbox-oauth-token"})
        assert r.status_code == 400


def test_every_answer_and_accepted_request_matches_the_official_spec(raw: httpx.Client) -> None:
    """Every answer and accepted body is valid against the vendored official spec."""
    checks: list[tuple[str, str, int, Any, httpx.Response]] = []
    tag_body = {"name": "spec-check"}
    checks.append((TAGS, "post", 200, tag_body, raw.post(f"{P}/annotations/tags", json=tag_body)))
    tid = checks[-1][4].json()["id"]
    create_body = {"date": "2025-03-31 08:00:00", "description": "spec check", "tags": [tid, 1]}
    checks.append((COLL, "post", 201, create_body, raw.post(f"{P}/annotations", json=create_body)))
    aid = checks[-1][4].json()["results"]["id"]
    patch_body = {"description": "spec check 2", "tags": [tid]}
    checks.append((ONE, "patch", 200, patch_body, raw.patch(f"{P}/annotations/{aid}", json=patch_body)))
    checks.append((COLL, "get", 200, None, raw.get(f"{P}/annotations", params={"fromDate": "2025-01-01"})))
    checks.append((ONE, "get", 200, None, raw.get(f"{P}/annotations/{aid}")))
    checks.append((TAGS, "get", 200, None, raw.get(f"{P}/annotations/tags")))
    checks.append((ONE, "delete", 200, None, raw.delete(f"{P}/annotations/{aid}")))
    for path, verb, status, body, answer in checks:
        assert answer.status_code == status and status in documented_status(SPEC, path, verb), (verb, path)
        response_validator(SPEC, path, verb, status).validate(answer.json())
        if body is not None:
            request_validator(SPEC, path, verb).validate(body)
