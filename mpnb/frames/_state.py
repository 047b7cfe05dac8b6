"""What the Workspace remembers of each read: the raw JSON by id and the frame as built.

``df.attrs`` do not survive merges, so the plan's baseline lives on the Workspace (``ws.frames_state``,
which the Workspace owns and only this layer uses), keyed by family.
``own_writes`` holds ids this Workspace changed since the read, whose ``modified`` moved because of us.
Nested cells (a report's ``params``) are shared between the frame and the snapshot, not copied (a copy of
20,000 reports' params cost 42 MiB); they are tracked cells (``_tracked``), and ``touched`` holds, per
column, the content as read of each cell edited in place (``df.at[i, "params"]["x"] = 1``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from mpnb.frames._specs import Raw
from mpnb.frames._tracked import Touched, track

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["FamilyState", "state_of"]

_lock = threading.Lock()


@dataclass
class FamilyState:
    raw: dict[Any, Raw] = field(default_factory=dict)
    base: pd.DataFrame | None = None
    own_writes: set[Any] = field(default_factory=set)
    touched: dict[str, Touched] = field(default_factory=dict)  # field -> cells edited in place

    def track(self, records: list[Raw], fields: dict[str, str], id_key: str) -> None:
        """Make the nested cells of ``fields`` (name -> server key) tracked cells, before the frame is built."""
        for name, key in fields.items():
            touched = self.touched.setdefault(name, Touched())
            for r in records:
                value = r.get(key)
                if isinstance(value, (dict, list)):
                    rid = r.get(id_key)
                    touched.before.pop(rid, None)
                    r[key] = track(value, touched, rid)

    def read_before(self, name: str, rid: Any, current: Any) -> Any:
        """The value of ``name`` as read for row ``rid`` (``current`` unless it was edited in place)."""
        touched = self.touched.get(name)
        return touched.before.get(rid, current) if touched is not None else current

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

    def forget(self, ids: list[Any]) -> None:
        for i in ids:
            self.raw.pop(i, None)
            for touched in self.touched.values():
                touched.before.pop(i, None)
        if self.base is not None:
            self.base = self.base.loc[~self.base.index.isin(ids)]


def state_of(ws: Workspace, family: str) -> FamilyState:
    with _lock:
        state: FamilyState = ws.frames_state.setdefault(family, FamilyState())
        return state
