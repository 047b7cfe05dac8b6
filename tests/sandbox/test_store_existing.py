"""``Store.existing``: which ids a table holds, the same in memory and in SQLite (where no body is read)."""

from __future__ import annotations

from pathlib import Path

from mpnb.sandbox.sqlstate import SqlState, SqlStore
from mpnb.sandbox.store import Store


def _fill(store: Store) -> None:
    for i in (1, 2, 3):
        store.put("things", i, {"id": i})


def _check(store: Store) -> None:
    assert store.existing("things", {"1", "3", "9"}) == {"1", "3"}
    store.pop("things", 3)
    store.put("things", 7, {"id": 7})
    assert store.existing("things", {"1", "3", "7", "9"}) == {"1", "7"}
    assert store.existing("nothing", {"1"}) == set()


def test_existing_in_memory() -> None:
    store = Store()
    _fill(store)
    _check(store)


def test_existing_in_sqlite_sees_committed_rows_and_this_transaction(tmp_path: Path) -> None:
    state = SqlState(tmp_path / "s.sqlite3")
    with state.transaction(write=True):
        first = SqlStore(state, 1000)
        _fill(first)
        first.flush()
    with state.transaction(write=True):
        _check(SqlStore(state, 1000))
    with state.transaction(write=False):
        assert SqlStore(state, 1001).existing("things", {"1"}) == set()  # another project's rows are not its
