"""The sandbox's Lexicon event routes in raw HTTP: one path, rows by name, upserts, bulk all-or-nothing."""

from __future__ import annotations

import httpx

from mpnb.sandbox import Sandbox

P = "/projects/1000"
W = "/workspaces/1"
E = f"{P}/data-definitions/events/"


def _rows(raw: httpx.Client, **params: object) -> list[dict[str, object]]:
    r = raw.get(E, params=params)  # type: ignore[arg-type]
    assert r.status_code == 200, r.text
    out: list[dict[str, object]] = r.json()["results"]
    return out


def test_list_on_both_scopes_has_plain_and_custom_rows(raw: httpx.Client) -> None:
    for prefix in (P, W):
        rows = raw.get(f"{prefix}/data-definitions/events/").json()["results"]
        names = {r["name"] for r in rows}
        assert {"Add to Cart", "add_to_cart", "addToCart", "$session_start"} <= names
        assert any(r["customEventId"] is not None for r in rows)
        assert all(not k.startswith("_") for r in rows for k in r)
        assert {"id", "name", "description", "hidden", "dropped", "verified", "tags", "contacts"} <= set(rows[0])


def test_missing_slash_redirects(raw: httpx.Client) -> None:
    r = raw.get(f"{P}/data-definitions/events")
    assert r.status_code == 301 and r.headers["Location"].endswith("/data-definitions/events/")


def test_repeated_names_filter_exactly(raw: httpx.Client) -> None:
    r = raw.get(E, params=[("name[]", "Add to Cart"), ("name[]", "addToCart"), ("name[]", "nope")])
    assert sorted(row["name"] for row in r.json()["results"]) == ["Add to Cart", "addToCart"]
    assert _rows(raw, **{"name[]": "no such event"}) == []


def test_custom_event_filter(raw: httpx.Client) -> None:
    rows = _rows(raw, custom_event="true")
    assert rows and all(r["customEventId"] is not None for r in rows)
    assert all(r.get("alternatives") for r in rows)


def test_patch_by_name_updates_and_answers_the_row(raw: httpx.Client) -> None:
    r = raw.patch(E, json={"name": "Search", "description": "Ran a search", "tags": ["growth"], "hidden": True})
    row = r.json()["results"]
    assert r.status_code == 200 and row["description"] == "Ran a search" and row["hidden"] is True
    assert _rows(raw, **{"name[]": "Search"})[0]["tags"] == ["growth"]


def test_patch_of_an_unknown_name_makes_a_definition(raw: httpx.Client) -> None:
    r = raw.patch(E, json={"name": "Brand New", "description": "x"})
    assert r.status_code == 200 and r.json()["results"]["name"] == "Brand New"
    assert _rows(raw, **{"name[]": "Brand New"})[0]["description"] == "x"


def test_new_tag_names_make_tags(raw: httpx.Client) -> None:
    raw.patch(E, json={"name": "Search", "tags": ["search-team"]})
    assert "search-team" in raw.get(f"{P}/data-definitions/tags/").json()["results"]


def test_bulk_patch_is_one_request_and_all_or_nothing(raw: httpx.Client, sb: Sandbox) -> None:
    entries = [{"name": n, "hidden": True} for n in ("add_to_cart", "addToCart", "Add To Cart")]
    r = raw.patch(E, json={"events": entries})
    assert r.status_code == 200 and [row["hidden"] for row in r.json()["results"]] == [True, True, True]
    before = sb.store.get("lexicon_events", "sign_up")
    assert before is not None and before["hidden"] is False
    bad = raw.patch(E, json={"events": [{"name": "sign_up", "hidden": True}, {"name": "signup", "hidden": "yes"}]})
    assert bad.status_code == 400 and "hidden" in bad.json()["error"]
    again = sb.store.get("lexicon_events", "sign_up")
    assert again is not None and again["hidden"] is False  # nothing of a refused batch is stored


def test_identifiers_most_specific_first(raw: httpx.Client) -> None:
    row = _rows(raw, **{"name[]": "Login"})[0]
    r = raw.patch(E, json={"id": row["id"], "name": "ignored when the id is given", "verified": False})
    assert r.json()["results"]["name"] == "Login"
    custom = _rows(raw, custom_event="true")[0]
    r = raw.patch(E, json={"customEventId": custom["customEventId"], "description": "custom"})
    assert r.json()["results"]["customEventId"] == custom["customEventId"]
    assert raw.patch(E, json={"customEventId": 999999, "hidden": True}).status_code == 404
    assert raw.patch(E, json={"id": 999999, "hidden": True}).status_code == 404
    assert raw.patch(E, json={"description": "no identifier"}).status_code == 400


def test_delete_by_name_or_custom_event_id(raw: httpx.Client) -> None:
    assert raw.request("DELETE", E, json={"name": "debug_log"}).status_code == 200
    assert _rows(raw, **{"name[]": "debug_log"}) == []
    assert raw.request("DELETE", E, json={"name": "debug_log"}).status_code == 404
    custom = _rows(raw, custom_event="true")[0]
    assert raw.request("DELETE", E, json={"customEventId": custom["customEventId"]}).status_code == 200
    assert custom["customEventId"] not in [r["customEventId"] for r in _rows(raw, custom_event="true")]
    assert raw.request("DELETE", E, json={"customEventId": 999999999}).status_code == 404


def test_wrong_types_are_400(raw: httpx.Client) -> None:
    for body in ({"name": "Search", "tags": "x"}, {"name": "Search", "description": 3}, {"name": ""}, {"events": {}}):
        assert raw.patch(E, json=body).status_code == 400, body
