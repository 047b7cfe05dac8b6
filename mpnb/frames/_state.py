"""What the Workspace remembers of each read: the raw JSON by id and the frame as built.

``df.attrs`` do not survive merges, so the plan's baseline lives on the Workspace (``ws.frames_state``,
which the Workspace owns and only this layer uses), keyed by family.
``own_writes`` holds ids this Workspace changed since the read, whose ``modified`` moved because of us.
Nested cells (a report's ``params``) are shared between the frame and the snapshot, not copied (a copy of
20,000 reports' params cost 42 MiB): ``prints`` keeps a checksum of each writable nested cell as read, so an
in-place edit (``df.at[i, "params"]["x"] = 1``) is still seen.
"""

from __future__ import annotations

import marshal
import pickle
import threading
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from mpnb.frames._specs import Raw

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["FamilyState", "fingerprint", "state_of"]

_lock = threading.Lock()


def fingerprint(value: Any) -> int:
    """A checksum of a nested value's current content.

    marshal is the fastest full traversal of JSON values (a quarter faster than pickle); version 2 writes no
    back-references, so the bytes depend on the content only, never on reference counts. Anything marshal
    cannot write (a numpy array, a dict subclass put in a cell) goes through pickle.
    """
    try:
        return zlib.crc32(marshal.dumps(value, 2))
    except ValueError:
        return zlib.crc32(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


@dataclass
class FamilyState:
    raw: dict[Any, Raw] = field(default_factory=dict)
    base: pd.DataFrame | None = None
    own_writes: set[Any] = field(default_factory=set)
    prints: dict[str, dict[Any, int]] = field(default_factory=dict)  # field -> id -> checksum as read

    def remember(self, records: list[Raw], frame: pd.DataFrame, id_key: str = "id") -> None:
        """Add a read: later reads of the same id replace earlier ones. The baseline frame is indexed by
        the plain ids (object dtype), as plans look rows up by them."""
        ids = [r.get(id_key) for r in records]
        for rid, r in zip(ids, records):
            self.raw[rid] = r
            self.own_writes.discard(rid)
        frame = frame.set_axis(pd.Index(ids, dtype=object), axis=0)
        if self.base is None or self.base.empty:
            self.base = frame
            return
        keep = self.base.loc[~self.base.index.isin(frame.index)]
        self.base = pd.concat([keep, frame]) if len(keep) else frame

    def base_by_ids(self) -> pd.DataFrame:
        assert self.base is not None
        return self.base

    def remember_prints(self, frame: pd.DataFrame, columns: list[str]) -> None:
        for col in columns:
            prints = self.prints.setdefault(col, {})
            for rid, v in zip(frame.index, frame[col].to_numpy(dtype=object)):
                prints[rid] = fingerprint(v)

    def forget(self, ids: list[Any]) -> None:
        for i in ids:
            self.raw.pop(i, None)
        if self.base is not None:
            self.base = self.base.loc[~self.base.index.isin(ids)]


def state_of(ws: Workspace, family: str) -> FamilyState:
    with _lock:
        state: FamilyState = ws.frames_state.setdefault(family, FamilyState())
        return state
