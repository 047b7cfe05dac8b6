"""The sandbox's cohorts routes in raw HTTP (no client code involved)."""

from __future__ import annotations

from typing import Any

import httpx

from mpnb.sandbox import Sandbox

P = "/projects/1000"
W = "/workspaces/1"


def _all(raw: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    r = raw.get(f"{P}/cohorts", params=params)
    assert r.status_code == 200, r.text
    return r.json()["results"]  # type: ignore[no-any-return]


def _make(raw: httpx.Client, **body: Any) -> dict[str, Any]:
    body.setdefault("name", "C")
    r = raw.post(f"{W}/cohorts", json=body)
    assert r.status_code == 200, r.text
    return r.json()["results"]  # type: ignore[no-any-return]


def test_list_is_an_enveloped_list_on_both_scopes(raw: httpx.Client) -> None:
    for prefix in (P, W):
        body = raw.get(f"{prefix}/cohorts").json()
        assert body["status"] == "ok" and isinstance(body["results"], list) and len(body["results"]) >= 10
    assert raw.get(f"{P}/cohorts/").status_code == 404  # no trailing slash on cohort paths


def test_seed_sizes_vary_and_some_cohorts_are_referenced(raw: httpx.Client) -> None:
    cohorts = _all(raw)
    counts = [c["count"] for c in cohorts]
    assert 0 in counts and max(counts) > 10_000 and any(0 < n < 100 for n in counts)
    referenced = [c for c in cohorts if c["referenced_by"]]
    assert referenced
    by_id = {c["id"]: c for c in cohorts}
    for c in referenced:  # each referrer really names this cohort in its definition
        for user in c["referenced_by"]:
            kids = by_id[user]["selector"]["children"]
            assert c["id"] in [k.get("cohort_id") for k in kids]
    assert all(not k.startswith("_") for c in cohorts for k in c)


def test_list_filters_by_ids_and_data_group(raw: httpx.Client) -> None:
    cohorts = _all(raw)
    two = [cohorts[0]["id"], cohorts[1]["id"]]
    assert sorted(c["id"] for c in _all(raw, ids=",".join(map(str, two)))) == sorted(two)
    grouped = _all(raw, data_group_id="company")
    assert grouped and {c["data_group_id"] for c in grouped} == {"company"}
    assert raw.get(f"{P}/cohorts", params={"ids": "1,x"}).status_code == 400


def test_create_keeps_the_flattened_definition_at_top_level(raw: httpx.Client) -> None:
    made = _make(raw, name="Buyers", description="d", behaviors={"bhvr_0": {"event": "Purchase"}}, selector={"a": 1})
    assert made["behaviors"] == {"bhvr_0": {"event": "Purchase"}} and made["selector"] == {"a": 1}
    assert "definition" not in made and made["referenced_by"] == []
    assert raw.get(f"{P}/cohorts/{made['id']}").json()["results"] == made


def test_create_validates(raw: httpx.Client) -> None:
    assert raw.post(f"{P}/cohorts", json={"description": "no name"}).status_code == 400
    assert raw.post(f"{P}/cohorts", json={"name": "x", "is_locked": "yes"}).status_code == 400
    r = raw.post(f"{P}/cohorts", json={"name": "x", "selector": {"children": [{"cohort_id": 99999}]}})
    assert r.status_code == 400 and "99999" in r.json()["error"]


def test_referenced_by_follows_creates_and_deletes(raw: httpx.Client) -> None:
    base = _make(raw, name="Base")
    user = _make(raw, name="User", selector={"children": [{"property": "cohort", "cohort_id": base["id"]}]})
    assert raw.get(f"{P}/cohorts/{base['id']}").json()["results"]["referenced_by"] == [user["id"]]
    assert raw.delete(f"{P}/cohorts/{user['id']}").status_code == 200
    assert raw.get(f"{P}/cohorts/{base['id']}").json()["results"]["referenced_by"] == []


def test_patch_changes_only_what_was_sent_and_ignores_read_only(raw: httpx.Client) -> None:
    c = _make(raw, name="Old", description="keep")
    r = raw.patch(f"{P}/cohorts/{c['id']}", json={"name": "New", "count": 5, "selector": {"x": 1}})
    got = r.json()["results"]
    assert (got["name"], got["description"], got["count"], got["selector"]) == ("New", "keep", None, {"x": 1})
    assert raw.patch(f"{P}/cohorts/{c['id']}", json={"selector": {"cohort_id": c["id"]}}).status_code == 400


def test_patch_deleted_true_deletes(raw: httpx.Client) -> None:
    c = _make(raw)
    assert raw.patch(f"{P}/cohorts/{c['id']}", json={"deleted": True}).status_code == 200
    r = raw.get(f"{P}/cohorts/{c['id']}")
    assert r.status_code == 404 and r.json() == {"status": "error", "error": f"Cohort {c['id']} not found"}


def test_bulk_delete_refuses_unknown_ids_and_deletes_nothing(raw: httpx.Client) -> None:
    a, b = _make(raw), _make(raw)
    r = raw.post(f"{P}/cohorts/bulk-delete", json={"cohort_ids": [a["id"], 99999]})
    assert r.status_code == 400 and "99999" in r.json()["error"]
    assert raw.get(f"{P}/cohorts/{a['id']}").status_code == 200
    assert raw.post(f"{P}/cohorts/bulk-delete", json={"cohort_ids": [a["id"], b["id"]]}).status_code == 200
    assert _all(raw, ids=f"{a['id']},{b['id']}") == []
    assert raw.post(f"{P}/cohorts/bulk-delete", json={"ids": [1]}).status_code == 400


def test_bulk_update_is_all_or_nothing_and_flattened(raw: httpx.Client) -> None:
    a = _make(raw, name="A")
    bad = {"cohorts": [{"id": a["id"], "name": "A2"}, {"id": 99999, "name": "x"}]}
    assert raw.post(f"{P}/cohorts/bulk-update", json=bad).status_code == 400
    assert raw.get(f"{P}/cohorts/{a['id']}").json()["results"]["name"] == "A"
    good = {"cohorts": [{"id": a["id"], "name": "A2", "behaviors": {"b": 1}}]}
    assert raw.post(f"{P}/cohorts/bulk-update", json=good).status_code == 200
    got = raw.get(f"{P}/cohorts/{a['id']}").json()["results"]
    assert (got["name"], got["behaviors"]) == ("A2", {"b": 1})


def test_seed_is_deterministic() -> None:
    assert Sandbox(seed=3).store.table("cohorts") == Sandbox(seed=3).store.table("cohorts")
