"""Experiments: models, endpoint table and ``ExperimentsMethods`` (filled in by the experiments slice)."""

from __future__ import annotations

from mpnb.entities._base import FamilyBase

__all__ = ["ExperimentsMethods"]


class ExperimentsMethods(FamilyBase):
    """Experiments operations."""
