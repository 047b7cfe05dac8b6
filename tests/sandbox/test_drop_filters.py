"""The sandbox's drop-filter routes in raw HTTP: the id in the body, whole lists answered, a limit."""

from __future__ import annotations

import httpx

P = "/projects/1000"
D = f"{P}/data-definitions/events/drop-filters/"
COND = [
    {"resourceType": "event", "value": "env", "filterType": "string", "filterOperator": "equals", "filterValue": "x"}
]


def test_list_and_limit(raw: httpx.Client) -> None:
    filters = raw.get(D).json()["results"]
    limit = raw.get(f"{D}limits/").json()["results"]["filter_limit"]
    assert 0 < len(filters) < limit and len(filters) >= limit - 1  # the demo is one short of its limit
    assert {"id", "event_name", "filters", "active", "created"} <= set(filters[0])


def test_create_update_delete_answer_the_whole_list(raw: httpx.Client) -> None:
    made = raw.post(D, json={"event_name": "Noise", "filters": COND}).json()["results"]
    new = max(made, key=lambda f: f["id"])
    assert new["event_name"] == "Noise" and new["active"] is True
    assert raw.post(D, json={"event_name": "More", "filters": COND}).status_code == 400  # at the limit now
    after = raw.patch(D, json={"id": new["id"], "active": False}).json()["results"]
    assert next(f for f in after if f["id"] == new["id"])["active"] is False
    left = raw.request("DELETE", D, json={"id": new["id"]}).json()["results"]
    assert new["id"] not in [f["id"] for f in left]
    assert raw.request("DELETE", D, json={"id": 999999999}).status_code == 404


def test_bad_bodies(raw: httpx.Client) -> None:
    assert raw.post(D, json={"event_name": "x", "filters": []}).status_code == 400
    assert raw.post(D, json={"eventName": "x", "filters": COND}).status_code == 400
    assert raw.patch(D, json={"active": False}).status_code == 400
