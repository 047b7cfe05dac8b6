"""Sandbox routes for annotations (filled in by the annotations slice)."""

from __future__ import annotations

from mpnb.sandbox.router import Routes
from mpnb.sandbox.seed import Seeder

ROUTES = Routes()


def seed(s: Seeder) -> None:
    """Demo annotations records."""
