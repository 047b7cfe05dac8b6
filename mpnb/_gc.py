"""The cyclic garbage collector, paused while a big read builds what it keeps.

Parsing 20,000 records makes hundreds of thousands of containers that are all kept: collections during
the parse walk them again and again and only cost time (they doubled a frame read).

When the read left many young containers, they are moved to the oldest generation at the end, unwalked.
Left young, they were walked three times over the next steps (young, middle, then oldest generation: 0.3 s
of a 20,000-report rename's plan). Collecting them once at the end of the read (what this did before) still
walked every container once: 0.2 s of a 0.8 s frame of 20,000 reports, spent to find no garbage. Moved
unwalked (``gc.freeze()`` then ``gc.unfreeze()``: two list splices, nothing left frozen), they are walked at
the next full collection the process makes at its own pace, as any long-lived object is. A process that has
frozen objects of its own keeps them frozen: then the read ends with one collection, as before.
A small read leaves the collector to its own pace.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["YOUNG_CONTAINERS_COLLECTED", "paused_gc"]

# Above this many new containers (about 2,000 reports), a read ends by moving them to the oldest generation.
YOUNG_CONTAINERS_COLLECTED = 20_000


@contextmanager
def paused_gc() -> Iterator[None]:
    """No collection inside; at the end, many young containers go to the oldest generation."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        young = gc.get_count()[0]
        if young > YOUNG_CONTAINERS_COLLECTED:
            _to_oldest(young)
        if was:
            gc.enable()


def _to_oldest(young: int) -> None:
    """The young containers into the oldest generation: unwalked, unless the process froze objects itself
    (``gc.unfreeze()`` would thaw those too), where one collection moves them instead."""
    if gc.get_freeze_count():
        gc.collect(2 if young > len(gc.get_objects(generation=2)) // 4 else 1)
        return
    gc.freeze()
    gc.unfreeze()
