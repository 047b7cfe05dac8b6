"""Alerts: on the copied report; a running alert without recipients arrives paused (it must notify someone)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.copying._rules import CopyRules, Raw, dump
from mpnb.entities.alerts import CreateAlertParams, UpdateAlertParams

if TYPE_CHECKING:
    from mpnb._workspace import Workspace


def _fields(r: Raw) -> Raw:
    subscriptions = r.get("subscriptions") or []
    return {
        "name": r["name"],
        "bookmark_id": (r.get("bookmark") or {}).get("id", r.get("bookmark_id")),
        "condition": r.get("condition"),
        "frequency": r.get("frequency"),
        "paused": bool(r.get("paused")) or not subscriptions,
        "subscriptions": subscriptions,
    }


def _create(dst: Workspace, f: Raw) -> Raw:
    return dump(dst.create_alert(CreateAlertParams(**f)))


def _update(dst: Workspace, tid: Any, f: Raw, current: Raw) -> Raw:
    return dump(dst.update_alert(tid, UpdateAlertParams(**f)))


COPY = CopyRules("alerts", _fields, _create, _update, on_request=True)
