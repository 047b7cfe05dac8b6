"""The shared runner of the data dictionary's request-shape tables (one table per family module)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import respx

import mpnb as mp
from tests.helpers import APP, PID, body_of, nothing_uses_it, real_ws

Case = tuple[str, Callable[[mp.Workspace], Any], str, str, list[tuple[str, str]], Any, httpx.Response]


def prefix(workspace_id: int | None) -> str:
    """Where a Lexicon path lives: the pinned workspace, else the project (as for reports)."""
    return f"/api/app/workspaces/{workspace_id}" if workspace_id is not None else f"/api/app/projects/{PID}"


def run_case(
    case: Case, workspace_id: int | None, extra: Callable[[respx.MockRouter, str], None] | None = None
) -> None:
    """Send the case's call and check its one request: verb, path, query (repeated keys in order), body."""
    _, call, method, path, query, body, answer = case
    where = prefix(workspace_id)
    with respx.mock(assert_all_called=False) as router:
        if extra is not None:
            extra(router, f"https://mixpanel.com{where}")
            nothing_uses_it(router)
        route = router.route(method=method, url=f"https://mixpanel.com{where}/{path}").mock(return_value=answer)
        call(real_ws(workspace_id=workspace_id))
    assert route.called, f"no {method} {where}/{path}"
    req = route.calls.last.request
    assert (req.method, req.url.path) == (method, f"{where}/{path}")
    assert list(req.url.params.multi_items()) == query
    assert body_of(req) == body if not isinstance(body, str) else req.content.decode() == body


__all__ = ["APP", "PID", "Case", "nothing_uses_it", "prefix", "run_case"]
