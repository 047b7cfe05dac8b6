"""The exact request of every annotations operation (N1-N7): verb, path, query, body; and the client rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest
import respx

import mpnb as mp
from tests.helpers import APP, PID, body_of, ok, real_ws
from tests.openapi_spec import request_validator

SPEC = "annotations.openapi.yaml"
P = f"/api/app/projects/{PID}"
S = f"{APP}/projects/{PID}"
TAG = {"id": 1, "name": "release"}
A = {
    "id": 5,
    "date": "2025-03-31 00:00:00",
    "description": "v2.0 launch",
    "user": {"id": 9, "first_name": "Ana", "last_name": "Lima"},
    "tags": [TAG],
}

CASES: list[tuple[str, Callable[[mp.Workspace], Any], str, str, dict[str, str], Any, httpx.Response]] = [
    ("N1 list", lambda ws: ws.list_annotations(), "GET", f"{P}/annotations", {}, None, ok([A])),
    (
        "N1 list filtered",
        lambda ws: ws.list_annotations(from_date=date(2025, 1, 1), to_date="2025-03-31", tags=[1, 2]),
        "GET",
        f"{P}/annotations",
        {"fromDate": "2025-01-01", "toDate": "2025-03-31", "tags": "1,2"},
        None,
        ok([A]),
    ),
    (
        "N2 create",
        lambda ws: ws.create_annotation(
            mp.CreateAnnotationParams(date="2025-03-31 00:00:00", description="v2.0 launch", tags=[1])
        ),
        "POST",
        f"{P}/annotations",
        {},
        {"date": "2025-03-31 00:00:00", "description": "v2.0 launch", "tags": [1]},
        ok(A, status=201),
    ),
    ("N3 get", lambda ws: ws.get_annotation(5), "GET", f"{P}/annotations/5", {}, None, ok(A)),
    (
        "N4 update",
        lambda ws: ws.update_annotation(5, mp.UpdateAnnotationParams(description="D", tags=[2])),
        "PATCH",
        f"{P}/annotations/5",
        {},
        {"description": "D", "tags": [2]},
        ok(A),
    ),
    ("N5 delete", lambda ws: ws.delete_annotation(5), "DELETE", f"{P}/annotations/5", {}, None, ok({"id": 5})),
    (
        "N6 tags",
        lambda ws: ws.list_annotation_tags(),
        "GET",
        f"{P}/annotations/tags",
        {},
        None,
        httpx.Response(200, json=[TAG]),
    ),
    (
        "N7 tag create",
        lambda ws: ws.create_annotation_tag(mp.CreateAnnotationTagParams(name="release")),
        "POST",
        f"{P}/annotations/tags",
        {},
        {"name": "release"},
        httpx.Response(200, json=TAG),
    ),
]


@pytest.mark.parametrize(
    ("name", "call", "method", "path", "query", "body", "answer"), CASES, ids=[c[0] for c in CASES]
)
@pytest.mark.parametrize("workspace_id", [None, 3], ids=["no-workspace", "workspace-pinned"])
def test_request_shape(
    name: str,
    call: Callable[[mp.Workspace], Any],
    method: str,
    path: str,
    query: dict[str, str],
    body: Any,
    answer: httpx.Response,
    workspace_id: int | None,
) -> None:
    """Annotations are project-global (S4): the project path, no trailing slash, even with a workspace pinned."""
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{S}/annotations/5").mock(return_value=ok(A))  # the delete path's backup read
        route = router.route(method=method, url=f"https://mixpanel.com{path}").mock(return_value=answer)
        call(real_ws(workspace_id=workspace_id))
    assert route.called
    req = route.calls.last.request
    assert (req.method, req.url.path) == (method, path)
    assert dict(req.url.params) == query
    assert body_of(req) == body


def test_answers_parse_tag_objects_while_requests_send_ids() -> None:
    with respx.mock() as router:
        post = router.post(f"{S}/annotations").mock(return_value=ok(A, status=201))
        made = real_ws().create_annotation(
            mp.CreateAnnotationParams(date=datetime(2025, 3, 31), description="v2.0 launch", tags=[1])
        )
    assert body_of(post.calls.last.request)["tags"] == [1]
    assert made.tags[0].name == "release" and made.tag_ids == [1]
    assert made.date == "2025-03-31 00:00:00"  # the server's string, not a datetime (S5)
    assert made.project_id is None and made.user is not None and made.user.first_name == "Ana"


def test_tags_are_filtered_on_the_client_too() -> None:
    """The spec has no tags filter: whatever the server returns, only annotations with a wanted tag remain."""
    other = dict(A, id=6, tags=[{"id": 3, "name": "campaign"}])
    untagged = dict(A, id=7, tags=[])
    with respx.mock() as router:
        router.get(f"{S}/annotations").mock(return_value=ok([A, other, untagged]))
        assert [a.id for a in real_ws().list_annotations(tags=[1, 2])] == [5]
        assert [a.id for a in real_ws().list_annotations()] == [5, 6, 7]
        assert [a.id for a in real_ws().list_annotations(tags=[])] == [5, 6, 7]
        assert "tags" not in router.calls.last.request.url.params


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"from_date": "01/31/2025"}, "from_date"),
        ({"to_date": "2025-02-30"}, "to_date"),
        ({"from_date": 20250101}, "from_date"),
        ({"from_date": "2025-03-01", "to_date": "2025-02-01"}, "from_date"),
        ({"tags": ["x"]}, "tags[0]"),
    ],
)
def test_bad_list_filters_are_refused_before_sending(kwargs: dict[str, Any], field: str) -> None:
    with respx.mock() as router, pytest.raises(mp.InputError) as info:
        real_ws().list_annotations(**kwargs)
    assert info.value.field == field and field.split("[")[0] in str(info.value)
    assert not router.calls


def test_datetime_filters_are_sent_as_days() -> None:
    with respx.mock() as router:
        route = router.get(f"{S}/annotations").mock(return_value=ok([]))
        real_ws().list_annotations(
            from_date=datetime(2025, 1, 2, 23, 59, tzinfo=timezone.utc), to_date=date(2025, 2, 1)
        )
    assert dict(route.calls.last.request.url.params) == {"fromDate": "2025-01-02", "toDate": "2025-02-01"}


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("2025-03-31 00:00:00", "2025-03-31 00:00:00"),
        (" 2025-03-31 08:30:00 ", "2025-03-31 08:30:00"),
        (datetime(2025, 3, 31, 8, 30, 5), "2025-03-31 08:30:05"),
        (date(2025, 3, 31), "2025-03-31 00:00:00"),
        ("2025-03-31", "2025-03-31 00:00:00"),
    ],
)
def test_create_date_is_formatted(given: Any, sent: str) -> None:
    assert mp.CreateAnnotationParams(date=given, description="x").date == sent


@pytest.mark.parametrize("bad", ["31/03/2025", "2025-03-31T00:00:00Z", "March 31", 1743379200, None])
def test_create_date_that_does_not_parse_shows_the_format(bad: Any) -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        mp.CreateAnnotationParams(date=bad, description="x")
    text = str(info.value)
    assert "date" in text and ("%Y-%m-%d %H:%M:%S" in text or bad is None)


def test_description_limit_is_512() -> None:
    mp.CreateAnnotationParams(date="2025-01-01 00:00:00", description="x" * 512)
    with pytest.raises(pydantic.ValidationError, match="512"):
        mp.CreateAnnotationParams(date="2025-01-01 00:00:00", description="x" * 513)
    with pytest.raises(pydantic.ValidationError, match="512"):
        mp.UpdateAnnotationParams(description="x" * 513)


def test_changing_the_date_is_refused_as_immutable() -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        mp.UpdateAnnotationParams(date="2025-04-01 00:00:00", description="moved")  # type: ignore[call-arg]
    assert "immutable" in str(info.value) and "delete" in str(info.value)
    with pytest.raises(pydantic.ValidationError, match="did you mean 'description'"):
        mp.UpdateAnnotationParams(descripton="x")  # type: ignore[call-arg]


def test_empty_update_sends_nothing() -> None:
    with respx.mock() as router, pytest.raises(mp.InputError, match="nothing to update"):
        real_ws().update_annotation(5, mp.UpdateAnnotationParams())
    assert not router.calls


def test_delete_backs_up_the_record_first(tmp_path: Path) -> None:
    with respx.mock() as router:
        router.get(f"{S}/annotations/5").mock(return_value=ok(A))
        delete = router.delete(f"{S}/annotations/5").mock(return_value=ok({"id": 5}))
        ws = real_ws(backup_dir=tmp_path)
        ws.delete_annotation(5)
    assert delete.called
    backup = ws.backups.latest("annotations")
    assert backup is not None and backup.ids == [5] and backup.records == [A]


def test_delete_of_unknown_id_sends_no_delete(tmp_path: Path) -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{S}/annotations/9").mock(return_value=httpx.Response(404, json={"error": "not found"}))
        delete = router.delete(f"{S}/annotations/9").mock(return_value=ok({"id": 9}))
        with pytest.raises(mp.NotFoundError, match="nothing was deleted"):
            real_ws(backup_dir=tmp_path).delete_annotation(9)
    assert not delete.called


def test_create_failure_is_outcome_unknown_and_not_retried() -> None:
    with respx.mock() as router:
        post = router.post(f"{S}/annotations").mock(return_value=httpx.Response(502, json={"error": "bad gateway"}))
        with pytest.raises(mp.OutcomeUnknownError, match=r"v2\.0 launch"):
            real_ws().create_annotation(mp.CreateAnnotationParams(date="2025-03-31", description="v2.0 launch"))
    assert post.call_count == 1


@pytest.mark.parametrize(
    ("path", "verb", "call", "answer"),
    [
        (
            "/projects/{projectId}/annotations",
            "post",
            lambda ws: ws.create_annotation(
                mp.CreateAnnotationParams(date=date(2025, 3, 31), description="Launch", tags=[1, 2], user_id=9)
            ),
            A,
        ),
        (
            "/projects/{projectId}/annotations/{annotationId}",
            "patch",
            lambda ws: ws.update_annotation(5, mp.UpdateAnnotationParams(description="D", tags=[])),
            A,
        ),
        (
            "/projects/{projectId}/annotations/tags",
            "post",
            lambda ws: ws.create_annotation_tag(mp.CreateAnnotationTagParams(name="release")),
            TAG,
        ),
    ],
)
def test_request_bodies_match_the_official_spec(
    path: str, verb: str, call: Callable[[mp.Workspace], Any], answer: dict[str, Any]
) -> None:
    validator = request_validator(SPEC, path, verb)
    with respx.mock() as router:
        route = router.route(method=verb.upper()).mock(return_value=ok(answer))
        call(real_ws())
    body = body_of(route.calls.last.request)
    validator.validate(body)
    documented = set(validator.schema.get("properties", {})) | {"user_id"}  # user_id: the catalog's, not the spec's
    assert set(body) <= documented, f"fields outside the spec: {set(body) - documented}"
