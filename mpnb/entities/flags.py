"""Flags: models, endpoint table and ``FlagsMethods`` (filled in by the flags slice)."""

from __future__ import annotations

from mpnb.entities._base import FamilyBase

__all__ = ["FlagsMethods"]


class FlagsMethods(FamilyBase):
    """Flags operations."""
