"""The seeded, deterministic, realistically messy demo project every sandbox starts from.

Each family's demo data lives in its own module here (``seed/<family>.py``, with ``seed(s: Seeder)``);
this module only runs them in dependency order (reports need dashboards, alerts need reports,
experiments need flags).
"""

from __future__ import annotations

import importlib
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from mpnb.sandbox.router import Ctx
from mpnb.sandbox.store import Store

if TYPE_CHECKING:
    from mpnb.sandbox.config import SandboxConfig

__all__ = ["PEOPLE", "SEED_ORDER", "Seeder", "seed_project", "seed_store"]

PEOPLE = [
    (101, "Ana Lima", "ana@example.com"),
    (102, "Ben Okafor", "ben@example.com"),
    (103, "Chen Wei", "chen@example.com"),
    (104, "Dana Cohen", "dana@example.com"),
    (105, "Eli Novak", "eli@example.com"),
]


@dataclass
class Seeder:
    store: Store
    rng: random.Random
    size: int
    config: SandboxConfig
    ctx: Ctx
    today: datetime

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def days_ago(self, days: float) -> str:
        return (self.today - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S")

    def person(self) -> tuple[int, str, str]:
        return self.rng.choice(PEOPLE)

    def creator_fields(self) -> dict[str, Any]:
        pid, name, email = self.person()
        return {"creator_id": pid, "creator_name": name, "creator_email": email}


SEED_ORDER = [
    "workspaces",
    "dashboards",
    "dashboard_blueprints",
    "reports",
    "cohorts",
    "flags",
    "experiments",
    "alerts",
    "annotations",
    "webhooks",
]


def seed_store(store: Store, config: SandboxConfig, ctx: Ctx) -> None:
    now = ctx.clock()
    today = datetime(now.year, now.month, now.day)
    seeder = Seeder(store, random.Random(config.seed), max(0, config.size), config, ctx, today)
    for family in SEED_ORDER:
        importlib.import_module(f"mpnb.sandbox.seed.{family}").seed(seeder)


def seed_project(
    store: Store, config: SandboxConfig, ctx: Ctx, project_id: int, workspaces: list[dict[str, Any]]
) -> None:
    """The demo project gets the demo data; any other project starts empty but for its workspaces."""
    if project_id == config.project_id:
        seed_store(store, config, ctx)
        return
    now = ctx.clock()
    created = (datetime(now.year, now.month, now.day) - timedelta(days=300)).strftime("%Y-%m-%dT%H:%M:%S")
    store.meta["workspaces"] = [dict(w, created_iso=created) for w in workspaces]
