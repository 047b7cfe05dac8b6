"""Who may call the sandbox and what it holds: the documented, non-secret demo identity and its projects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mpnb._constants import SANDBOX_EMPTY_PROJECT_ID

__all__ = [
    "DEFAULT_SIZE",
    "DEMO_PROJECT_ID",
    "DEMO_SECRET",
    "DEMO_TOKEN",
    "DEMO_USERNAME",
    "METHODS",
    "SandboxConfig",
]

DEMO_USERNAME = "sandbox.demo.mp-service-account"
DEMO_SECRET = "sandbox-secret"
DEMO_TOKEN = "sandbox-oauth-token"
DEMO_PROJECT_ID = 1000
DEFAULT_SIZE = 60
METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})


def _all_project_data(wid: int) -> dict[str, Any]:
    """A project's global, default workspace, as Mixpanel creates one with every project."""
    return {
        "id": wid,
        "name": "All Project Data",
        "is_default": True,
        "is_global": True,
        "is_restricted": False,
        "is_visible": True,
        "description": "Every event and profile in the project",
    }


def _default_workspaces() -> list[dict[str, Any]]:
    return [
        _all_project_data(1),
        {
            "id": 2,
            "name": "Marketing",
            "is_default": False,
            "is_global": False,
            "is_restricted": True,
            "is_visible": True,
            "description": "Campaign events only",
        },
    ]


def _more_projects() -> dict[int, list[dict[str, Any]]]:
    return {SANDBOX_EMPTY_PROJECT_ID: [_all_project_data(3)]}


@dataclass
class SandboxConfig:
    """Who may call the sandbox and what it holds. Defaults are documented, non-secret demo values.

    ``project_id`` is the demo project (seeded with demo data, workspaces ``workspaces``); ``more_projects``
    are further projects under the same credentials (project id -> its workspaces), seeded empty, so that
    copies between projects can be tried.
    """

    username: str = DEMO_USERNAME
    secret: str = DEMO_SECRET
    token: str | None = DEMO_TOKEN
    project_id: int = DEMO_PROJECT_ID
    workspaces: list[dict[str, Any]] = field(default_factory=_default_workspaces)
    seed: int = 0
    size: int = DEFAULT_SIZE
    more_projects: dict[int, list[dict[str, Any]]] = field(default_factory=_more_projects)

    def projects(self) -> dict[int, list[dict[str, Any]]]:
        return {self.project_id: self.workspaces, **self.more_projects}
