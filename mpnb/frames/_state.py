"""What the Workspace remembers of each read: the raw JSON by id and the frame as built.

``df.attrs`` do not survive merges, so the plan's baseline lives here, on the Workspace, keyed by family.
``own_writes`` holds ids this Workspace changed since the read, whose ``modified`` moved because of us.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from mpnb.frames._specs import Raw

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["FamilyState", "state_of"]

_lock = threading.Lock()


@dataclass
class FamilyState:
    raw: dict[Any, Raw] = field(default_factory=dict)
    base: pd.DataFrame | None = None
    own_writes: set[Any] = field(default_factory=set)

    def remember(self, records: list[Raw], frame: pd.DataFrame, id_key: str = "id") -> None:
        """Add a read: later reads of the same id replace earlier ones."""
        for r in records:
            self.raw[r.get(id_key)] = r
            self.own_writes.discard(r.get(id_key))
        if self.base is None or self.base.empty:
            self.base = frame
            return
        keep = self.base.loc[~self.base.index.isin(frame.index)]
        self.base = pd.concat([keep, frame]) if len(keep) else frame

    def forget(self, ids: list[Any]) -> None:
        for i in ids:
            self.raw.pop(i, None)
        if self.base is not None:
            self.base = self.base.loc[~self.base.index.isin(ids)]


def state_of(ws: Workspace, family: str) -> FamilyState:
    with _lock:
        states: dict[str, FamilyState] = ws.__dict__.setdefault("_frames_state", {})
        return states.setdefault(family, FamilyState())
