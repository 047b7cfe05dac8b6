"""``ws.<family>.frame()``: one list call, the frame, and the snapshot the Workspace keeps of it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pandas as pd

from mpnb.frames._frame import build_frame, target_of
from mpnb.frames._specs import FamilySpec
from mpnb.frames._state import state_of

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["YOUNG_CONTAINERS_COLLECTED", "read_frame"]

# Above this many new containers (about 2,000 reports), a read ends with one full collection (see _no_gc).
YOUNG_CONTAINERS_COLLECTED = 20_000


@contextmanager
def _no_gc() -> Iterator[None]:
    """Parsing 20,000 records makes hundreds of thousands of containers that are all kept: cyclic GC
    passes over them only cost time (they doubled the read), so it pauses while the frame is built.

    When the read left many young containers, one full collection at the end moves them to the oldest
    generation in a single pass. Left young, they were walked three times over the next steps (young,
    middle, then oldest generation: 0.3 s of a 20,000 report rename's plan). A small read leaves the
    collector to its own pace."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] > YOUNG_CONTAINERS_COLLECTED:
            gc.collect()
        if was:
            gc.enable()


def read_frame(ws: Workspace, spec: FamilySpec, filters: dict[str, Any]) -> pd.DataFrame:
    """The user's frame; the snapshot keeps the raw records and a baseline frame sharing their objects."""
    with _no_gc():
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
