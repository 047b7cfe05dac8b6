"""Sandbox routes for experiments (filled in by the experiments slice)."""

from __future__ import annotations

from mpnb.sandbox.router import Routes
from mpnb.sandbox.seed import Seeder

ROUTES = Routes()


def seed(s: Seeder) -> None:
    """Demo experiments records."""
