"""Alerts: restored after reports, re-pointed at the restored report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mpnb.restore._rules import Raw, RestoreRules, create_fields, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]


def _fields(record: Raw) -> Raw:
    from mpnb.entities.alerts import CreateAlertParams

    out = create_fields(CreateAlertParams, record)
    if isinstance(record.get("bookmark"), dict):
        out["bookmark_id"] = record["bookmark"].get("id")
    if not out.get("subscriptions"):
        out["paused"] = True  # a running alert must notify someone; it comes back paused (listed per row)
    return out


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.alerts import CreateAlertParams

    return dump(ws.create_alert(CreateAlertParams.model_validate(fields)))


def _row_lost(record: Raw) -> list[str]:
    lost = [f"last fired {str(record['last_fired'])[:10]}"] if record.get("last_fired") else []
    if not record.get("subscriptions") and not record.get("paused"):
        lost.append("running state: it had no recipients, so it comes back paused")
    return lost


RESTORE = RestoreRules(
    family="alerts",
    lost=(
        "original id (the alert comes back with a new id)",
        "creator and created date",
        "trigger history, last checked and last fired",
    ),
    fields=_fields,
    create=_create,
    row_lost=_row_lost,
)
