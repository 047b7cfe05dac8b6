"""Alerts: models, endpoint table and ``AlertsMethods`` (filled in by the alerts slice)."""

from __future__ import annotations

from mpnb.entities._base import FamilyBase

__all__ = ["AlertsMethods"]


class AlertsMethods(FamilyBase):
    """Alerts operations."""
