"""The parts of a plan (a field change, a create, a delete) and the fresh read every plan starts from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from mpnb._records import id_chunks
from mpnb.frames._specs import FamilySpec, Raw

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["FRESH_ID_REQUESTS_MAX", "Change", "Create", "Delete", "fresh_read"]

# A fresh read asks for the rows by id in at most this many requests (ids are cut to fit a URL); above it,
# one list of the whole family costs less.
FRESH_ID_REQUESTS_MAX = 4


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
    if spec.ids_filter and len(id_chunks(ids)) <= FRESH_ID_REQUESTS_MAX:
        records, requests = seam.read_ids(ids, spec.list_query({}))
    else:
        records, requests = spec.list_raw(ws, dict(spec.fresh_filters)), 1
    key = spec.id_key
    return {r.get(key): r for r in records}, requests
