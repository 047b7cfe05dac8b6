"""Sandbox routes for custom alerts, every path under ``alerts/custom/`` ending in ``/``.

An alert watches one saved Insights or Funnels report (the "bookmarks" table); anything else is a 400
and nothing is stored. Alerts whose report was deleted are gone too. The test endpoint only records the
notification in ``store.meta`` (no outbound connection); history pages with opaque cursors.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from mpnb.sandbox.router import Ctx, Reply, Request, Routes, SandboxError, require
from mpnb.sandbox.store import StoredJson, public, public_texts, public_view

ROUTES = Routes()
T = "alerts"
BOOKMARKS = "bookmarks"
TESTS_SENT = "alert_test_notifications"  # store.meta key: what the test endpoint would have sent
ALERTABLE = ("insights", "funnels")
CHANNELS = ("email", "slack", "webhook")
NAME_MAX = 50
ANOMALY_LIMIT = 25
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


# -- records ---------------------------------------------------------------------------------------------
def _alive(ctx: Ctx) -> list[dict[str, Any]]:
    """Alerts whose report still exists (deleting a report takes its alerts with it)."""
    alerts = list(ctx.store.table(T).values())
    alive = ctx.store.existing(BOOKMARKS, {str(a["bookmark"]["id"]) for a in alerts})
    return [a for a in alerts if str(a["bookmark"]["id"]) in alive]


def _get(ctx: Ctx, alert_id: int) -> dict[str, Any]:
    a = ctx.store.get(T, alert_id)
    if a is None or ctx.store.get(BOOKMARKS, a["bookmark"]["id"]) is None:
        raise SandboxError(404, f"Alert {alert_id} not found")
    return a


def _report(ctx: Ctx, value: Any) -> dict[str, Any]:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SandboxError(400, "bookmark_id must be an integer")
    b = ctx.store.get(BOOKMARKS, value)
    if b is None:
        raise SandboxError(400, f"Bookmark {value} does not exist")
    if b.get("type") not in ALERTABLE:
        raise SandboxError(400, f"Alerts are only supported on insights and funnels reports, not {b.get('type')}")
    return b


def _check(body: dict[str, Any], *, partial: bool) -> None:
    """Field checks shared by create, test and PATCH (``partial``: only the fields present)."""
    required = ("bookmark_id", "name", "condition", "frequency", "paused", "subscriptions")
    for key in required:
        if not partial and body.get(key) is None:
            raise SandboxError(400, f"{key} is required")
    if "name" in body:
        name = body["name"]
        if not isinstance(name, str) or not name.strip():
            raise SandboxError(400, "name must be a non-empty string")
        if len(name) > NAME_MAX:
            raise SandboxError(400, f"name: ensure this field has no more than {NAME_MAX} characters")
    if "condition" in body:
        cond = body["condition"]
        if not isinstance(cond, dict) or not isinstance(cond.get("type"), str):
            raise SandboxError(400, "condition must be a JSON object with a type")
        if cond["type"] == "anomaly" and not cond.get("keys"):
            raise SandboxError(400, "condition.keys needs at least one {header, value} for anomaly alerts")
    if "frequency" in body:
        freq = body["frequency"]
        if isinstance(freq, bool) or not isinstance(freq, int) or freq <= 0:
            raise SandboxError(400, "frequency must be a positive number of seconds")
    if "paused" in body and not isinstance(body["paused"], bool):
        raise SandboxError(400, "paused must be a boolean")
    if "subscriptions" in body:
        _check_subscriptions(body["subscriptions"])
    windows = body.get("notification_windows")
    if windows is not None and not isinstance(windows, dict):
        raise SandboxError(400, "notification_windows must be a JSON object")


def _check_subscriptions(subs: Any) -> None:
    if not isinstance(subs, list):
        raise SandboxError(400, "subscriptions must be a list")
    for i, sub in enumerate(subs):
        if not isinstance(sub, dict) or sub.get("type") not in CHANNELS:
            raise SandboxError(400, f"subscriptions[{i}].type must be one of {', '.join(CHANNELS)}")
        value = sub.get("value")
        if value in (None, ""):
            raise SandboxError(400, f"subscriptions[{i}].value is required")
        if sub["type"] == "email" and not (isinstance(value, str) and _EMAIL.match(value)):
            raise SandboxError(400, f"subscriptions[{i}].value is not a valid email address")


def _bookmark_ref(b: dict[str, Any]) -> dict[str, Any]:
    return {"id": b["id"], "name": b.get("name"), "type": b.get("type")}


def _anomaly_count(ctx: Ctx, kind: str = "anomaly") -> int:
    return sum(1 for a in _alive(ctx) if a["condition"].get("type") == kind)


def _limit_check(ctx: Ctx, condition: dict[str, Any]) -> None:
    if condition.get("type") == "anomaly" and _anomaly_count(ctx) >= _limit(ctx):
        raise SandboxError(400, f"Anomaly alert limit reached ({_limit(ctx)}); delete or pause one first")


def _limit(ctx: Ctx) -> int:
    return int(ctx.store.meta.get("alert_limit", ANOMALY_LIMIT))


def _workspace(req: Request) -> dict[str, Any] | None:
    return None if req.workspace_id is None else {"id": req.workspace_id, "name": None}


def make_alert(
    ctx: Ctx, body: dict[str, Any], bookmark: dict[str, Any], *, project_id: int, workspace: Any = None
) -> dict[str, Any]:
    aid = ctx.new_id(T)
    now = ctx.now()
    first, _, last = str(ctx.user["name"]).partition(" ")
    a: dict[str, Any] = {
        "id": aid,
        "name": body["name"],
        "bookmark": _bookmark_ref(bookmark),
        "condition": body["condition"],
        "frequency": body["frequency"],
        "paused": body["paused"],
        "subscriptions": body["subscriptions"],
        "notification_windows": body.get("notification_windows"),
        "creator": {"id": ctx.user["id"], "first_name": first, "last_name": last, "email": ctx.user["email"]},
        "workspace": workspace,
        "project": {"id": project_id, "name": None},
        "created": now,
        "modified": now,
        "last_checked": None,
        "last_fired": None,
        "valid": True,
        "results": None,
        "_history": [],
    }
    return ctx.store.put(T, aid, a)


def _query_int(req: Request, name: str, default: int | None = None) -> int | None:
    raw = req.query.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SandboxError(400, f"{name} must be an integer") from None


# -- routes ----------------------------------------------------------------------------------------------
@ROUTES.add("GET", "alerts/custom", slash="yes")
def list_alerts(ctx: Ctx, req: Request) -> list[dict[str, Any]] | StoredJson:
    bookmark_id = _query_int(req, "bookmark_id")
    skip = req.query.get("skip_user_filter")
    if skip is not None and skip not in ("true", "false"):
        raise SandboxError(400, "skip_user_filter must be true or false")
    # a service account sees every alert of the project, so the user filter changes nothing here
    stored = ctx.store.stored_texts(T, strip=("_history",), extract=("$.id", "$.bookmark.id"))
    if stored is not None:  # as stored, less the history: no parse and re-encode of every alert
        alive = ctx.store.existing(BOOKMARKS, {str(b) for _, _, b in stored})
        rows = sorted((aid, text) for text, aid, b in stored if str(b) in alive and bookmark_id in (None, b))
        return public_texts([text for _, text in rows])
    alerts = sorted(_alive(ctx), key=lambda a: a["id"])
    # encoded at once by the engine: no deep copy needed
    return [public_view(a) for a in alerts if bookmark_id is None or a["bookmark"]["id"] == bookmark_id]


@ROUTES.add("POST", "alerts/custom", slash="yes")
def create_alert(ctx: Ctx, req: Request) -> dict[str, Any]:
    body = req.json_object()
    _check(body, partial=False)
    bookmark = _report(ctx, body["bookmark_id"])
    _limit_check(ctx, body["condition"])
    return public(make_alert(ctx, body, bookmark, project_id=req.project_id, workspace=_workspace(req)))


@ROUTES.add("GET", "alerts/custom/{id:int}", slash="yes")
def get_alert(ctx: Ctx, req: Request) -> dict[str, Any]:
    return public(_get(ctx, req.params["id"]))


@ROUTES.add("PATCH", "alerts/custom/{id:int}", slash="yes")
def update_alert(ctx: Ctx, req: Request) -> dict[str, Any]:
    a = _get(ctx, req.params["id"])
    body = req.json_object()
    _check(body, partial=True)
    if "bookmark_id" in body:
        a["bookmark"] = _bookmark_ref(_report(ctx, body["bookmark_id"]))
        a["valid"] = True
    if "condition" in body and a["condition"].get("type") != "anomaly":
        _limit_check(ctx, body["condition"])
    for key in ("name", "condition", "frequency", "paused", "subscriptions", "notification_windows"):
        if key in body:
            a[key] = body[key]
    a["modified"] = ctx.now()
    return public(a)


@ROUTES.add("DELETE", "alerts/custom/{id:int}", slash="yes")
def delete_alert(ctx: Ctx, req: Request) -> Reply:
    _get(ctx, req.params["id"])
    ctx.store.pop(T, req.params["id"])
    return Reply(204)


@ROUTES.add("POST", "alerts/custom/bulk-delete", slash="yes")
def bulk_delete_alerts(ctx: Ctx, req: Request) -> Reply:
    ids = require(req.json_object(), "alert_ids", list)
    if not ids or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise SandboxError(400, "alert_ids must be a non-empty list of integers")
    alive = {a["id"] for a in _alive(ctx)}
    missing = [i for i in ids if i not in alive]
    if missing:
        raise SandboxError(400, f"Alerts not found: {missing}")
    for i in ids:
        ctx.store.pop(T, i)
    return Reply(200, {"status": "ok"})


@ROUTES.add("GET", "alerts/custom/alert-count", slash="yes")
def get_alert_count(ctx: Ctx, req: Request) -> dict[str, Any]:
    kind = req.query.get("type") or "anomaly"
    count = _anomaly_count(ctx, kind)
    limit = _limit(ctx)
    return {"anomaly_alerts_count": count, "alert_limit": limit, "is_below_limit": count < limit}


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"alert-history:{offset}".encode()).decode().rstrip("=")


def _offset(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, number = raw.partition(":")
        if prefix != "alert-history":
            raise ValueError
        return max(0, int(number))
    except ValueError:
        raise SandboxError(400, "invalid cursor") from None


@ROUTES.add("GET", "alerts/custom/{id:int}/history", slash="yes")
def get_alert_history(ctx: Ctx, req: Request) -> Reply:
    a = _get(ctx, req.params["id"])
    size = _query_int(req, "page_size", 20) or 0
    if not 1 <= size <= 100:
        raise SandboxError(400, "page_size must be within 1..100")
    nxt, prev = req.query.get("next_cursor"), req.query.get("previous_cursor")
    if nxt and prev:
        raise SandboxError(400, "pass next_cursor or previous_cursor, not both")
    start = _offset(nxt) if nxt else _offset(prev) if prev else 0
    entries = list(reversed(a.get("_history", [])))  # newest first
    page = entries[start : start + size]
    pagination = {
        "page_size": size,
        "next_cursor": _cursor(start + size) if start + size < len(entries) else None,
        "previous_cursor": _cursor(max(0, start - size)) if start > 0 else None,
    }
    # the one double-nested envelope of the family (catalog §1.5)
    return Reply(200, {"status": "ok", "results": {"results": page, "pagination": pagination}})


@ROUTES.add("POST", "alerts/custom/test", slash="yes")
def test_alert(ctx: Ctx, req: Request) -> dict[str, Any]:
    body = req.json_object()
    _check(body, partial=False)
    bookmark = _report(ctx, body["bookmark_id"])
    sent = ctx.store.meta.setdefault(TESTS_SENT, [])
    sent.append(
        {
            "at": ctx.now(),
            "bookmark_id": bookmark["id"],
            "name": body["name"],
            "recipients": [{"type": s["type"], "value": s["value"]} for s in body["subscriptions"]],
        }
    )
    return {"status": "sent"}


@ROUTES.add("GET", "alerts/custom/screenshot", slash="yes")
def get_alert_screenshot_url(ctx: Ctx, req: Request) -> dict[str, Any]:
    key = (req.query.get("gcs_key") or "").strip()
    if not key:
        raise SandboxError(400, "gcs_key is required")
    signature = hashlib.sha256(f"{key}|{ctx.now()[:10]}".encode()).hexdigest()
    safe = "/".join(part for part in key.split("/") if part not in ("", ".", ".."))
    url = (
        f"https://storage.googleapis.com/mixpanel-alert-screenshots/{safe}"
        f"?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Expires=900&X-Goog-Signature={signature}"
    )
    return {"signed_url": url}


def _series(params: dict[str, Any]) -> set[str]:
    """Event names a report's params show (``sections.show[].behavior.name``)."""
    sections = params.get("sections")
    show = sections.get("show") if isinstance(sections, dict) else None
    if not isinstance(show, list):
        return set()
    return {
        str(item["behavior"]["name"])
        for item in show
        if isinstance(item, dict) and isinstance(item.get("behavior"), dict) and item["behavior"].get("name")
    }


def _invalid_reason(a: dict[str, Any], kind: str, params: dict[str, Any]) -> str | None:
    cond = a["condition"]
    if a["bookmark"].get("type") not in (None, kind):
        return f"the report type would change from {a['bookmark']['type']} to {kind}"
    if cond.get("type") == "anomaly":
        if kind != "insights":
            return "anomaly detection needs an insights report"
        chart = (params.get("displayOptions") or {}).get("chartType") if isinstance(params, dict) else None
        if chart not in (None, "line"):
            return f"anomaly detection needs a line chart, not {chart}"
    series = _series(params)
    for key in cond.get("keys") or []:
        value = key.get("value") if isinstance(key, dict) else None
        if series and value not in (None, "$overall") and value not in series:
            return f"the series {value!r} is not in the report"
    return None


@ROUTES.add("POST", "alerts/custom/validate-alerts-for-bookmark", slash="yes")
def validate_alerts_for_bookmark(ctx: Ctx, req: Request) -> dict[str, Any]:
    body = req.json_object()
    ids = require(body, "alert_ids", list)
    if not ids or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise SandboxError(400, "alert_ids must be a non-empty list of integers")
    kind = require(body, "bookmark_type", str)
    if kind not in ALERTABLE:
        raise SandboxError(400, "bookmark_type must be insights or funnels")
    params = require(body, "bookmark_params", dict)
    out = []
    for i in ids:
        a = ctx.store.get(T, i)
        if a is None or ctx.store.get(BOOKMARKS, a["bookmark"]["id"]) is None:
            out.append({"alert_id": i, "alert_name": "", "valid": False, "reason": "alert not found"})
            continue
        reason = _invalid_reason(a, kind, params)
        out.append({"alert_id": i, "alert_name": a["name"], "valid": reason is None, "reason": reason})
    return {"alert_validations": out, "invalid_count": sum(1 for v in out if not v["valid"])}
