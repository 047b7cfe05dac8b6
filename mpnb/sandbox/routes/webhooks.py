"""Sandbox routes for project webhooks.

Paths end in ``/`` as the catalog has them (a missing slash gets Django's 301). Credentials are
write-only: the username and a salted hash of the password are private keys, the password itself is
never stored, logged or answered. Create and update answer only ``{id, name}``. The test call
opens no connection: https hosts succeed, ``*.invalid`` hosts fail, both as HTTP 200.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any
from urllib.parse import urlsplit

from mpnb.sandbox.router import Ctx, Request, Routes, SandboxError, require
from mpnb.sandbox.store import public

ROUTES = Routes()
T = "webhooks"
AUTH_TYPES = ("basic",)


def hash_password(password: str, salt: str) -> str:
    """What the sandbox keeps instead of a password."""
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), 10_000).hex()
    return f"pbkdf2_sha256${salt}${digest}"


def password_matches(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    _, salt, _ = stored.split("$", 2)
    return hmac.compare_digest(stored, hash_password(password, salt))


def _https_host(body: dict[str, Any]) -> str:
    url: str = require(body, "url", str)
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise SandboxError(400, "Webhook URL must use https")
    return parts.hostname


def _name(body: dict[str, Any]) -> str:
    name: str = require(body, "name", str)
    if not name.strip():
        raise SandboxError(400, "name must not be empty")
    return name


def _auth(body: dict[str, Any], current: dict[str, Any] | None) -> tuple[str | None, str | None, str | None]:
    """(auth_type, username, password) after applying ``body`` to ``current``; Basic needs both credentials."""
    auth = body["auth_type"] if "auth_type" in body else (current or {}).get("auth_type")
    if auth is not None and auth not in AUTH_TYPES:
        raise SandboxError(400, "auth_type must be 'basic' or null")
    username = body.get("username", (current or {}).get("_username"))
    password = body.get("password")
    for key, value in (("username", username), ("password", password)):
        if value is not None and not isinstance(value, str):
            raise SandboxError(400, f"{key} must be a string")
    if auth is None and (body.get("username") is not None or password is not None):
        raise SandboxError(400, "username and password need auth_type 'basic'")
    has_password = bool(password) or (current is not None and bool(current.get("_password_hash")))
    if auth == "basic" and (not username or not has_password):
        raise SandboxError(400, "Basic auth needs a username and a password")
    return auth, username, password


def _store_auth(ctx: Ctx, w: dict[str, Any], auth: str | None, username: str | None, password: str | None) -> None:
    w["auth_type"] = auth
    if auth is None:
        w["_username"], w["_password_hash"] = None, None
        return
    w["_username"] = username
    if password:
        w["_password_hash"] = hash_password(password, ctx.new_uuid().replace("-", "")[:16])


def _get(ctx: Ctx, webhook_id: str) -> dict[str, Any]:
    w = ctx.store.get(T, webhook_id)
    if w is None:
        raise SandboxError(404, "Webhook not found")
    return w


@ROUTES.add("GET", "webhooks", slash="yes")
def list_webhooks(ctx: Ctx, req: Request) -> list[dict[str, Any]]:
    return [public(w) for w in sorted(ctx.store.table(T).values(), key=lambda w: w["created"])]


@ROUTES.add("POST", "webhooks", slash="yes")
def create_webhook(ctx: Ctx, req: Request) -> dict[str, Any]:
    body = req.json_object()
    name = _name(body)
    _https_host(body)
    auth, username, password = _auth(body, None)
    now = ctx.now()
    w: dict[str, Any] = {
        "id": ctx.new_uuid(),
        "name": name,
        "url": body["url"],
        "is_enabled": True,
        "auth_type": None,
        "created": now,
        "modified": now,
        "creator_id": ctx.user["id"],
        "creator_name": ctx.user["name"],
    }
    _store_auth(ctx, w, auth, username, password)
    ctx.store.put(T, w["id"], w)
    return {"id": w["id"], "name": w["name"]}


@ROUTES.add("PATCH", "webhooks/{id}", slash="yes")
def update_webhook(ctx: Ctx, req: Request) -> dict[str, Any]:
    w = _get(ctx, req.params["id"])
    body = req.json_object()
    name = _name(body) if "name" in body else w["name"]
    if "url" in body:
        _https_host(body)
    if "is_enabled" in body and not isinstance(body["is_enabled"], bool):
        raise SandboxError(400, "is_enabled must be a boolean")
    auth, username, password = _auth(body, w)
    w["name"] = name
    w["url"] = body.get("url", w["url"])
    w["is_enabled"] = body.get("is_enabled", w["is_enabled"])
    _store_auth(ctx, w, auth, username, password)
    w["modified"] = ctx.now()
    return {"id": w["id"], "name": w["name"]}


@ROUTES.add("DELETE", "webhooks/{id}", slash="yes")
def delete_webhook(ctx: Ctx, req: Request) -> dict[str, Any]:
    w = _get(ctx, req.params["id"])
    ctx.store.pop(T, w["id"])
    return {}


@ROUTES.add("POST", "webhooks/test", slash="yes")
def test_webhook(ctx: Ctx, req: Request) -> dict[str, Any]:
    """Deterministic and offline: ``*.invalid`` hosts cannot be resolved, every other https host answers 200."""
    body = req.json_object()
    host = _https_host(body)
    _auth(body, None)
    if host == "invalid" or host.endswith(".invalid"):
        return {"success": False, "status_code": 502, "message": f"Could not connect to {host}: name does not resolve"}
    return {"success": True, "status_code": 200, "message": "Webhook test succeeded"}
