"""The sandbox's records: named tables of JSON objects keyed by id, plus id counters and metadata.

Families store records in the shape Mixpanel returns; keys starting with ``_`` are the sandbox's own
bookkeeping and are stripped before a record leaves (see ``public``). ``Store`` keeps them in memory;
``mpnb.sandbox.sqlstate.SqlStore`` offers the same interface over one SQLite transaction.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Collection, MutableMapping
from typing import Any, NamedTuple

__all__ = ["Nested", "Store", "StoredJson", "at_path", "holds", "public", "public_texts", "public_view"]


class StoredJson(list[str]):
    """A list answer made of records' stored JSON texts, none holding a private key: the engine joins
    them into the answer without parsing or encoding them (most of a 20,000-report list's time)."""


class Nested(NamedTuple):
    """Where a record lists items of several kinds: ``record[outer][*][inner][*]``, the items whose ``kind``
    key has that value, and the ``field`` looked up (a board's layout: ``_rows``, ``cells``, report cards,
    ``content_id``)."""

    outer: str
    inner: str
    kind: tuple[str, Any]
    field: str


def holds(record: dict[str, Any], where: Nested, values: Collection[Any]) -> bool:
    """Whether ``record`` lists an item of ``where``'s kind whose field is one of ``values``."""
    kind_key, kind = where.kind
    for group in record.get(where.outer) or ():
        for item in (group.get(where.inner) or ()) if isinstance(group, dict) else ():
            if isinstance(item, dict) and item.get(kind_key) == kind and item.get(where.field) in values:
                return True
    return False


class Store:
    """Plain, JSON-serialisable state of one sandbox project, in memory."""

    def __init__(self) -> None:
        self.tables: dict[str, MutableMapping[str, dict[str, Any]]] = {}
        self.counters: MutableMapping[str, int] = {}
        self.meta: MutableMapping[str, Any] = {}

    def table(self, name: str) -> MutableMapping[str, dict[str, Any]]:
        found = self.tables.get(name)
        if found is None:
            found = self.tables[name] = self._new_table(name)
        return found

    def _new_table(self, name: str) -> MutableMapping[str, dict[str, Any]]:
        return {}

    def next_id(self, name: str, start: int = 1) -> int:
        value = int(self.counters.get(name, start - 1)) + 1
        self.counters[name] = value
        return value

    def get(self, name: str, key: object) -> dict[str, Any] | None:
        return self.table(name).get(str(key))

    def put(self, name: str, key: object, record: dict[str, Any]) -> dict[str, Any]:
        self.table(name)[str(key)] = record
        return record

    def pop(self, name: str, key: object) -> dict[str, Any] | None:
        return self.table(name).pop(str(key), None)

    def rows(self, name: str, keys: set[str]) -> list[dict[str, Any]]:
        """The records of ``keys`` that exist, in table order (a SQLite store reads only those rows)."""
        return [record for key, record in self.table(name).items() if key in keys]

    def stored_texts(
        self, name: str, keys: set[str] | None = None, strip: tuple[str, ...] = (), extract: tuple[str, ...] = ()
    ) -> list[tuple[Any, ...]] | None:
        """``(JSON text without the keys in strip, *values at the extract paths such as "$.bookmark.id")``
        of each record (of ``keys``) in table order, when the store keeps records as text and this request
        touched none of the table; None otherwise (use the records)."""
        return None

    def keys_where(self, name: str, path: str, value: str | int) -> set[str]:
        """Keys of the records whose value at ``path`` (``"$.key"``, ``"$.bookmark.id"``) is ``value``
        (a SQLite store asks SQLite, parsing no record)."""
        return self.keys_where_in(name, path, (value,))

    def keys_where_in(self, name: str, path: str, values: Collection[str | int]) -> set[str]:
        """Keys of the records whose value at ``path`` is one of ``values``."""
        return {k for k, r in self.table(name).items() if _in(at_path(r, path), values)}

    def keys_holding(self, name: str, where: Nested, values: Collection[str | int]) -> set[str]:
        """Keys of the records listing an item of ``where``'s kind whose field is one of ``values``."""
        return {k for k, r in self.table(name).items() if holds(r, where, values)}

    def existing(self, name: str, keys: set[str]) -> set[str]:
        """Which of ``keys`` are in the table (a SQLite store reads the ids only, not the records)."""
        return keys & set(self.table(name))

    def to_json(self) -> dict[str, Any]:
        return {
            "tables": {k: dict(v) for k, v in self.tables.items()},
            "counters": dict(self.counters),
            "meta": dict(self.meta),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Store:
        store = cls()
        store.tables = dict(data.get("tables", {}))
        store.counters = dict(data.get("counters", {}))
        store.meta = dict(data.get("meta", {}))
        return store


def at_path(record: Any, path: str) -> Any:
    """The value at a ``$.a.b`` path of a record, or None."""
    for part in path.removeprefix("$.").split("."):
        record = record.get(part) if isinstance(record, dict) else None
    return record


def public(record: dict[str, Any]) -> dict[str, Any]:
    """A deep copy without the sandbox's private ``_`` keys."""
    return {k: copy.deepcopy(v) for k, v in record.items() if not k.startswith("_")}


def public_view(record: dict[str, Any]) -> dict[str, Any]:
    """A shallow copy without the private ``_`` keys: nested values are the stored objects themselves.

    Only for answers the engine serialises at once, under its lock (a list route's records): deep-copying
    20,000 reports there only to encode them was most of the sandbox's time on a list call.
    """
    return {k: v for k, v in record.items() if not k.startswith("_")}


def public_texts(texts: list[str]) -> StoredJson:
    """Stored JSON texts as a list answer; a text that may hold a private key is parsed and stripped."""
    return StoredJson(
        text
        if '"_' not in text
        else json.dumps(public_view(json.loads(text)), separators=(",", ":"), ensure_ascii=False)
        for text in texts
    )


def _in(value: Any, values: Collection[Any]) -> bool:
    """``value in values`` for any JSON value (a nested object or list is never a looked-up key)."""
    return not isinstance(value, (dict, list)) and value in values
