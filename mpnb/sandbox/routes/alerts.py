"""Sandbox routes for alerts (filled in by the alerts slice)."""

from __future__ import annotations

from mpnb.sandbox.router import Routes
from mpnb.sandbox.seed import Seeder

ROUTES = Routes()


def seed(s: Seeder) -> None:
    """Demo alerts records."""
