"""Frames tests run on isolated sandboxes with backups in a temporary folder and no sleeping."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import mpnb as mp


def make_ws(tmp_path: Path, **kw: object) -> mp.Workspace:
    kw.setdefault("sleep", lambda seconds: None)
    return mp.Workspace.sandbox(backup_dir=tmp_path / "backups", **kw)  # type: ignore[arg-type]


@pytest.fixture
def fws(tmp_path: Path) -> Iterator[mp.Workspace]:
    """A seeded sandbox Workspace whose backups go to tmp_path/backups."""
    w = make_ws(tmp_path, seed=1)
    yield w
    w.close()
