"""Shared test helpers: a Workspace aimed at a respx-mocked Mixpanel, and request capture."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import respx

import mpnb as mp

APP = "https://mixpanel.com/api/app"
PID = 12345


def real_ws(**kw: Any) -> mp.Workspace:
    """A Workspace aimed at (mocked) real Mixpanel: project 12345, region us, no rate limiter, no sleeps."""
    kw.setdefault("max_requests_per_minute", None)
    kw.setdefault("sleep", lambda seconds: None)
    return mp.Workspace(username="svc.user", secret="s3cr3t-value", project_id=PID, region="us", **kw)


def ok(results: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json={"status": "ok", "results": results})


def nothing_uses_it(router: respx.MockRouter) -> None:
    """The families that can use a dictionary entry (reports, cohorts, flags) list nothing: a delete reads them
    for its backup's dependants (the project graph's "where used" edges)."""
    for family in ("bookmarks", "cohorts", "feature-flags"):
        router.get(url__regex=rf"/api/app/(projects|workspaces)/\d+/(workspaces/\d+/)?{family}(\?|$)").mock(
            return_value=ok([])
        )
    public = [{"id": 3, "name": "All Project Data", "project_id": PID, "is_default": True}]
    router.get(url__regex=r"/api/app/projects/\d+/workspaces/public/?$").mock(return_value=ok(public))


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content) if request.content else None


def list_url(family: str, *, workspace_id: int | None = None, discovered: int = 9) -> str:
    """The list URL of ``family`` on ``real_ws()`` (``workspace_id`` pinned, else the discovered one)."""
    from mpnb._families import REGISTRY

    op = REGISTRY.get(family).ops.LIST
    wid = workspace_id if workspace_id is not None else discovered
    if op.scope == "maybe":
        prefix = f"{APP}/workspaces/{workspace_id}" if workspace_id is not None else f"{APP}/projects/{PID}"
    elif op.scope == "project":
        prefix = f"{APP}/projects/{PID}"
    elif op.scope == "workspace":
        prefix = f"{APP}/workspaces/{wid}"
    else:
        prefix = f"{APP}/projects/{PID}/workspaces/{wid}"
    return f"{prefix}/{op.path}"


def mock_delete_reads(
    router: Any,
    family: str,
    *,
    records: dict[str, list[Any]] | None = None,
    workspace_id: int | None = None,
    skip: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Mock the list reads a delete of ``family`` makes to learn what goes with it (the project graph): every
    family that can reference it answers ``records.get(name, [])`` (but those in ``skip``, which the test
    mocks itself); a workspace is discovered if one is needed."""
    from mpnb.graph import families_to_read

    routes = {}
    needs_workspace = False
    from mpnb._families import REGISTRY

    for name in families_to_read(family):
        if name in skip:
            continue
        needs_workspace |= REGISTRY.get(name).ops.LIST.scope in ("workspace", "project_workspace")
        url = list_url(name, workspace_id=workspace_id)
        routes[name] = router.get(url__regex=rf"^{re.escape(url)}(\?.*)?$").mock(
            return_value=ok((records or {}).get(name, []))
        )
    if needs_workspace and workspace_id is None:
        spaces = [{"id": 9, "name": "All Project Data", "is_global": True, "is_default": True}]
        router.get(f"{APP}/projects/{PID}/workspaces/public").mock(return_value=ok(spaces))
    return routes
