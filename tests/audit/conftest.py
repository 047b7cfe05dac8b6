"""Audit tests: isolated seeded sandboxes, and helpers to craft states the public API cannot make (old dates)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import mpnb as mp
from mpnb.audit._audit import Audit


def ago(days: float, *, z: bool = False) -> str:
    """An ISO time ``days`` before now, as the sandbox stores it."""
    text = (datetime.now(timezone.utc) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S")
    return text + ("Z" if z else "")


class Craft:
    """Direct access to one isolated sandbox's records (tests only)."""

    def __init__(self, ws: mp.Workspace) -> None:
        assert ws.emulator is not None
        self.store = ws.emulator.store

    def table(self, name: str) -> dict[str, dict[str, Any]]:
        return self.store.table(name)

    def rec(self, table: str, key: Any) -> dict[str, Any]:
        record = self.store.get(table, key)
        assert record is not None, (table, key)
        return record

    def add(self, table: str, key: Any, record: dict[str, Any]) -> dict[str, Any]:
        return self.store.put(table, key, record)

    def clone(self, table: str, src: Any, new_key: Any, **changes: Any) -> dict[str, Any]:
        record = copy.deepcopy(self.rec(table, src))
        record.update(changes, id=new_key)
        return self.store.put(table, new_key, record)

    def snapshot(self) -> Any:
        return copy.deepcopy(self.store.to_json())


@pytest.fixture
def aws(tmp_path: Path) -> Iterator[mp.Workspace]:
    w = mp.Workspace.sandbox(seed=3, backup_dir=tmp_path / "backups")
    w._http._sleep = lambda seconds: None
    yield w
    w.close()


@pytest.fixture
def craft(aws: mp.Workspace) -> Craft:
    return Craft(aws)


def hits(audit: Audit, rule: str) -> dict[Any, dict[str, Any]]:
    """The rule's findings by id: {id: row}."""
    rows = audit.findings[audit.findings["rule"] == rule]
    return {r["id"]: r for r in rows.to_dict("records")}


def run(ws: mp.Workspace, rule: str, **params: Any) -> dict[Any, dict[str, Any]]:
    return hits(ws.audit(rules=[rule], params={rule: params} if params else None), rule)
