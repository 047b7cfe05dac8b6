"""The cyclic garbage collector, paused while a big read builds what it keeps.

Parsing 20,000 records makes hundreds of thousands of containers that are all kept: collections during
the parse walk them again and again and only cost time (they doubled a frame read). When the read left
many young containers, one full collection at the end moves them to the oldest generation in a single
pass. Left young, they were walked three times over the next steps (young, middle, then oldest
generation: 0.3 s of a 20,000-report rename's plan). A small read leaves the collector to its own pace.
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
    """No collection inside; one full collection at the end if the block left many young containers."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] > YOUNG_CONTAINERS_COLLECTED:
            gc.collect()
        if was:
            gc.enable()
