"""mpnb._gc.paused_gc: no collection inside a big read, and none at its end either (the kept containers go to
the oldest generation unwalked), without leaving anything frozen or thawing what the process froze itself."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from mpnb import _gc
from mpnb._gc import paused_gc


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generation of each collection that starts while the test runs."""
    seen: list[int] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(record)
    yield seen
    gc.callbacks.remove(record)


def _build(n: int) -> list[dict[str, Any]]:
    return [{"id": i, "params": {"sections": [{"a": [i]}]}} for i in range(n)]


def test_a_big_read_is_not_walked_and_ends_in_the_oldest_generation(collections: list[int]) -> None:
    gc.collect()
    collections.clear()
    with paused_gc():
        kept = _build(_gc.YOUNG_CONTAINERS_COLLECTED)
    assert collections == []  # none inside, none at the end
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(kept[0]) in oldest and id(kept[-1]["params"]["sections"]) in oldest
    assert gc.get_count()[0] < 100


def test_objects_the_process_froze_stay_frozen(collections: list[int]) -> None:
    gc.collect()
    collections.clear()
    mine = [{"frozen": [1]}]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused_gc():
            kept = _build(_gc.YOUNG_CONTAINERS_COLLECTED)
        assert gc.get_freeze_count() == frozen and collections  # a collection moved the read's containers instead
        assert id(kept[0]) in {id(o) for o in gc.get_objects(generation=2)}
    finally:
        gc.unfreeze()
    assert mine


def test_a_small_read_leaves_the_collector_alone(collections: list[int]) -> None:
    gc.collect()
    collections.clear()
    with paused_gc():
        kept = _build(100)
    assert collections == [] and gc.get_count()[0] >= len(kept)
