"""Every family's routes (their demo data is under ``mpnb/sandbox/seed/``)."""

from types import ModuleType

from mpnb.sandbox.router import Route
from mpnb.sandbox.routes import (
    alerts,
    annotations,
    cohorts,
    dashboard_blueprints,
    dashboards,
    experiments,
    flags,
    reports,
    webhooks,
    workspaces,
)

__all__ = ["ALL_ROUTES", "FAMILY_MODULES"]

FAMILY_MODULES: list[ModuleType] = [
    workspaces,
    dashboards,
    dashboard_blueprints,
    reports,
    cohorts,
    flags,
    experiments,
    alerts,
    annotations,
    webhooks,
]
ALL_ROUTES: list[Route] = [r for m in FAMILY_MODULES for r in m.ROUTES]
