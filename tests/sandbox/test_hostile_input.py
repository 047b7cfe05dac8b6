"""Bodies and paths built to break a parser: nesting thousands of levels deep, ids thousands of digits long.

Both doors answer 400 in Mixpanel's error shape, store nothing, keep the connection and log nothing;
the depth limit (``MAX_DEPTH``) is the sandbox's own choice (docs/unverified.md).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mpnb.sandbox import DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxServer, SandboxTransport
from mpnb.sandbox.bodies import MAX_DEPTH, deeper_than

BIG = "9" * 5000


def _arrays(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth - 1):
        value = [value]
    return [value]


def _objects(depth: int) -> Any:
    value: Any = {"x": 1}
    for _ in range(depth - 1):
        value = {"x": value}
    return value


def _text(value: Any) -> str:
    """JSON text of a deep value without recursion (json.dumps itself would give up)."""
    if isinstance(value, list):
        depth, inner = 0, value
        while isinstance(inner, list):
            depth, inner = depth + 1, inner[0]
        return "[" * depth + json.dumps(inner) + "]" * depth
    depth, inner = 0, value
    while isinstance(inner, dict) and "x" in inner:
        depth, inner = depth + 1, inner["x"]
    return '{"x":' * depth + json.dumps(inner) + "}" * depth


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    served = SandboxServer(Sandbox(seed=1, size=20), "127.0.0.1", 0)
    served.start_in_thread()
    yield served
    served.shutdown()
    served.server_close()


@pytest.fixture(params=["in-process", "served"])
def door(request: pytest.FixtureRequest) -> Iterator[tuple[httpx.Client, Sandbox]]:
    if request.param == "in-process":
        sb = Sandbox(seed=1, size=20)
        with httpx.Client(
            transport=SandboxTransport(sb), base_url="http://s/api/app", auth=(DEMO_USERNAME, DEMO_SECRET)
        ) as client:
            yield client, sb
        return
    served: SandboxServer = request.getfixturevalue("server")
    with httpx.Client(base_url=f"{served.url}/api/app", auth=(DEMO_USERNAME, DEMO_SECRET)) as client:
        yield client, served.sandbox


def _refused(resp: httpx.Response, *words: str) -> None:
    assert resp.status_code == 400, resp.text
    body = resp.json()
    assert body["status"] == "error" and all(w in body["error"] for w in words), body


def _still_talking(client: httpx.Client) -> None:
    """The same client (the same kept-alive connection when served) still gets answers."""
    assert client.get("/projects/1000/dashboards").status_code == 200


@pytest.mark.parametrize("shape", [_arrays, _objects])
@pytest.mark.parametrize("depth", [5000, 500, MAX_DEPTH + 1])
def test_a_body_nested_too_deep_is_refused_and_nothing_is_made(
    door: tuple[httpx.Client, Sandbox], shape: Any, depth: int, caplog: pytest.LogCaptureFixture
) -> None:
    client, sb = door
    before = len(sb.store.table("dashboards"))
    body = '{"title": "deep", "filters": [' + _text(shape(depth - 2)) + "]}"
    resp = client.post("/projects/1000/dashboards", content=body, headers={"Content-Type": "application/json"})
    _refused(resp, "nested", str(MAX_DEPTH))
    assert resp.headers.get("connection", "").lower() != "close"
    _still_talking(client)
    assert len(sb.store.table("dashboards")) == before
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_a_body_at_the_limit_is_kept_and_answered(door: tuple[httpx.Client, Sandbox]) -> None:
    client, _ = door
    filters = [_objects(MAX_DEPTH - 2)]  # the body object, the list, then the rest: exactly MAX_DEPTH
    resp = client.post("/projects/1000/dashboards", json={"title": "as deep as allowed", "filters": filters})
    assert resp.status_code == 200, resp.text
    got = client.get(f"/projects/1000/dashboards/{resp.json()['results']['id']}").json()["results"]
    assert got["filters"] == filters


def test_a_json_string_inside_a_body_is_held_to_the_same_limit(door: tuple[httpx.Client, Sandbox]) -> None:
    client, _ = door
    board = client.post("/projects/1000/dashboards", json={"title": "b"}).json()["results"]["id"]
    params = _text(_objects(5000))
    content = {
        "action": "create",
        "content_type": "report",
        "content_params": {"bookmark": {"name": "deep", "type": "insights", "params": params}},
    }
    resp = client.patch(f"/projects/1000/dashboards/{board}", json={"content": content})
    _refused(resp, "bookmark.params", "nested")
    _still_talking(client)


@pytest.mark.parametrize(
    "path",
    [
        f"/projects/1000/dashboards/{BIG}",
        f"/projects/1000/dashboards/-{BIG}",
        f"/projects/1000/bookmarks/{'9' * 20}",
        f"/projects/{BIG}/dashboards",
        f"/workspaces/{BIG}/dashboards",
        f"/projects/1000/workspaces/{BIG}/feature-flags",
    ],
)
def test_an_id_no_store_can_hold_is_refused(
    door: tuple[httpx.Client, Sandbox], path: str, caplog: pytest.LogCaptureFixture
) -> None:
    client, _ = door
    _refused(client.get(path), "not a valid id")
    _still_talking(client)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_a_number_too_long_to_read_in_a_body_is_refused(door: tuple[httpx.Client, Sandbox]) -> None:
    client, _ = door
    body = '{"bookmark_id": ' + BIG + ', "name": "n"}'
    resp = client.post("/projects/1000/alerts/custom/", content=body, headers={"Content-Type": "application/json"})
    _refused(resp, "number too long")
    _still_talking(client)


def test_a_large_id_in_a_body_or_query_is_an_ordinary_answer(door: tuple[httpx.Client, Sandbox]) -> None:
    client, _ = door
    huge = 10**30
    resp = client.get("/projects/1000/alerts/custom/", params={"bookmark_id": str(huge)})
    assert resp.status_code in (200, 400)
    board = client.post("/projects/1000/dashboards", json={"title": "b"}).json()["results"]["id"]
    content = {"action": "create", "content_type": "report", "content_params": {"source_bookmark_id": huge}}
    resp = client.patch(f"/projects/1000/dashboards/{board}", json={"content": content})
    assert resp.status_code == 400 and "not found" in resp.json()["error"]


def test_non_ascii_digits_are_not_ids(door: tuple[httpx.Client, Sandbox]) -> None:
    client, _ = door
    first = client.get("/projects/1000/dashboards").json()["results"][0]["id"]
    arabic = "".join(chr(0x0660 + int(d)) for d in str(first))
    assert client.get(f"/projects/1000/dashboards/{arabic}").status_code == 404


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        (_text(_arrays(20_000)), 20_000),
        (_text(_objects(20_000)), 20_000),
        ('{"a": [1, {"b": []}]}', 4),
        ('{"a": "[[[[{{{{", "b": [[1]]}', 3),  # brackets inside strings do not count
        ('["x\\"[[", [[]]]', 3),  # nor after an escaped quote
        ('["a\\\\", [[]]]', 3),  # an escaped backslash ends nothing
        ('{"k\\\\\\"[": {}}', 2),
        ('"text"', 0),
        ("[]", 1),
    ],
)
def test_depth_is_read_from_the_text(text: str, depth: int) -> None:
    if depth < 500:  # (deeper ones are more than the parser itself can read)
        json.loads(text)  # valid JSON, as a request body would be
    raw = text.encode()
    assert not deeper_than(raw, depth) and (depth == 0 or deeper_than(raw, depth - 1))
