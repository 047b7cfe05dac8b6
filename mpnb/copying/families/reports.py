"""Reports: name, type, description and query; a report brings the cohorts, custom events and custom properties
its query names, and (with ``include_alerts``) the alerts watching it. One copied without
its board needs a board in the target."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.copying._rules import CopyRules, Raw, dump, named_inside
from mpnb.entities.reports import CreateBookmarkParams, UpdateBookmarkParams

if TYPE_CHECKING:
    from mpnb._workspace import Workspace


def _fields(r: Raw) -> Raw:
    return {
        "name": r["name"],
        "type": r.get("type") or r.get("bookmark_type"),
        "description": r.get("description"),
        "params": r.get("params") or {},
        "dashboard_id": r.get("dashboard_id"),
    }


def _create(dst: Workspace, f: Raw) -> Raw:
    return dump(dst.create_bookmark(CreateBookmarkParams.model_validate(f)))


def _update(dst: Workspace, tid: Any, f: Raw, current: Raw) -> Raw:
    changes = {k: v for k, v in f.items() if k != "type"}
    return dump(dst.update_bookmark(tid, UpdateBookmarkParams(**changes)))


COPY = CopyRules(
    "reports",
    _fields,
    _create,
    _update,
    follow=named_inside("reports"),  # its cohorts, custom events and custom properties
    brings=("alerts",),
    why_brought={"alerts": "alert on report {id}"},
)
