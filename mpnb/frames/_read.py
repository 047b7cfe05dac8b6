"""``ws.<family>.frame()``: one list call, the frame, and the snapshot the Workspace keeps of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from mpnb._gc import paused_gc
from mpnb.frames._frame import build_frame, target_of
from mpnb.frames._specs import FamilySpec
from mpnb.frames._state import state_of

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["read_frame"]


def read_frame(ws: Workspace, spec: FamilySpec, filters: dict[str, Any]) -> pd.DataFrame:
    """The user's frame; the snapshot keeps the raw records and a baseline frame sharing their objects."""
    with paused_gc():
        return _read(ws, spec, filters)


def _read(ws: Workspace, spec: FamilySpec, filters: dict[str, Any]) -> pd.DataFrame:
    records = spec.list_raw(ws, filters)
    state = state_of(ws, spec.name)
    state.track(records, {f: spec.alias_map.get(f, f) for f in spec.nested_writable}, spec.id_key)
    base = build_frame(spec, records, target=target_of(ws))
    state.remember(records, base, spec.id_key)
    df: pd.DataFrame = base.copy()
    df.attrs = dict(base.attrs)
    return df
