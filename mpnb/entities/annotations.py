"""Annotations: models, endpoint table and ``AnnotationsMethods`` (filled in by the annotations slice)."""

from __future__ import annotations

from mpnb.entities._base import FamilyBase

__all__ = ["AnnotationsMethods"]


class AnnotationsMethods(FamilyBase):
    """Annotations operations."""
