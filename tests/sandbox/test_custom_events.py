"""The sandbox's custom-event creation in raw HTTP: form-encoded only, known events only."""

from __future__ import annotations

import json

import httpx

P = "/projects/1000"
C = f"{P}/custom_events/"


def _form(name: str, events: list[str]) -> dict[str, str]:
    return {"name": name, "alternatives": json.dumps([{"event": e} for e in events])}


def test_create_answers_the_definition_and_makes_a_lexicon_row(raw: httpx.Client) -> None:
    r = raw.post(C, data=_form("Checkout Any", ["Checkout", "checkout"]))
    assert r.status_code == 200, r.text
    made = r.json()["results"]["custom_event"]
    assert made["name"] == "Checkout Any" and [a["event"] for a in made["alternatives"]] == ["Checkout", "checkout"]
    rows = raw.get(f"{P}/data-definitions/events/", params={"custom_event": "true"}).json()["results"]
    assert any(r["customEventId"] == made["id"] for r in rows)


def test_json_unknown_events_duplicates_and_too_many_are_refused(raw: httpx.Client) -> None:
    assert raw.post(C, json={"name": "x", "alternatives": [{"event": "Checkout"}]}).status_code == 400
    assert raw.post(C, data=_form("x", ["No Such Event"])).status_code == 400
    assert raw.post(C, data=_form("Cart Added (any spelling)", ["Checkout"])).status_code == 400
    assert raw.post(C, data={"name": "x", "alternatives": "not json"}).status_code == 400
    assert raw.post(C, data=_form("x", ["Checkout"] * 26)).status_code == 400
