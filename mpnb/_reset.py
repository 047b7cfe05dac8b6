"""``mp.sandbox_reset()``: reseed the default sandbox, without loading the sandbox on ``import mpnb``."""

from __future__ import annotations

from pathlib import Path

__all__ = ["sandbox_reset"]


def sandbox_reset(*, seed: int = 0, size: int | None = None) -> Path:
    """Reseed the default sandbox (``$MPNB_HOME/sandbox.sqlite3``) with fresh demo data; returns its file.

    ``size`` is the number of demo reports (the default demo project's when not given). Isolated sandboxes
    from ``mp.Workspace.sandbox(...)`` are not touched.
    """
    from mpnb.sandbox.default import sandbox_reset as reset

    return reset(seed=seed) if size is None else reset(seed=seed, size=size)
