"""The cyclic garbage collector, paused while a big read builds what it keeps.

Parsing 20,000 records makes hundreds of thousands of containers that are all kept: collections during
the parse walk them again and again and only cost time (they doubled a frame read).

When the read left many young containers, one collection at the end moves them to the oldest generation.
Left young, they were walked three times over the next steps (young, middle, then oldest generation: 0.3 s
of a 20,000-report rename's plan). If they outnumber a quarter of the oldest generation, CPython would
start a full collection soon anyway, so it runs now (one pass over everything); otherwise only the young
generations are collected, a pass over the read's own containers, and a big heap is not walked for it.
A small read leaves the collector to its own pace.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["YOUNG_CONTAINERS_COLLECTED", "paused_gc"]

# Above this many new containers (about 2,000 reports), a read ends with one full collection.
YOUNG_CONTAINERS_COLLECTED = 20_000


@contextmanager
def paused_gc() -> Iterator[None]:
    """No collection inside; at the end, one collection if the block left many young containers."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        young = gc.get_count()[0]
        if young > YOUNG_CONTAINERS_COLLECTED:
            gc.collect(2 if young > len(gc.get_objects(generation=2)) // 4 else 1)
        if was:
            gc.enable()
