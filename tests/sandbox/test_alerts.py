"""The sandbox's alerts routes, spoken to in raw HTTP (no client code involved)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mpnb.sandbox import Sandbox

P = "/projects/1000"
W = "/workspaces/1"
A = f"{P}/alerts/custom/"


def _report(raw: httpx.Client, kind: str) -> dict[str, Any]:
    reports = raw.get(f"{P}/bookmarks", params={"type": kind}).json()["results"]
    assert reports, f"the seed has {kind} reports"
    return dict(reports[0])


def _body(bookmark_id: int, **kw: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "bookmark_id": bookmark_id,
        "name": "Signups dropped",
        "condition": {"type": "absolute", "op": "<", "value": 100, "keys": [{"header": "x", "value": "x"}]},
        "frequency": 86400,
        "paused": False,
        "subscriptions": [{"type": "email", "value": "team@example.com"}],
    }
    body.update(kw)
    return body


def _count(raw: httpx.Client) -> int:
    return len(raw.get(A).json()["results"])


def test_seeded_alerts_are_varied_and_on_insights_or_funnels(raw: httpx.Client) -> None:
    r = raw.get(A)
    assert r.status_code == 200 and r.json()["status"] == "ok"
    alerts = r.json()["results"]
    assert len(alerts) >= 4
    assert {a["bookmark"]["type"] for a in alerts} <= {"insights", "funnels"}
    assert len({a["bookmark"]["id"] for a in alerts}) >= 3
    assert {a["paused"] for a in alerts} == {True, False}
    assert {a["condition"]["type"] for a in alerts} == {"absolute", "anomaly"}
    assert all(len(a["name"]) <= 50 and "_history" not in a for a in alerts)
    fired = [a for a in alerts if a["last_fired"]]
    assert fired, "some alerts have fired"


def test_seed_is_deterministic() -> None:
    def names(sb: Sandbox) -> list[str]:
        return [a["name"] for a in sb.store.table("alerts").values()]

    assert names(Sandbox(seed=3)) == names(Sandbox(seed=3))
    assert names(Sandbox(seed=3)) != names(Sandbox(seed=4))


def test_list_filters_by_report_on_both_scopes(raw: httpx.Client) -> None:
    first = raw.get(A).json()["results"][0]
    bid = first["bookmark"]["id"]
    for prefix in (P, W):
        got = raw.get(f"{prefix}/alerts/custom/", params={"bookmark_id": bid, "skip_user_filter": "true"})
        assert got.status_code == 200
        assert {a["bookmark"]["id"] for a in got.json()["results"]} == {bid}
    assert raw.get(A, params={"skip_user_filter": "yes"}).status_code == 400
    assert raw.get(A, params={"bookmark_id": "abc"}).status_code == 400


def test_create_get_update_delete(raw: httpx.Client) -> None:
    bid = _report(raw, "funnels")["id"]
    made = raw.post(f"{W}/alerts/custom/", json=_body(bid))
    assert made.status_code == 200
    alert = made.json()["results"]
    assert alert["bookmark"]["id"] == bid and alert["bookmark"]["type"] == "funnels"
    assert alert["workspace"]["id"] == 1 and alert["created"] and alert["valid"] is True
    url = f"{A}{alert['id']}/"
    assert raw.get(url).json()["results"]["name"] == "Signups dropped"
    patched = raw.patch(url, json={"paused": True, "frequency": 3600}).json()["results"]
    assert (patched["paused"], patched["frequency"], patched["name"]) == (True, 3600, "Signups dropped")
    gone = raw.delete(url)
    assert gone.status_code in (200, 204)
    assert raw.get(url).status_code == 404


@pytest.mark.parametrize("kind", ["retention", "flows"])
def test_alerts_only_on_insights_and_funnels(raw: httpx.Client, kind: str) -> None:
    before = _count(raw)
    r = raw.post(A, json=_body(_report(raw, kind)["id"]))
    assert r.status_code == 400 and "insights and funnels" in r.json()["error"]
    assert _count(raw) == before


def test_unknown_report_and_bad_fields_are_400_and_store_nothing(raw: httpx.Client) -> None:
    bid = _report(raw, "insights")["id"]
    before = _count(raw)
    bad = [
        _body(999999),
        _body(bid, name="x" * 51),
        _body(bid, condition="absolute < 100"),
        _body(bid, condition={"type": "anomaly", "op": "!<=x<="}),  # anomaly needs keys
        _body(bid, subscriptions=[{"type": "email", "value": "nobody"}]),
        _body(bid, subscriptions=[{"type": "carrier-pigeon", "value": "x"}]),
        _body(bid, frequency="daily"),
        _body(bid, paused="no"),
        {k: v for k, v in _body(bid).items() if k != "subscriptions"},
    ]
    for body in bad:
        r = raw.post(A, json=body)
        assert r.status_code == 400, body
        assert r.json()["status"] == "error" and r.json()["error"]
    assert _count(raw) == before
    assert raw.patch(f"{A}{raw.get(A).json()['results'][0]['id']}/", json={"name": "y" * 51}).status_code == 400


def test_paths_need_the_trailing_slash(raw: httpx.Client) -> None:
    r = raw.get(f"{P}/alerts/custom")
    assert r.status_code == 301 and r.headers["Location"].endswith("/alerts/custom/")
    assert raw.get(f"{P}/alerts/custom/alert-count").status_code == 301


def test_bulk_delete_is_all_or_nothing(raw: httpx.Client) -> None:
    ids = [a["id"] for a in raw.get(A).json()["results"][:2]]
    before = _count(raw)
    assert raw.post(f"{A}bulk-delete/", json={"alert_ids": [*ids, 999999]}).status_code == 400
    assert _count(raw) == before
    assert raw.post(f"{A}bulk-delete/", json={"alert_ids": ids}).status_code == 200
    assert _count(raw) == before - 2


def test_deleting_a_report_takes_its_alerts(raw: httpx.Client) -> None:
    alert = raw.get(A).json()["results"][0]
    bid = alert["bookmark"]["id"]
    assert raw.delete(f"{P}/bookmarks/{bid}").status_code == 200
    assert raw.get(f"{A}{alert['id']}/").status_code == 404
    assert all(a["bookmark"]["id"] != bid for a in raw.get(A).json()["results"])


def test_count_tracks_anomaly_alerts_and_the_limit(raw: httpx.Client, sb: Sandbox) -> None:
    c = raw.get(f"{A}alert-count/").json()["results"]
    assert set(c) == {"anomaly_alerts_count", "alert_limit", "is_below_limit"}
    anomalies = [a for a in raw.get(A).json()["results"] if a["condition"]["type"] == "anomaly"]
    assert c["anomaly_alerts_count"] == len(anomalies) and c["is_below_limit"] is True
    bid = _report(raw, "insights")["id"]
    anomaly = {"type": "anomaly", "keys": [{"header": "$event", "value": "$overall"}], "op": "!<=x<="}
    assert raw.post(A, json=_body(bid, condition=anomaly)).status_code == 200
    after = raw.get(f"{A}alert-count/").json()["results"]
    assert after["anomaly_alerts_count"] == c["anomaly_alerts_count"] + 1
    sb.store.meta["alert_limit"] = after["anomaly_alerts_count"]
    full = raw.get(f"{A}alert-count/").json()["results"]
    assert full["is_below_limit"] is False
    r = raw.post(A, json=_body(bid, condition=anomaly))
    assert r.status_code == 400 and "limit" in r.json()["error"]


def test_history_pages_forward_and_back_with_cursors(raw: httpx.Client, sb: Sandbox) -> None:
    busiest = max(sb.store.table("alerts").values(), key=lambda a: len(a["_history"]))
    total = len(busiest["_history"])
    assert total > 5
    url = f"{A}{busiest['id']}/history/"
    body = raw.get(url, params={"page_size": 5}).json()
    assert body["status"] == "ok" and set(body["results"]) == {"results", "pagination"}
    seen, pages, cursor = [], [], None
    while True:
        params: dict[str, Any] = {"page_size": 5} | ({"next_cursor": cursor} if cursor else {})
        page = raw.get(url, params=params).json()["results"]
        pages.append(page)
        seen += page["results"]
        cursor = page["pagination"]["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == total and len({e["id"] for e in seen}) == total
    assert [e["timestamp"] for e in seen] == sorted((e["timestamp"] for e in seen), reverse=True)
    back = pages[1]["pagination"]["previous_cursor"]
    assert raw.get(url, params={"page_size": 5, "previous_cursor": back}).json()["results"] == pages[0]
    assert raw.get(url, params={"next_cursor": "garbage!"}).status_code == 400
    assert raw.get(url, params={"page_size": 0}).status_code == 400


def test_test_notification_is_recorded_not_sent(raw: httpx.Client, sb: Sandbox) -> None:
    bid = _report(raw, "insights")["id"]
    before = _count(raw)
    body = _body(bid, condition={"type": "absolute", "op": "<", "value": 100})
    body["subscriptions"] = [{"type": "email", "value": "me@example.com"}]
    r = raw.post(f"{A}test/", json=body)
    assert r.status_code == 200 and r.json()["results"] == {"status": "sent"}
    (sent,) = sb.store.meta["alert_test_notifications"]
    assert sent["bookmark_id"] == bid and sent["recipients"] == [{"type": "email", "value": "me@example.com"}]
    assert _count(raw) == before
    assert raw.post(f"{A}test/", json=_body(999999)).status_code == 400


def test_screenshot_url_is_https_for_any_key(raw: httpx.Client) -> None:
    r = raw.get(f"{A}screenshot/", params={"gcs_key": "gcs-key-here"})
    url = r.json()["results"]["signed_url"]
    assert r.status_code == 200 and url.startswith("https://") and "gcs-key-here" in url
    other = raw.get(f"{A}screenshot/", params={"gcs_key": "alerts/1/2.png"}).json()["results"]["signed_url"]
    assert other != url
    assert raw.get(f"{A}screenshot/", params={"gcs_key": ""}).status_code == 400
    assert raw.get(f"{A}screenshot/").status_code == 400


def test_validate_reports_each_alert(raw: httpx.Client, sb: Sandbox) -> None:
    alerts = raw.get(A).json()["results"]
    insight = next(a for a in alerts if a["bookmark"]["type"] == "insights")
    params = {"displayOptions": {"chartType": "line"}, "sections": {"show": []}}
    r = raw.post(
        f"{A}validate-alerts-for-bookmark/",
        json={"alert_ids": [insight["id"], 999999], "bookmark_type": "funnels", "bookmark_params": params},
    )
    body = r.json()["results"]
    assert r.status_code == 200 and body["invalid_count"] == 2
    assert [v["alert_id"] for v in body["alert_validations"]] == [insight["id"], 999999]
    assert all(v["reason"] for v in body["alert_validations"])
    same = raw.post(
        f"{A}validate-alerts-for-bookmark/",
        json={"alert_ids": [insight["id"]], "bookmark_type": "insights", "bookmark_params": params},
    ).json()["results"]
    assert same == {
        "alert_validations": [
            {"alert_id": insight["id"], "alert_name": insight["name"], "valid": True, "reason": None}
        ],
        "invalid_count": 0,
    }
    for bad in ({"alert_ids": [], "bookmark_type": "insights", "bookmark_params": {}},
                {"alert_ids": [1], "bookmark_type": "flows", "bookmark_params": {}},
                {"alert_ids": [1], "bookmark_type": "insights", "bookmark_params": "x"}):  # fmt: skip
        assert raw.post(f"{A}validate-alerts-for-bookmark/", json=bad).status_code == 400
