"""What goes on the wire and what comes back, below ``Http``: the JSON or form body (secrets revealed only here), the
Authorization header added as a request leaves, an error answer's message, and ``Retry-After``."""

from __future__ import annotations

import json
from collections.abc import Generator, Mapping
from typing import Any
from urllib.parse import urlencode

import httpx
from pydantic import SecretStr

from mpnb._session import Credentials
from mpnb.errors import InputError

__all__ = ["FORM_HEADERS", "JSON_HEADERS", "Auth", "body_args", "encode", "message_of", "retry_after"]

JSON_HEADERS = {"Content-Type": "application/json"}
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


def _reveal(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def encode(body: Any, what: str) -> bytes:
    """The JSON request body: secrets revealed only here, NaN and infinities refused (JSON has none)."""
    try:
        return json.dumps(body, default=_reveal, allow_nan=False, separators=(",", ":")).encode()
    except ValueError:
        raise InputError(
            f"{what}: a value is NaN or infinite, which JSON cannot carry; replace it (e.g. df.fillna) first",
            field="params",
        ) from None


def body_args(json_body: Any, form_body: Mapping[str, str] | None, what: str) -> dict[str, Any]:
    """httpx's ``content`` and ``headers`` for a form body (custom event creation takes no JSON), a JSON body,
    or none; called inside the request's construction, so no local of the caller holds the revealed body."""
    if form_body is not None:
        return {"content": urlencode(form_body).encode(), "headers": FORM_HEADERS}
    return {} if json_body is None else {"content": encode(json_body, what), "headers": JSON_HEADERS}


class Auth(httpx.Auth):
    """Adds the Authorization header as the request is sent, so no caller's local ever holds it."""

    def __init__(self, credentials: Credentials) -> None:
        self._credentials = credentials

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._credentials.authorization()
        yield request

    def __repr__(self) -> str:
        return "<auth hidden>"


def message_of(resp: httpx.Response) -> tuple[str, Any]:
    try:
        body = resp.json()
    except ValueError:
        text = resp.text.strip()
        if "html" in resp.headers.get("content-type", "").lower() or text[:1] == "<":  # a web page: never echoed
            return f"an HTML page, not the App API's JSON (is this the right server? {resp.url.host})", None
        return (text[:300] or resp.reason_phrase or f"HTTP {resp.status_code}"), None
    if isinstance(body, dict):
        err = body.get("error", body.get("message"))
        if isinstance(err, str):
            return err, body
        if err is not None:
            return json.dumps(err, sort_keys=True), body
    return (resp.reason_phrase or f"HTTP {resp.status_code}"), body


def retry_after(resp: httpx.Response) -> float | None:
    raw = resp.headers.get("Retry-After")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        return None
