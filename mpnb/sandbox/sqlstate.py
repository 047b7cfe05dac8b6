"""Sandbox state in SQLite: one row per record in a table per family, JSON bodies, WAL mode.

Each request runs in one transaction (``BEGIN IMMEDIATE`` for writes, so two processes never interleave a
read-modify-write), and touches only the rows it reads or writes: a ``SqlMap`` loads a row when a handler
asks for it (or the whole table when a handler iterates it) and, on commit, writes back only the rows whose
JSON changed. A killed process leaves SQLite's own journal, which the next open rolls back or forward:
no temporary files, no lock files.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

from mpnb.sandbox.damage import SandboxStateError, is_damage
from mpnb.sandbox.sqllookups import SqlLookups, identifier, quoted, sql_path
from mpnb.sandbox.store import Nested, Store

__all__ = ["SqlMap", "SqlState", "SqlStore"]

SCHEMA_VERSION = 1
META, COUNTERS = "_meta", "_counters"


_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode  # json.dumps, minus a new encoder a call
WRITE_CHUNK = 5_000  # rows between two progress reports of a bulk write


class SqlMap(SqlLookups, MutableMapping[str, Any]):
    """One family's rows for one project, loaded on demand and written back on ``flush``."""

    _state: SqlState

    def __init__(self, state: SqlState, name: str, project: int) -> None:
        self._state, self._name, self._project = state, name, project
        self._cache: dict[str, Any] = {}
        self._orig: dict[str, str] = {}
        self._deleted: set[str] = set()
        self._complete = False

    def _parse(self, key: str, text: str) -> Any:
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            raise self._state.damaged_row(self._name, key) from None

    @contextlib.contextmanager
    def _reading_json(self) -> Iterator[None]:
        """SQLite's JSON functions meeting a row that is not JSON: the error names that row."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "malformed JSON" not in str(exc):
                raise
            raise self._state.damaged_row(self._name, self._state.bad_row(self._name, self._project)) from None

    def _load_one(self, key: str) -> bool:
        if key in self._cache:
            return True
        if key in self._deleted or self._complete or not self._state.has_table(self._name):
            return False
        row = self._state.conn.execute(
            f"SELECT body FROM {quoted(self._name)} WHERE project = ? AND id = ?", (self._project, key)
        ).fetchone()
        if row is None:
            return False
        if self._state.writing:
            self._orig[key] = row[0]
        self._cache[key] = self._parse(key, row[0])
        return True

    def _load_all(self) -> None:
        if self._complete:
            return
        merged: dict[str, Any] = {}
        keep = self._state.writing
        if self._state.has_table(self._name):
            rows = self._state.conn.execute(
                f"SELECT id, body FROM {quoted(self._name)} WHERE project = ? ORDER BY rowid", (self._project,)
            )
            for key, body in rows:
                if key in self._deleted:
                    continue
                if key in self._cache:
                    merged[key] = self._cache[key]
                else:
                    if keep:  # the text to compare with on commit; a read keeps no second copy
                        self._orig[key] = body
                    merged[key] = self._parse(key, body)
        for key, value in self._cache.items():
            merged.setdefault(key, value)
        self._cache = merged
        self._complete = True

    def __getitem__(self, key: str) -> Any:
        key = str(key)
        if not self._load_one(key):
            raise KeyError(key)
        return self._cache[key]

    def __setitem__(self, key: str, value: Any) -> None:
        key = str(key)
        self._deleted.discard(key)
        self._cache[key] = value

    def __delitem__(self, key: str) -> None:
        key = str(key)
        if not self._load_one(key):
            raise KeyError(key)
        del self._cache[key]
        self._deleted.add(key)

    def __contains__(self, key: object) -> bool:
        return self._load_one(str(key))

    def __iter__(self) -> Iterator[str]:
        self._load_all()
        return iter(list(self._cache))

    def __len__(self) -> int:
        self._load_all()
        return len(self._cache)

    def some(self, keys: set[str]) -> list[Any]:
        """The rows of ``keys`` that exist, in table order, reading only those rows."""
        if self._complete:
            return [v for k, v in self._cache.items() if k in keys]
        found: list[tuple[int, str]] = []
        wanted = [k for k in keys if k not in self._deleted]
        if self._state.has_table(self._name):
            for rowid, key, body in self._rows_of("rowid, id, body", wanted):
                if key not in self._cache:
                    if self._state.writing:
                        self._orig[key] = body
                    self._cache[key] = self._parse(key, body)
                found.append((rowid, key))
        seen = {key for _, key in found}
        order = [key for _, key in sorted(found)] + [k for k in self._cache if k in keys and k not in seen]
        return [self._cache[k] for k in order if k in self._cache]

    def texts(
        self, keys: set[str] | None, strip: tuple[str, ...] = (), extract: tuple[str, ...] = ()
    ) -> list[tuple[Any, ...]] | None:
        """(stored JSON, *values at ``extract`` paths) of every row (of ``keys``) in table order, with the
        top-level keys ``strip`` removed by SQLite; None once this request touched the table (its cache
        may hold changes the database does not have yet)."""
        if self._cache or self._deleted or self._complete:
            return None
        if not self._state.has_table(self._name):
            return []
        body = "body"
        if strip:
            body = f"json_remove(body, {', '.join(repr(f'$.{identifier(k)}') for k in strip)})"
        cols = ", ".join([body, *(f"json_extract(body, {sql_path(p)!r})" for p in extract)])
        with self._reading_json():
            if keys is None:
                sql = f"SELECT {cols} FROM {quoted(self._name)} WHERE project = ? ORDER BY rowid"
                found = list(self._state.conn.execute(sql, (self._project,)))
            else:
                found = [row[1:] for row in sorted(self._rows_of(f"rowid, {cols}", list(keys)))]
        # sent as stored, unparsed: a row that is plainly not a JSON object (cut short, overwritten) is
        # caught here for next to nothing; damage inside the braces reaches the client as a broken answer
        if any(row[0][:1] != "{" or row[0][-1:] != "}" for row in found):
            raise self._state.damaged_row(self._name, self._state.bad_row(self._name, self._project))
        return found

    def existing(self, keys: set[str]) -> set[str]:
        """Which of ``keys`` exist, reading ids only (no JSON body is loaded or parsed)."""
        if self._complete:
            return {k for k in keys if k in self._cache}
        found = {k for k in keys if k in self._cache}
        wanted = [k for k in keys if k not in found and k not in self._deleted]
        if wanted and self._state.has_table(self._name):
            found.update(key for (key,) in self._rows_of("id", wanted))
        return found

    def _rows_of(self, columns: str, keys: list[str]) -> Iterator[tuple[Any, ...]]:
        """``SELECT columns`` of this project's rows of ``keys``, 500 ids a statement (SQLite's limit on
        variables was 999 before 3.32)."""
        for n in range(0, len(keys), 500):
            part = keys[n : n + 500]
            marks = ",".join("?" * len(part))
            sql = f"SELECT {columns} FROM {quoted(self._name)} WHERE project = ? AND id IN ({marks})"
            yield from self._state.conn.execute(sql, (self._project, *part))

    def flush(self) -> None:
        """Write the rows that changed, delete the rows that went; untouched rows cost nothing."""
        changed = []
        for key, value in self._cache.items():
            text = _dumps(value)
            if self._orig.get(key) != text:
                changed.append((self._project, key, text))
        gone = [(self._project, k) for k in self._deleted if k in self._orig]
        if not changed and not gone:
            return
        table = self._state.ensure_table(self._name)
        if gone:
            self._state.conn.executemany(f"DELETE FROM {table} WHERE project = ? AND id = ?", gone)
        if changed:
            self._state.conn.executemany(
                f"INSERT INTO {table} (project, id, body) VALUES (?, ?, ?) "
                "ON CONFLICT (project, id) DO UPDATE SET body = excluded.body",
                changed,
            )


class SqlStore(Store):
    """The ``Store`` interface over one SQLite transaction, for one project."""

    def __init__(self, state: SqlState, project: int) -> None:
        super().__init__()
        self._state, self._project = state, project
        self.counters = SqlMap(state, COUNTERS, project)
        self.meta = SqlMap(state, META, project)

    def _new_table(self, name: str) -> MutableMapping[str, dict[str, Any]]:
        return SqlMap(self._state, name, self._project)

    def rows(self, name: str, keys: set[str]) -> list[dict[str, Any]]:
        table = self.table(name)
        assert isinstance(table, SqlMap)
        return table.some(keys)

    def stored_texts(
        self, name: str, keys: set[str] | None = None, strip: tuple[str, ...] = (), extract: tuple[str, ...] = ()
    ) -> list[tuple[Any, ...]] | None:
        table = self.table(name)
        assert isinstance(table, SqlMap)
        return table.texts(keys, strip, extract)

    def keys_where_in(self, name: str, path: str, values: Collection[str | int]) -> set[str]:
        table = self.table(name)
        assert isinstance(table, SqlMap)
        return table.keys_where_in(path, values)

    def keys_holding(self, name: str, where: Nested, values: Collection[str | int]) -> set[str]:
        table = self.table(name)
        assert isinstance(table, SqlMap)
        return table.keys_holding(where, values)

    def existing(self, name: str, keys: set[str]) -> set[str]:
        table = self.table(name)
        assert isinstance(table, SqlMap)
        return table.existing(keys)

    def flush(self) -> None:
        for m in [*self.tables.values(), self.counters, self.meta]:
            assert isinstance(m, SqlMap)
            m.flush()

    def to_json(self) -> dict[str, Any]:
        for name in self._state.family_tables():
            self.table(name)
        return super().to_json()


class SqlState:
    """One SQLite database file holding every project of a sandbox."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.path, timeout=60.0, isolation_level=None, check_same_thread=False)
        try:
            self.conn.execute("PRAGMA busy_timeout = 60000")
            self.conn.execute("PRAGMA journal_mode = WAL")  # reads the header: a damaged file fails here
            self.conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if is_damage(exc):
                raise SandboxStateError(self.path, str(exc)) from None
            raise
        self._tables: set[str] = set()
        self.writing = False

    def damaged_row(self, table: str, key: str | None) -> SandboxStateError:
        """The error for a record of ``table`` that is not JSON."""
        return SandboxStateError(self.path, "a record is not valid JSON", table=table, row=key)

    def bad_row(self, table: str, project: int) -> str | None:
        """The id of a row of ``table`` whose body is not JSON (for the error message; a full scan)."""
        found = self.conn.execute(
            f"SELECT id FROM {quoted(table)} WHERE project = ? AND NOT json_valid(body) LIMIT 1", (project,)
        ).fetchone()
        return None if found is None else str(found[0])

    def close(self) -> None:
        self.conn.close()

    # -- schema ------------------------------------------------------------------------------------
    def has_table(self, name: str) -> bool:
        if name in self._tables:
            return True
        row = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
        if row is not None:
            self._tables.add(name)
        return row is not None

    def ensure_table(self, name: str) -> str:
        table_sql = quoted(name)
        if name not in self._tables:
            self.conn.execute(
                f"CREATE TABLE IF NOT EXISTS {table_sql} "
                "(project INTEGER NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (project, id))"
            )
            self._tables.add(name)
        return table_sql

    def family_tables(self) -> list[str]:
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
        return [r[0] for r in rows if not r[0].startswith(("_", "sqlite_"))]

    # -- transactions ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self, *, write: bool) -> Iterator[None]:
        """A read snapshot, or a write that holds SQLite's write lock from its first statement."""
        self.conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        self.writing = write
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        finally:
            self.writing = False
        self.conn.execute("COMMIT")

    # -- whole-state operations (call inside a write transaction) ----------------------------------
    def info(self) -> dict[str, Any] | None:
        if not self.has_table("_info"):
            return None
        row = self.conn.execute("SELECT body FROM _info WHERE id = 'sandbox'").fetchone()
        try:
            return json.loads(row[0]) if row else None
        except ValueError:
            raise self.damaged_row("_info", "sandbox") from None

    def set_info(self, info: dict[str, Any]) -> None:
        self.conn.execute("CREATE TABLE IF NOT EXISTS _info (id TEXT PRIMARY KEY, body TEXT NOT NULL)")
        self._tables.add("_info")
        self.conn.execute(
            "INSERT INTO _info (id, body) VALUES ('sandbox', ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
            (_dumps(dict(info, schema=SCHEMA_VERSION)),),
        )

    def clear(self) -> None:
        for name in [*self.family_tables(), META, COUNTERS]:
            if self.has_table(name):
                self.conn.execute(f"DELETE FROM {quoted(name)}")

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """Around a transaction that may write a whole seed: no fsync of its tens of megabytes.

        Without fsync a power cut right after the seed could lose it; a killed process cannot (the OS has
        the pages), and WAL still keeps every transaction whole. The usual setting comes back afterwards.
        (A larger page cache for the load was tried: no faster, measured, and 24 MiB more at 20,000.)
        """
        self.conn.execute("PRAGMA synchronous = OFF")
        try:
            yield
        finally:
            self.conn.execute("PRAGMA synchronous = NORMAL")

    def write_stores(self, stores: dict[int, Store], tell: Callable[[float, str], None] | None = None) -> None:
        """Bulk-insert in-memory stores (a fresh seed, a converted JSON state) by project, in the open
        transaction: one statement a table, each row's JSON made once; ``tell(fraction, what)`` hears how
        far it got. The stores' tables are emptied as they are written."""
        total = sum(len(rows) for store in stores.values() for rows in store.tables.values()) or 1
        done = 0

        def rows_of(project: int, rows: Iterable[tuple[Any, Any]]) -> Iterator[tuple[int, str, str]]:
            nonlocal done
            for key, value in rows:
                done += 1
                if tell is not None and done % WRITE_CHUNK == 0:
                    tell(done / total, f"writing {total:,} records")
                yield project, str(key), _dumps(value)

        for project, store in stores.items():
            for name in list(store.tables):
                rows = store.tables.pop(name)  # let go once written: its records and SQLite's cache never add up
                table = self.ensure_table(name)
                sql = f"INSERT INTO {table} (project, id, body) VALUES (?, ?, ?)"
                self.conn.executemany(sql, rows_of(project, rows.items()))
                del rows
            for name, values in ((META, store.meta), (COUNTERS, store.counters)):
                table = self.ensure_table(name)
                self.conn.executemany(
                    f"INSERT INTO {table} (project, id, body) VALUES (?, ?, ?)",
                    ((project, str(k), _dumps(v)) for k, v in values.items()),
                )
