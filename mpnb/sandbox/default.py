"""The one default sandbox: ``$MPNB_HOME/sandbox.sqlite3``, shared by Python, the CLI and ``sandbox serve``.

``mp.Workspace()`` with no target, every CLI command with no target and ``mpnb sandbox serve`` without
``--state`` open this file, so a change made in a notebook is seen by the shell and the other way round.
``mp.Workspace.sandbox(...)`` stays isolated (in memory, or at a path the caller names).
"""

from __future__ import annotations

import threading
import warnings
from pathlib import Path

from mpnb._backup import mpnb_home
from mpnb.sandbox.config import DEFAULT_SIZE
from mpnb.sandbox.damage import DEFAULT_FILE
from mpnb.sandbox.engine import Sandbox

__all__ = ["DEFAULT_FILE", "LEGACY_FILE", "default_sandbox", "default_sandbox_path", "sandbox_reset"]

LEGACY_FILE = "sandbox-state.json"  # the CLI's state before SQLite; converted on first open
REQUEST_LOG_LIMIT = 10_000
KEEP_OPEN = 8  # default sandboxes of different MPNB_HOMEs kept open in one process

_lock = threading.Lock()
_open: dict[Path, Sandbox] = {}


def default_sandbox_path() -> Path:
    """``$MPNB_HOME/sandbox.sqlite3`` (``~/.mpnb/sandbox.sqlite3`` when MPNB_HOME is not set)."""
    return mpnb_home() / DEFAULT_FILE


def default_sandbox() -> Sandbox:
    """The default sandbox of this ``MPNB_HOME``, opened once per process (seeded on first use)."""
    path = default_sandbox_path()
    with _lock:
        found = _open.get(path)
        if found is None or not path.exists():  # first use, or the file was deleted: seed a new one
            legacy = path.parent / LEGACY_FILE
            old = legacy if legacy.is_file() and not path.exists() else None
            try:
                found = Sandbox(state=path, import_json=old, request_log_limit=REQUEST_LOG_LIMIT)
            except ValueError as exc:  # an unreadable old state must not lock a newcomer out: start fresh
                if old is None:  # the database itself is damaged: say so (``mpnb sandbox reset`` replaces it)
                    raise
                warnings.warn(f"{exc}; the default sandbox starts from fresh demo data instead", stacklevel=2)
                found = Sandbox(state=path, request_log_limit=REQUEST_LOG_LIMIT)
            _open.pop(path, None)
            _open[path] = found
            while len(_open) > KEEP_OPEN:  # MPNB_HOME changed (tests do): close the oldest files' connections
                _open.pop(next(iter(_open))).close()
        return found


def sandbox_reset(*, seed: int = 0, size: int = DEFAULT_SIZE) -> Path:
    """Reseed the default sandbox with fresh demo data (``size`` demo reports); returns its file."""
    sandbox = default_sandbox()
    sandbox.reset(seed=seed, size=size)
    assert sandbox.state_path is not None
    return sandbox.state_path
