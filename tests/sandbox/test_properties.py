"""The sandbox's Lexicon property routes in raw HTTP: one resource type a request, capitalised."""

from __future__ import annotations

import httpx

P = "/projects/1000"
PR = f"{P}/data-definitions/properties/"


def test_default_is_event_properties_and_user_ones_on_request(raw: httpx.Client) -> None:
    events = raw.get(PR).json()["results"]
    users = raw.get(PR, params={"resourceType": "User"}).json()["results"]
    assert events and {r["resourceType"] for r in events} == {"Event"}
    assert users and {r["resourceType"] for r in users} == {"User"}
    assert all(not k.startswith("_") for r in events for k in r)


def test_lower_case_resource_type_is_refused(raw: httpx.Client) -> None:
    r = raw.get(PR, params={"resourceType": "event"})
    assert r.status_code == 400 and "resource type" in r.json()["error"]


def test_custom_properties_are_listed_without_an_id_unless_left_out(raw: httpx.Client) -> None:
    rows = raw.get(PR).json()["results"]
    custom = [r for r in rows if "customPropertyId" in r]
    assert custom and all("id" not in r for r in custom)
    plain = raw.get(PR, params={"includeCustom": "false"}).json()["results"]
    assert all("customPropertyId" not in r for r in plain) and len(plain) == len(rows) - len(custom)


def test_include_events_and_names(raw: httpx.Client) -> None:
    r = raw.get(PR, params=[("name[]", "utm_source"), ("name[]", "email"), ("includeEvents", "true")])
    rows = {row["name"]: row for row in r.json()["results"]}
    assert set(rows) == {"utm_source", "email"}
    assert rows["email"]["events"] and all(set(e) == {"name"} for e in rows["email"]["events"])


def test_patch_one_and_many(raw: httpx.Client) -> None:
    r = raw.patch(PR, json={"name": "email", "resourceType": "User", "sensitive": True})
    assert r.status_code == 200 and r.json()["results"]["sensitive"] is True
    assert raw.get(PR, params={"resourceType": "Event", "name[]": "email"}).json()["results"][0]["sensitive"] is False
    bulk = {"properties": [{"name": "phone", "resourceType": "Event", "sensitive": True},
                           {"name": "$phone", "resourceType": "User", "sensitive": True}]}  # fmt: skip
    r = raw.patch(PR, json=bulk)
    assert r.status_code == 200 and [p["sensitive"] for p in r.json()["results"]] == [True, True]


def test_patch_refuses_bad_bodies(raw: httpx.Client) -> None:
    for body in (
        {"name": "email", "resourceType": "user"},
        {"name": "email", "sensitive": "yes"},
        {"properties": [{"name": "a", "hidden": True}, {"name": "a", "hidden": False}]},
        {"id": 99999999, "hidden": True},
        {"hidden": True},
    ):
        assert raw.patch(PR, json=body).status_code in (400, 404), body
