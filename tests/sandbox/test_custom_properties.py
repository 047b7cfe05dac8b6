"""The sandbox's custom-property routes in raw HTTP: formula or behavior, a PUT replaces, validate answers."""

from __future__ import annotations

from typing import Any

import httpx

P = "/projects/1000"
C = f"{P}/custom_properties/"
NEW: dict[str, Any] = {
    "name": "Double Amount",
    "resourceType": "events",
    "displayFormula": "A * 2",
    "composedProperties": {"A": {"value": "amount", "resourceType": "event", "type": "number"}},
}


def test_crud(raw: httpx.Client) -> None:
    made = raw.post(C, json=NEW).json()["results"]
    cpid = made["customPropertyId"]
    assert raw.get(f"{C}{cpid}/").json()["results"]["displayFormula"] == "A * 2"
    put = raw.put(
        f"{C}{cpid}/",
        json={"name": "Twice", "displayFormula": "A + A", "composedProperties": NEW["composedProperties"]},
    )
    got = put.json()["results"]
    assert got["name"] == "Twice" and got["description"] == ""  # what a PUT leaves out goes back to its default
    assert raw.put(f"{C}{cpid}/", json={"name": "No formula"}).status_code == 400
    assert raw.put(f"{C}{cpid}/", json={**NEW, "resourceType": "people"}).status_code == 400
    assert raw.delete(f"{C}{cpid}/").status_code == 200
    assert raw.get(f"{C}{cpid}/").status_code == 404
    assert raw.delete(f"{C}999999999/").status_code == 404


def test_validate_answers_a_verdict(raw: httpx.Client) -> None:
    ok = raw.post(f"{C}validate/", json=NEW).json()["results"]
    assert ok == {"valid": True, "errors": []}
    bad = raw.post(f"{C}validate/", json={**NEW, "displayFormula": "A * (2"}).json()["results"]
    assert bad["valid"] is False and "parentheses" in bad["errors"][0]
    assert raw.post(f"{C}validate/", json={**NEW, "resourceType": "event"}).status_code == 400


def test_create_rules(raw: httpx.Client) -> None:
    assert raw.post(C, json={**NEW, "behavior": {"x": 1}}).status_code == 400
    assert raw.post(C, json={k: v for k, v in NEW.items() if k != "composedProperties"}).status_code == 400
