"""Webhooks: come back as they were enabled or not; a Basic-auth password is never in a backup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mpnb.errors import MpnbError
from mpnb.restore._rules import Raw, RestoreRules

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]


def _fields(record: Raw) -> Raw:
    # auth_type needs the password, which no backup holds; is_enabled is set right after the create
    out = {k: record[k] for k in ("name", "url") if record.get(k) is not None}
    out["is_enabled"] = record.get("is_enabled", True) is not False
    return out


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.webhooks import CreateWebhookParams, UpdateWebhookParams

    made = ws.create_webhook(CreateWebhookParams.model_validate({k: v for k, v in fields.items() if k != "is_enabled"}))
    if not fields.get("is_enabled", True):
        ws.update_webhook(made.id, UpdateWebhookParams(is_enabled=False))
    return {"id": made.id, "name": made.name, "url": fields.get("url"), "is_enabled": fields.get("is_enabled", True)}


def _finish(ws: Workspace, old: Raw, new: Raw) -> str:
    """A webhook found again after a lost answer: make sure a disabled one is disabled."""
    from mpnb.entities.webhooks import UpdateWebhookParams

    if old.get("is_enabled") is False and new.get("is_enabled") is not False:
        try:
            ws.update_webhook(new["id"], UpdateWebhookParams(is_enabled=False))
        except MpnbError as exc:
            return f"still enabled (it was disabled): {' '.join(str(exc).split())}"
    return ""


def _row_lost(record: Raw) -> list[str]:
    if record.get("auth_type"):
        return ["password: Basic auth is off until you set it again with ws.update_webhook(new id, ...)"]
    return []


RESTORE = RestoreRules(
    family="webhooks",
    lost=(
        "original id (the webhook comes back with a new id)",
        "creator and created date",
        "password (Mixpanel never returns it): Basic auth is off until it is set again",
    ),
    fields=_fields,
    create=_create,
    finish=_finish,
    row_lost=_row_lost,
)
