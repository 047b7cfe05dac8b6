"""What a copy did: one row per entity (``ok``, ``skipped``, ``conflict``, ``left out``, ``error``, ``unknown``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CopyResult"]


@dataclass
class CopyResult:
    """Per-entity outcomes: ``ok``, ``skipped``, ``conflict``, ``left out``, ``error`` or ``unknown``."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    backup: str | None = None

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        cols = ["family", "source_id", "name", "action", "status", "target_id", "error"]
        frame: pd.DataFrame = pd.DataFrame(self.rows, columns=cols)
        return frame

    @property
    def id_map(self) -> dict[str, dict[Any, Any]]:
        """Source id -> target id for every entity the target now holds."""
        out: dict[str, dict[Any, Any]] = {}
        for r in self.rows:
            if r["target_id"] is not None and r["status"] in ("ok", "skipped"):
                out.setdefault(r["family"], {})[r["source_id"]] = r["target_id"]
        return out

    def __repr__(self) -> str:
        counts: dict[str, int] = {}
        for r in self.rows:
            counts[r["status"]] = counts.get(r["status"], 0) + 1
        text = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "nothing to do"
        tail = f"; target records backed up to {self.backup}" if self.backup else ""
        return f"CopyResult({text}{tail}; .to_frame() for every row)"
