"""Webhooks: models, endpoint table and ``WebhooksMethods`` (filled in by the webhooks slice)."""

from __future__ import annotations

from mpnb.entities._base import FamilyBase

__all__ = ["WebhooksMethods"]


class WebhooksMethods(FamilyBase):
    """Webhooks operations."""
