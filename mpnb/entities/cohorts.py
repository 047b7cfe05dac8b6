"""Cohorts: models, endpoint table and ``CohortsMethods`` (filled in by the cohorts slice)."""

from __future__ import annotations

from mpnb.entities._base import FamilyBase

__all__ = ["CohortsMethods"]


class CohortsMethods(FamilyBase):
    """Cohorts operations."""
