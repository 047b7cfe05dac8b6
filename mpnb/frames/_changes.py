"""The parts of a plan (a field change, a create, a delete) and the fresh read every plan starts from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from mpnb.frames._specs import FamilySpec, Raw

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["FRESH_IDS_MAX_CHARS", "Change", "Create", "Delete", "fresh_read"]

# Above this many characters of ids the fresh read lists the whole family instead (URL length).
FRESH_IDS_MAX_CHARS = 16_000


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
    """One list call for ``ids`` (or the whole family when it cannot filter by id): records by id."""
    if not ids:
        return {}, 0
    use_ids = spec.ids_filter and len(",".join(map(str, ids))) <= FRESH_IDS_MAX_CHARS
    records = spec.list_raw(ws, {"ids": ids} if use_ids else dict(spec.fresh_filters))
    key = spec.id_key
    return {r.get(key): r for r in records}, 1
