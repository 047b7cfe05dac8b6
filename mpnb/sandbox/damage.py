"""A sandbox state file that cannot be used: one error that names the file, what is wrong and the fix.

A file that is not a database, a truncated one, a damaged page or a record that is not JSON any more all
become ``SandboxStateError``. The in-process sandbox raises it (the CLI prints it as one line and exits 3,
as for any configuration problem); the served sandbox answers 500 in Mixpanel's error shape and logs one
line. Nobody sees ``sqlite3.DatabaseError`` or a traceback.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from mpnb._backup import mpnb_home
from mpnb.errors import ConfigError

__all__ = ["SQLITE_HEADER", "SandboxStateError", "database_for", "is_damage"]

SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_FILE = "sandbox.sqlite3"  # the default sandbox's file name in MPNB_HOME (see mpnb.sandbox.default)


class SandboxStateError(ConfigError):
    """The sandbox's state file is damaged: ``path`` (and ``table``/``row`` when one record is to blame)."""

    def __init__(self, path: str | os.PathLike[str], why: str, *, table: str | None = None, row: str | None = None):
        self.path, self.table, self.row = Path(path), table, row
        where = f"{self.path}" + (f" (table {table}" + (f", row {row})" if row is not None else ")") if table else "")
        super().__init__(f"the sandbox state {where} is damaged: {why}; {_fix(self.path)}")


def _fix(path: Path) -> str:
    if path.expanduser().resolve() == (mpnb_home() / DEFAULT_FILE).expanduser().resolve():
        return f"run `mpnb sandbox reset` to replace it with fresh demo data, or delete it (rm {path})"
    return f"delete it (rm {path}) to start a fresh sandbox there, or pass another path"


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """SQLite found the file damaged (not a database, a malformed page), as opposed to busy or full."""
    return not isinstance(exc, sqlite3.OperationalError) or "malformed" in str(exc)


def database_for(state: str | os.PathLike[str]) -> tuple[Path, Path | None]:
    """Where the SQLite state lives, and the legacy JSON state file to convert into it (if any)."""
    path = Path(state).expanduser()
    if path.suffix == ".json":
        return path.with_suffix(".sqlite3"), path
    if path.is_file() and path.stat().st_size > 0:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
        if head != SQLITE_HEADER:
            if head.lstrip()[:1] == b"{":
                return path.with_name(path.name + ".sqlite3"), path
            raise SandboxStateError(path, "it is neither a sandbox database nor a JSON sandbox state")
    return path, None
