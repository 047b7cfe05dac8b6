"""The sandbox's Lexicon tag routes in raw HTTP: names listed, a POST deletes, renames follow everywhere."""

from __future__ import annotations

import httpx

P = "/projects/1000"
T = f"{P}/data-definitions/tags/"
E = f"{P}/data-definitions/events/"


def _tags_of(raw: httpx.Client, event: str) -> list[str]:
    rows = raw.get(E, params={"name[]": event}).json()["results"]
    return list(rows[0]["tags"])


def test_list_is_names(raw: httpx.Client) -> None:
    names = raw.get(T).json()["results"]
    assert "core" in names and all(isinstance(n, str) for n in names)


def test_create_rename_delete(raw: httpx.Client) -> None:
    made = raw.post(T, json={"name": "checkout-team"}).json()["results"]
    assert isinstance(made["id"], int) and made["name"] == "checkout-team"
    assert raw.post(T, json={"name": "checkout-team"}).status_code == 400
    raw.patch(E, json={"name": "Checkout", "tags": ["core", "checkout-team"]})
    r = raw.patch(f"{T}{made['id']}/", json={"name": "payments-team"})
    assert r.json()["results"] == {"id": made["id"], "name": "payments-team"}
    assert _tags_of(raw, "Checkout") == ["core", "payments-team"]
    assert raw.post(T, json={"delete": True, "name": "payments-team"}).status_code == 200
    assert _tags_of(raw, "Checkout") == ["core"] and "payments-team" not in raw.get(T).json()["results"]
    assert raw.post(T, json={"delete": True, "name": "payments-team"}).status_code == 404
    assert raw.patch(f"{T}999999/", json={"name": "x"}).status_code == 404


def test_there_is_no_delete_verb(raw: httpx.Client) -> None:
    assert raw.request("DELETE", T, json={"name": "core"}).status_code == 405
