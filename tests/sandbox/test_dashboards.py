"""The sandbox's dashboards routes in raw HTTP: S6 semantics (linked copies, cascade, layout rules)."""

from __future__ import annotations

import json

import httpx
import pytest

P = "/projects/1000"
W = "/workspaces/1"


def _new(raw: httpx.Client, title: str = "T") -> dict:  # type: ignore[type-arg]
    r = raw.post(f"{W}/dashboards", json={"title": title})
    assert r.status_code == 200
    return r.json()["results"]  # type: ignore[no-any-return]


def _add(raw: httpx.Client, did: int, bid: int) -> httpx.Response:
    return raw.patch(
        f"{P}/dashboards/{did}",
        json={"content": {"action": "create", "content_type": "report", "content_params": {"source_bookmark_id": bid}}},
    )


def test_create_requires_title_and_nothing_changes(raw: httpx.Client) -> None:
    before = len(raw.get(f"{P}/dashboards").json()["results"])
    r = raw.post(f"{P}/dashboards", json={"description": "no title"})
    assert r.status_code == 400 and r.json() == {"status": "error", "error": "title is required"}
    assert len(raw.get(f"{P}/dashboards").json()["results"]) == before


def test_adding_an_existing_report_makes_a_linked_copy(raw: httpx.Client) -> None:
    report = raw.get(f"{P}/bookmarks").json()["results"][0]
    board = _new(raw)
    assert _add(raw, board["id"], report["id"]).status_code == 200
    got = raw.get(f"{P}/dashboards/{board['id']}").json()["results"]
    (copy_id,) = got["contents"]["report"]
    assert int(copy_id) != report["id"]
    assert got["contents"]["report"][copy_id]["source_bookmark_id"] == report["id"]
    linked = raw.get(f"{P}/bookmarks/{report['id']}/linked-dashboard-ids").json()["results"]
    assert board["id"] in linked and report["dashboard_id"] in linked


def test_deleting_a_board_deletes_saved_reports_and_their_copies(raw: httpx.Client) -> None:
    home, elsewhere = _new(raw, "home"), _new(raw, "elsewhere")
    made = raw.post(
        f"{P}/bookmarks", json={"name": "r", "type": "insights", "params": {}, "dashboard_id": home["id"]}
    ).json()["results"]
    _add(raw, home["id"], made["id"])
    _add(raw, elsewhere["id"], made["id"])
    copy_id = int(next(iter(raw.get(f"{P}/dashboards/{elsewhere['id']}").json()["results"]["contents"]["report"])))
    assert raw.delete(f"{P}/dashboards/{home['id']}").json() == {"status": "ok"}
    assert raw.get(f"{P}/bookmarks/{made['id']}").status_code == 404
    assert raw.get(f"{P}/bookmarks/{copy_id}").status_code == 404
    assert raw.get(f"{P}/dashboards/{elsewhere['id']}").json()["results"]["contents"]["report"] == {}


def test_bulk_delete_with_an_unknown_id_changes_nothing(raw: httpx.Client) -> None:
    board = _new(raw)
    r = raw.post(f"{P}/dashboards/bulk-delete", json={"dashboard_ids": [board["id"], 99999]})
    assert r.status_code == 400
    assert raw.get(f"{P}/dashboards/{board['id']}").status_code == 200


def test_layout_patch_rules(raw: httpx.Client) -> None:
    board = _new(raw)
    raw.patch(
        f"{P}/dashboards/{board['id']}",
        json={"content": {"action": "create", "content_type": "text", "content_params": {"markdown": "<p>a</p>"}}},
    )
    raw.patch(
        f"{P}/dashboards/{board['id']}",
        json={"content": {"action": "create", "content_type": "text", "content_params": {"markdown": "<p>b</p>"}}},
    )
    layout = raw.get(f"{P}/dashboards/{board['id']}").json()["results"]["layout"]
    rows = [{"id": rid, **layout["rows"][rid]} for rid in layout["order"]]
    r = raw.patch(f"{P}/dashboards/{board['id']}", json={"layout": {"version": "2.0.0", "rows_order": [], "rows": []}})
    assert r.status_code == 400 and "version" in r.json()["error"]
    ignored = raw.patch(f"{P}/dashboards/{board['id']}", json={"layout": {"order": list(reversed(layout["order"]))}})
    assert ignored.json()["results"]["layout"]["order"] == layout["order"]  # "order" is silently ignored
    merged = {"id": rows[0]["id"], "height": 0, "cells": [dict(c, width=6) for r in rows for c in r["cells"]]}
    ok = raw.patch(f"{P}/dashboards/{board['id']}", json={"layout": {"rows_order": [merged["id"]], "rows": [merged]}})
    assert ok.status_code == 200 and len(ok.json()["results"]["layout"]["order"]) == 1
    bad = dict(merged, cells=[dict(c, width=5) for c in merged["cells"]])
    r = raw.patch(f"{P}/dashboards/{board['id']}", json={"layout": {"rows_order": [bad["id"]], "rows": [bad]}})
    assert r.status_code == 400 and "12" in r.json()["error"]


def test_inline_report_params_must_be_a_json_string(raw: httpx.Client) -> None:
    board = _new(raw)
    content = {
        "action": "create",
        "content_type": "report",
        "content_params": {"bookmark": {"name": "x", "type": "insights", "params": {"a": 1}}},
    }
    assert raw.patch(f"{P}/dashboards/{board['id']}", json={"content": content}).status_code == 400
    content["content_params"]["bookmark"]["params"] = json.dumps({"a": 1})  # type: ignore[index]
    r = raw.patch(f"{P}/dashboards/{board['id']}", json={"content": content})
    assert r.status_code == 200 and len(r.json()["results"]["contents"]["report"]) == 1


def test_blueprint_flow(raw: httpx.Client) -> None:
    templates = raw.get(f"{P}/dashboards/blueprints-all").json()["results"]["templates"]
    assert "product_analytics" in templates and templates["product_analytics"]["number_of_reports"] == 4
    board = raw.post(f"{P}/dashboards/blueprints", json={"template_type": "product_analytics"}).json()["results"]
    config = raw.get(f"{P}/dashboards/{board['id']}/blueprint-config").json()["results"]
    assert config["variables"]
    cards = [{"type": "report", "bookmark_id": int(k)} for k in board["contents"]["report"]][:2]
    done = raw.post(f"{P}/dashboards/blueprints/finish", json={"dashboard_id": board["id"], "cards": cards})
    assert done.status_code == 200 and len(done.json()["results"]["contents"]["report"]) == 2
    wrong = raw.post(
        f"{P}/dashboards/blueprints/finish",
        json={"dashboard_id": board["id"], "cards": [{"type": "report", "bookmark_id": 1}]},
    )
    assert wrong.status_code == 400


@pytest.mark.parametrize("path", [f"{P}/dashboards/", f"{W}/dashboards/1/"])
def test_dashboards_paths_have_no_trailing_slash(raw: httpx.Client, path: str) -> None:
    assert raw.get(path).status_code == 404


def test_workspace_discovery_served_with_and_without_slash(raw: httpx.Client) -> None:
    for path in (f"{P}/workspaces/public", f"{P}/workspaces/public/"):
        r = raw.get(path)
        assert r.status_code == 200 and {w["id"] for w in r.json()["results"]} == {1, 2}
