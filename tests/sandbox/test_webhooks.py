"""The sandbox's webhooks routes in raw HTTP: write-only credentials, offline connectivity test (S3)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from mpnb.sandbox import Sandbox

P = "/projects/1000"
W = "/workspaces/1"
CANARY = "Wb-canary-5521-secret"
BASIC = {"auth_type": "basic", "username": "ops", "password": CANARY}


def _create(raw: httpx.Client, **body: Any) -> httpx.Response:
    return raw.post(f"{P}/webhooks/", json={"name": "Ops", "url": "https://example.com/hook"} | body)


def _dump(sb: Sandbox) -> str:
    return json.dumps(sb.store.to_json())


def test_list_on_both_scopes_has_no_credentials(raw: httpx.Client) -> None:
    for prefix in (P, W):
        r = raw.get(f"{prefix}/webhooks/")
        assert r.status_code == 200 and r.json()["status"] == "ok"
        for hook in r.json()["results"]:
            assert {"id", "name", "url", "is_enabled", "auth_type", "created", "modified"} <= set(hook)
            assert not {"password", "username"} & set(hook) and not any(k.startswith("_") for k in hook)


def test_seed_has_basic_auth_and_a_disabled_webhook(raw: httpx.Client) -> None:
    hooks = raw.get(f"{P}/webhooks/").json()["results"]
    assert len(hooks) >= 3
    assert sum(h["auth_type"] == "basic" for h in hooks) >= 2
    assert any(not h["is_enabled"] for h in hooks)
    assert all(h["url"].startswith("https://") for h in hooks)


def test_missing_slash_redirects_like_django(raw: httpx.Client) -> None:
    r = raw.get(f"{P}/webhooks")
    assert r.status_code == 301 and r.headers["Location"].endswith("/webhooks/")


def test_create_answers_id_and_name_and_stores_only_a_hash(raw: httpx.Client, sb: Sandbox) -> None:
    r = _create(raw, **BASIC)
    assert r.status_code == 200
    made = r.json()["results"]
    assert set(made) == {"id", "name"} and made["name"] == "Ops"
    stored = sb.store.get("webhooks", made["id"])
    assert stored is not None and stored["auth_type"] == "basic"
    assert stored["_password_hash"] and CANARY not in stored["_password_hash"]
    assert CANARY not in _dump(sb) and CANARY not in r.text + raw.get(f"{P}/webhooks/").text
    listed = {h["id"]: h for h in raw.get(f"{P}/webhooks/").json()["results"]}
    assert listed[made["id"]]["is_enabled"] is True and listed[made["id"]]["auth_type"] == "basic"


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"url": "http://example.com/hook"}, "https"),
        ({"url": None}, "url"),
        ({"name": ""}, "name"),
        ({"auth_type": "basic", "username": "ops"}, "password"),
        ({"auth_type": "digest", "username": "ops", "password": CANARY}, "auth_type"),
    ],
)
def test_create_refuses_bad_input_without_echoing_secrets(
    raw: httpx.Client, sb: Sandbox, body: dict[str, Any], needle: str
) -> None:
    before = len(raw.get(f"{P}/webhooks/").json()["results"])
    r = _create(raw, **body)
    assert r.status_code == 400 and needle in r.json()["error"] and CANARY not in r.text
    assert len(raw.get(f"{P}/webhooks/").json()["results"]) == before and CANARY not in _dump(sb)


def test_patch_pauses_renames_and_rotates(raw: httpx.Client, sb: Sandbox) -> None:
    wid = _create(raw, **BASIC).json()["results"]["id"]
    old_hash = sb.store.get("webhooks", wid)["_password_hash"]  # type: ignore[index]
    r = raw.patch(f"{P}/webhooks/{wid}/", json={"is_enabled": False, "name": "Ops paused"})
    assert r.status_code == 200 and r.json()["results"] == {"id": wid, "name": "Ops paused"}
    hook = next(h for h in raw.get(f"{P}/webhooks/").json()["results"] if h["id"] == wid)
    assert hook["is_enabled"] is False and hook["auth_type"] == "basic"  # credentials kept
    assert sb.store.get("webhooks", wid)["_password_hash"] == old_hash  # type: ignore[index]
    raw.patch(f"{P}/webhooks/{wid}/", json={"password": CANARY + "-2"})
    assert sb.store.get("webhooks", wid)["_password_hash"] != old_hash  # type: ignore[index]
    assert CANARY not in _dump(sb)
    assert raw.patch(f"{P}/webhooks/{wid}/", json={"url": "http://x.example.com"}).status_code == 400
    assert raw.patch(f"{P}/webhooks/{wid}/", json={"is_enabled": "no"}).status_code == 400
    assert raw.patch(f"{P}/webhooks/nope/", json={"name": "x"}).status_code == 404


def test_turning_basic_auth_on_needs_credentials(raw: httpx.Client) -> None:
    wid = _create(raw).json()["results"]["id"]
    assert raw.patch(f"{P}/webhooks/{wid}/", json={"auth_type": "basic"}).status_code == 400
    assert raw.patch(f"{P}/webhooks/{wid}/", json={"username": "u", "password": CANARY}).status_code == 400
    ok = raw.patch(f"{P}/webhooks/{wid}/", json=BASIC)
    assert ok.status_code == 200 and CANARY not in ok.text


def test_delete_then_gone(raw: httpx.Client) -> None:
    wid = _create(raw).json()["results"]["id"]
    assert raw.delete(f"{P}/webhooks/{wid}/").status_code == 200
    assert wid not in {h["id"] for h in raw.get(f"{P}/webhooks/").json()["results"]}
    assert raw.delete(f"{P}/webhooks/{wid}/").status_code == 404


@pytest.mark.parametrize(
    ("url", "success"),
    [
        ("https://example.com/hook", True),
        ("https://hooks.acme.example.org:8443/x?y=1", True),
        ("https://down.invalid/hook", False),
        ("https://a.b.invalid", False),
    ],
)
def test_connectivity_test_is_offline_and_deterministic(raw: httpx.Client, url: str, success: bool) -> None:
    r = raw.post(f"{P}/webhooks/test/", json={"url": url} | BASIC)
    assert r.status_code == 200  # a failed test is still HTTP 200
    result = r.json()["results"]
    assert result["success"] is success and isinstance(result["status_code"], int) and result["message"]
    assert (result["status_code"] == 200) is success and CANARY not in r.text


def test_connectivity_test_refuses_http(raw: httpx.Client) -> None:
    assert raw.post(f"{P}/webhooks/test/", json={"url": "http://example.com"}).status_code == 400
