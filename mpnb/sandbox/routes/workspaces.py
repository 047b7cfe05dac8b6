"""Workspace discovery: ``GET /projects/{pid}/workspaces/public``."""

from __future__ import annotations

from typing import Any

from mpnb.sandbox.router import Ctx, Request, Routes

ROUTES = Routes()


@ROUTES.add("GET", "workspaces/public", scopes=("p",), slash="both")
def list_public_workspaces(ctx: Ctx, req: Request) -> list[dict[str, Any]]:
    spaces: list[dict[str, Any]] = ctx.store.meta.get("workspaces", [])
    return [dict(w, project_id=req.project_id) for w in spaces]
