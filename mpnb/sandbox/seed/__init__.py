"""The seeded, deterministic, realistically messy demo project every sandbox starts from.

Each family's demo data lives in its own module here (``seed/<family>.py``, with ``seed(s: Seeder)``), found
by looking in this folder: adding a family's demo data is adding its file. A module that reads or changes
another family's records declares it, ``AFTER = ("dashboards",)``, and runs after it (then by name).

Randomness: ``Seeder.rng`` is one stream that the first families share (dashboards, reports, cohorts, flags,
experiments, each declaring the one before it, so the stream is drawn in the same order); every other family
draws from its own ``random.Random(f"<family>:{seed}")``, so adding or changing one never shifts another's
data.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import ModuleType
from typing import TYPE_CHECKING, Any

from mpnb.sandbox.router import Ctx
from mpnb.sandbox.store import Store

if TYPE_CHECKING:
    from mpnb.sandbox.config import SandboxConfig

__all__ = ["PEOPLE", "Seeder", "seed_modules", "seed_order", "seed_project", "seed_store"]

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
    _days: dict[int, str] = field(default_factory=dict, init=False, repr=False)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def days_ago(self, days: float) -> str:
        """``today`` minus ``days`` as Mixpanel writes it (seconds, no zone); whole days are made once each:
        a 20,000-report seed asks for about 140,000 of them."""
        if type(days) is int:
            found = self._days.get(days)
            if found is None:
                found = self._days[days] = (self.today - timedelta(days=days)).isoformat(timespec="seconds")
            return found
        return (self.today - timedelta(days=days)).isoformat(timespec="seconds")

    def person(self) -> tuple[int, str, str]:
        return self.rng.choice(PEOPLE)

    def creator_fields(self) -> dict[str, Any]:
        pid, name, email = self.person()
        return {"creator_id": pid, "creator_name": name, "creator_email": email}


def seed_order(after: dict[str, tuple[str, ...]]) -> list[str]:
    """Names ordered so that each comes after every name in its ``after`` entry; ties go by name."""
    unknown = sorted({d for deps in after.values() for d in deps} - set(after))
    if unknown:
        raise RuntimeError(f"sandbox seed modules wait on modules that do not exist: {', '.join(unknown)}")
    done: list[str] = []
    while len(done) < len(after):
        ready = [n for n in sorted(after) if n not in done and all(d in done for d in after[n])]
        if not ready:
            stuck = sorted(set(after) - set(done))
            raise RuntimeError(f"sandbox seed modules wait on each other: {', '.join(stuck)}")
        done.append(ready[0])
    return done


@functools.cache
def seed_modules() -> tuple[ModuleType, ...]:
    """Every ``seed/<name>.py`` that has a ``seed`` function, in an order that honours their ``AFTER``."""
    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            if callable(getattr(module, "seed", None)):
                found[info.name] = module
    order = seed_order({name: tuple(getattr(m, "AFTER", ())) for name, m in found.items()})
    return tuple(found[name] for name in order)


def seed_store(
    store: Store, config: SandboxConfig, ctx: Ctx, on_module: Callable[[int, int, str], None] | None = None
) -> None:
    """Run every seed module on ``store``; ``on_module(done, total, name)`` is told as each one starts."""
    now = ctx.clock()
    today = datetime(now.year, now.month, now.day)
    seeder = Seeder(store, random.Random(config.seed), max(0, config.size), config, ctx, today)
    modules = seed_modules()
    for n, module in enumerate(modules):
        name = module.__name__.rpartition(".")[2]
        if on_module is not None:
            on_module(n, len(modules), name)
        module.seed(seeder)


def seed_project(
    store: Store,
    config: SandboxConfig,
    ctx: Ctx,
    project_id: int,
    workspaces: list[dict[str, Any]],
    on_module: Callable[[int, int, str], None] | None = None,
) -> None:
    """The demo project gets the demo data; any other project starts empty but for its workspaces."""
    if project_id == config.project_id:
        seed_store(store, config, ctx, on_module)
        return
    now = ctx.clock()
    created = (datetime(now.year, now.month, now.day) - timedelta(days=300)).strftime("%Y-%m-%dT%H:%M:%S")
    store.meta["workspaces"] = [dict(w, created_iso=created) for w in workspaces]
