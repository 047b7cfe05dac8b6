"""Demo data of the sandbox's dashboard blueprints: the templates are static, so nothing to seed."""

from __future__ import annotations

from mpnb.sandbox.seed import Seeder

__all__ = ["seed"]


def seed(s: Seeder) -> None:
    """Templates are static data; no records to seed."""
