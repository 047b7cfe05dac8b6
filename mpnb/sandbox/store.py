"""The sandbox's records: named tables of JSON objects keyed by id, plus id counters.

Families store records in the shape Mixpanel returns; keys starting with ``_`` are the sandbox's own
bookkeeping and are stripped before a record leaves (see ``public``).
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["Store", "public", "public_view"]


class Store:
    """Plain, JSON-serialisable state of one sandbox project."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, dict[str, Any]]] = {}
        self.counters: dict[str, int] = {}
        self.meta: dict[str, Any] = {}

    def table(self, name: str) -> dict[str, dict[str, Any]]:
        return self.tables.setdefault(name, {})

    def next_id(self, name: str, start: int = 1) -> int:
        value = self.counters.get(name, start - 1) + 1
        self.counters[name] = value
        return value

    def get(self, name: str, key: object) -> dict[str, Any] | None:
        return self.table(name).get(str(key))

    def put(self, name: str, key: object, record: dict[str, Any]) -> dict[str, Any]:
        self.table(name)[str(key)] = record
        return record

    def pop(self, name: str, key: object) -> dict[str, Any] | None:
        return self.table(name).pop(str(key), None)

    def to_json(self) -> dict[str, Any]:
        return {"tables": self.tables, "counters": self.counters, "meta": self.meta}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Store:
        store = cls()
        store.tables = data.get("tables", {})
        store.counters = data.get("counters", {})
        store.meta = data.get("meta", {})
        return store


def public(record: dict[str, Any]) -> dict[str, Any]:
    """A deep copy without the sandbox's private ``_`` keys."""
    return {k: copy.deepcopy(v) for k, v in record.items() if not k.startswith("_")}


def public_view(record: dict[str, Any]) -> dict[str, Any]:
    """A shallow copy without the private ``_`` keys: nested values are the stored objects themselves.

    Only for answers the engine serialises at once, under its lock (a list route's records): deep-copying
    20,000 reports there only to encode them was most of the sandbox's time on a list call.
    """
    return {k: v for k, v in record.items() if not k.startswith("_")}
