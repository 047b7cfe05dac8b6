"""Lookups the SQLite store answers in SQL, parsing no record: which rows hold a value at a path, or a given
item in a nested list (the reports a board's layout shows).

Without them a route that asks "which boards show report 7" parses every board and every report: about 3
seconds a call at 20,000 reports, and a board delete's plan asks it once per report. Rows this request has
loaded are answered from its cache instead (they may hold changes the database does not have yet).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, Protocol

from mpnb.sandbox.store import Nested, at_path, holds

if TYPE_CHECKING:
    import sqlite3

__all__ = ["SqlLookups", "identifier", "quoted", "sql_path"]

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_CHUNK = 500  # values a statement (SQLite's limit on variables was 999 before 3.32)


def identifier(name: str) -> str:
    """A record key read in SQL (``$.<name>``): an identifier, never a piece of SQL."""
    if not _KEY.match(name):
        raise ValueError(f"sandbox record keys read in SQL are identifiers, got {name!r}")
    return name


def sql_path(path: str) -> str:
    """A JSON path read in SQL: ``$.a.b`` of identifiers only."""
    if not all(_KEY.match(part) for part in path.removeprefix("$.").split(".")) or not path.startswith("$."):
        raise ValueError(f"sandbox JSON paths read in SQL are $.a.b, got {path!r}")
    return path


def quoted(name: str) -> str:
    """A table name in SQL."""
    if not _NAME.match(name):
        raise ValueError(f"sandbox table names are lower-case identifiers, got {name!r}")
    return f'"{name}"'


def _storable(values: Collection[str | int]) -> list[str | int]:
    """The values SQLite can hold (no integer beyond 64 bits: no stored row holds one)."""
    return [v for v in values if not isinstance(v, int) or -(2**63) <= v < 2**63]


class _Database(Protocol):
    """What the lookups need of ``SqlState``: its connection, and whether a table exists yet."""

    conn: sqlite3.Connection

    def has_table(self, name: str) -> bool: ...


class SqlLookups:
    """What ``SqlMap`` answers in SQL; its rows' cache, deletions and state are the map's own."""

    _state: _Database
    _name: str
    _project: int
    _cache: dict[str, Any]
    _deleted: set[str]
    _complete: bool

    if TYPE_CHECKING:

        def _reading_json(self) -> contextlib.AbstractContextManager[None]: ...  # the map's own

    def _stored(self, sql: str, params: tuple[Any, ...]) -> set[str]:
        """Ids a query finds among the rows this request has not loaded (none once the table is complete)."""
        if self._complete or not self._state.has_table(self._name):
            return set()
        with self._reading_json():
            rows = self._state.conn.execute(sql, params).fetchall()
        return {k for (k,) in rows if k not in self._cache and k not in self._deleted}

    def keys_where(self, path: str, value: str | int) -> set[str]:
        """Keys whose record has ``value`` at ``path``."""
        return self.keys_where_in(path, (value,))

    def keys_where_in(self, path: str, values: Collection[str | int]) -> set[str]:
        """Keys whose record has one of ``values`` at ``path``."""
        wanted = set(values)
        found = {k for k, r in self._cache.items() if _hashable(at_path(r, path)) in wanted}
        stored = _storable(wanted)
        for n in range(0, len(stored), _CHUNK):
            part = stored[n : n + _CHUNK]
            sql = (
                f"SELECT id FROM {quoted(self._name)} WHERE project = ? "
                f"AND json_extract(body, ?) IN ({','.join('?' * len(part))})"
            )
            found |= self._stored(sql, (self._project, sql_path(path), *part))
        return found

    def keys_holding(self, where: Nested, values: Collection[str | int]) -> set[str]:
        """Keys whose record holds, in ``record[outer][*][inner][*]``, an item of the given kind whose field
        is one of ``values`` (see :class:`mpnb.sandbox.store.Nested`)."""
        wanted = set(values)
        found = {k for k, r in self._cache.items() if holds(r, where, wanted)}
        stored = _storable(wanted)
        kind_key, kind = where.kind
        for n in range(0, len(stored), _CHUNK):
            part = stored[n : n + _CHUNK]
            sql = (
                f"SELECT DISTINCT t.id FROM {quoted(self._name)} t, json_each(t.body, ?) o, json_each(o.value, ?) i "
                f"WHERE t.project = ? AND json_extract(i.value, ?) = ? "
                f"AND json_extract(i.value, ?) IN ({','.join('?' * len(part))})"
            )
            params = (
                f"$.{identifier(where.outer)}",
                f"$.{identifier(where.inner)}",
                self._project,
                f"$.{identifier(kind_key)}",
                kind,
                f"$.{identifier(where.field)}",
                *part,
            )
            found |= self._stored(sql, params)
        return found


def _hashable(value: Any) -> Any:
    """A value a set can be asked about (a nested object never equals a looked-up id or key)."""
    return value if isinstance(value, (str, int, float, bool)) or value is None else object()
