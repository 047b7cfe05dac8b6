"""``ws.<family>.frame()``: one list call, the frame, and the snapshot the Workspace keeps of it."""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING, Any

import pandas as pd

from mpnb.frames._frame import build_frame
from mpnb.frames._specs import FamilySpec
from mpnb.frames._state import state_of

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["read_frame"]


def read_frame(ws: Workspace, spec: FamilySpec, filters: dict[str, Any]) -> pd.DataFrame:
    """The user's frame; the snapshot keeps the raw records and a baseline frame sharing their objects."""
    from mpnb.frames._plan import target_of

    spec.require()
    records = spec.list_raw(ws, filters)
    base = build_frame(spec, records, target=target_of(ws), copy_nested=False)
    state_of(ws, spec.name).remember(records, base, spec.aliases().get("id", "id"))
    df: pd.DataFrame = base.copy()
    nested = [c for c in spec.writable() if c in df.columns and df[c].dtype == object]
    for col in nested:  # copies: an in-place edit of a cell must not reach the snapshot
        df[col] = pickle.loads(pickle.dumps(base[col].to_numpy(dtype=object), protocol=pickle.HIGHEST_PROTOCOL))
    df.attrs = dict(base.attrs)
    return df
