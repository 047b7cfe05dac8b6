"""The parts of a plan (a field change, a create, a delete) and the fresh read every plan starts from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from mpnb._gc import paused_gc
from mpnb._records import id_chunks
from mpnb.frames._specs import FamilySpec, Raw

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["FRESH_BY_ID_SHARE", "FRESH_ID_REQUESTS_MAX", "Change", "Create", "Delete", "by_id", "fresh_read"]

# A fresh read asks for the rows by id (ids are cut to fit a URL, the requests run side by side) when that takes
# at most this many requests, or when the rows are at most this share of the family as last read; otherwise one
# list of the whole family costs less. (20,000 edits of 200,000 reports: 24 requests by id, 1.4 s and ~100 MB
# of answers, against 14 s and 1 GB listing all.)
FRESH_ID_REQUESTS_MAX = 4
FRESH_BY_ID_SHARE = 0.25


@dataclass
class Change:
    id: Any
    field: str
    before: Any
    after: Any
    server: Any = None  # the fresh value, on conflicts


@dataclass
class Create:
    row: Any  # position of the row in the frame
    fields: dict[str, Any]
    natural_key: tuple[Any, ...]


@dataclass
class Delete:
    id: Any
    record: Raw
    action: Literal["delete", "archive"] = "delete"


def fresh_read(ws: Workspace, spec: FamilySpec, ids: list[Any]) -> tuple[dict[Any, Raw], int]:
    """The records of ``ids`` as the server has them now, by id, and the requests it took: by id in a few
    requests, or one list of the whole family (when it cannot filter by id, or when that is cheaper)."""
    if not ids:
        return {}, 0
    seam = ws.records(spec.name)
    with paused_gc():  # 20,000 fresh records: kept by the plan, so collections during the parse only cost time
        if by_id(ws, spec, ids):
            records, requests = seam.read_ids(ids, spec.list_query({}))
        else:
            records, requests = spec.list_raw(ws, dict(spec.fresh_filters)), 1
        key = spec.id_key
        return {r.get(key): r for r in records}, requests


def by_id(ws: Workspace, spec: FamilySpec, ids: list[Any]) -> bool:
    """Does a fresh read of ``ids`` ask for them by id (else: list the whole family)?"""
    if not spec.ids_filter:
        return False
    if len(id_chunks(ids)) <= FRESH_ID_REQUESTS_MAX:
        return True
    from mpnb.frames._state import state_of

    return len(ids) <= FRESH_BY_ID_SHARE * len(state_of(ws, spec.name).raw)
