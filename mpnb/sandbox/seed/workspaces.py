"""Demo data of the sandbox's workspaces: deterministic, realistically messy."""

from __future__ import annotations

from mpnb.sandbox.seed import Seeder

__all__ = ["seed"]


def seed(s: Seeder) -> None:
    s.store.meta["workspaces"] = [dict(w, created_iso=s.days_ago(900)) for w in s.config.workspaces]
