"""Every family's routes, found by looking in this folder (their demo data is under ``mpnb/sandbox/seed/``).

A module here with a ``ROUTES`` table is a family's routes; the others (``*_model``, ``*_rules``) hold what
routes share. Adding a family's routes is adding its file. No two modules answer the same request (a test
checks it), so the order in which they are found does not matter.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from types import ModuleType

from mpnb.sandbox.router import Route, Routes

__all__ = ["all_routes", "route_modules"]


@functools.cache
def route_modules() -> tuple[ModuleType, ...]:
    """The modules of this folder that define a ``ROUTES`` table, by name."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            module = importlib.import_module(f"{__name__}.{info.name}")
            if isinstance(getattr(module, "ROUTES", None), Routes):
                found.append(module)
    return tuple(sorted(found, key=lambda m: m.__name__))


@functools.cache
def all_routes() -> tuple[Route, ...]:
    """Every family's routes, each module's in the order it declares them."""
    return tuple(r for m in route_modules() for r in m.ROUTES)
