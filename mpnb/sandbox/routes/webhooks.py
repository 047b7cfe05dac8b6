"""Sandbox routes for webhooks (filled in by the webhooks slice)."""

from __future__ import annotations

from mpnb.sandbox.router import Routes
from mpnb.sandbox.seed import Seeder

ROUTES = Routes()


def seed(s: Seeder) -> None:
    """Demo webhooks records."""
