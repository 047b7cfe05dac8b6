"""The sandbox's reports routes, spoken to in raw HTTP (no client code involved)."""

from __future__ import annotations

import httpx

P = "/projects/1000"
W = "/workspaces/1"


def _board(raw: httpx.Client) -> int:
    return int(raw.post(f"{W}/dashboards", json={"title": "T"}).json()["results"]["id"])


def test_list_is_a_flat_enveloped_list_on_both_scopes(raw: httpx.Client) -> None:
    for prefix in (P, W):
        r = raw.get(f"{prefix}/bookmarks", params={"v": 2})
        assert r.status_code == 200
        body = r.json()
        assert body["status"] == "ok" and isinstance(body["results"], list) and len(body["results"]) >= 60
        assert all("_source" not in b for b in body["results"])


def test_create_needs_an_existing_dashboard(raw: httpx.Client) -> None:
    r = raw.post(f"{P}/bookmarks", json={"name": "x", "type": "insights", "params": {}})
    assert r.status_code == 400 and r.json() == {"status": "error", "error": "Dashboard doesn't exist"}
    r = raw.post(f"{P}/bookmarks", json={"name": "x", "type": "insights", "params": {}, "dashboard_id": 99999})
    assert r.status_code == 400


def test_create_saves_to_board_but_not_on_layout(raw: httpx.Client) -> None:
    did = _board(raw)
    made = raw.post(f"{P}/bookmarks", json={"name": "x", "type": "insights", "params": {}, "dashboard_id": did, "v": 2})
    assert made.status_code == 200
    bid = made.json()["results"]["id"]
    board = raw.get(f"{P}/dashboards/{did}").json()["results"]
    assert board["contents"]["report"] == {}
    raw.patch(
        f"{P}/dashboards/{did}",
        json={
            "content": {
                "action": "create",
                "content_type": "report",
                "content_params": {"source_bookmark_id": bid},
            }
        },
    )
    board = raw.get(f"{P}/dashboards/{did}").json()["results"]
    assert list(board["contents"]["report"]) == [str(bid)]  # its own board: placed as is, no copy


def test_params_must_be_an_object(raw: httpx.Client) -> None:
    did = _board(raw)
    r = raw.post(f"{P}/bookmarks", json={"name": "x", "type": "insights", "params": "{}", "dashboard_id": did})
    assert r.status_code == 400 and "params" in r.json()["error"]


def test_bulk_update_is_all_or_nothing(raw: httpx.Client) -> None:
    first = raw.get(f"{P}/bookmarks").json()["results"][0]
    r = raw.post(
        f"{P}/bookmarks/bulk-update",
        json={"bookmarks": [{"id": first["id"], "name": "new"}, {"id": 999999, "name": "x"}]},
    )
    assert r.status_code == 400
    assert raw.get(f"{P}/bookmarks/{first['id']}").json()["results"]["name"] == first["name"]


def test_history_pages_with_opaque_cursor(raw: httpx.Client) -> None:
    seen = []
    cursor = None
    while True:
        params = {"page_size": 5} | ({"cursor": cursor} if cursor else {})
        r = raw.get(f"{P}/bookmarks/1/history", params=params).json()["results"]
        seen += r["results"]
        cursor = r["pagination"]["next_cursor"]
        if cursor is None:
            break
    assert len(seen) > 5 and seen[-1]["action"] == "created"
    assert raw.get(f"{P}/bookmarks/1/history", params={"cursor": "garbage!"}).status_code == 400


def test_unknown_id_is_404_and_wrong_slash_is_not_served(raw: httpx.Client) -> None:
    assert raw.get(f"{P}/bookmarks/999999").status_code == 404
    assert raw.get(f"{P}/bookmarks/1/").status_code == 404


def test_auth_and_project_checks(sb: object) -> None:
    from mpnb.sandbox import SandboxTransport

    with httpx.Client(transport=SandboxTransport(sb), base_url="http://x/api/app") as anon:  # type: ignore[arg-type]
        r = anon.get(f"{P}/bookmarks")
        assert r.status_code == 401 and r.json()["status"] == "error"
        r = anon.get(f"{P}/bookmarks", headers={"Authorization": "Bearer sandbox-oauth-token"})
        assert r.status_code == 200
        r = anon.get("/projects/42/bookmarks", headers={"Authorization": "Bearer sandbox-oauth-token"})
        assert r.status_code == 400 and r.json()["error"] == "invalid project id for cluster"
