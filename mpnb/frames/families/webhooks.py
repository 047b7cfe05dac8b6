"""Webhooks in frames: credentials change through ``ws.update_webhook`` only; a create answers id and name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.entities.webhooks import CreateWebhookParams, ProjectWebhook, UpdateWebhookParams, WebhooksMethods
from mpnb.frames._specs import FamilySpec, Raw

if TYPE_CHECKING:
    from mpnb._workspace import Workspace


def _created(ws: Workspace, made: Any) -> Raw:
    """The create answers id and name only: one list call for the rest of the record."""
    listed = ws.records("webhooks").read()
    return next((r for r in listed if r.get("id") == made.id), {"id": made.id, "name": made.name})


SPEC = FamilySpec(
    name="webhooks",
    model=ProjectWebhook,
    update_params=UpdateWebhookParams,
    create_params=CreateWebhookParams,
    create_with=WebhooksMethods.create_webhook,
    created=_created,
    natural_key=("name",),
    id_type=str,
    read_only=frozenset({"auth_type", "username", "password"}),
    list_query=lambda f: {},
    filters=(),
    ids_filter=False,
    update_returns_record=False,
    lost_on_restore=("original id", "password (never returned by Mixpanel): Basic auth is off until reset"),
    derived={"age_days": "created"},
)
