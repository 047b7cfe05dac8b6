"""The demo data is a fixture others build on (tests, the user guide, notebooks): seeding may get faster,
never different. Each table's records are pinned by a hash for a fixed seed, size and day.

A deliberate change to the demo data updates these hashes in the same commit (run this file and copy the
new values from the failure); a new family adds its own tables without touching the ones here.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from mpnb.sandbox import Sandbox

DAY = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)

_EMPTY_PROJECT = {"1001/_counters": "44136fa355b3678a", "1001/_meta": "3b664f8d0c47a677"}
PINNED: dict[tuple[int, int], dict[str, str]] = {
    # _counters and _meta also hold the data dictionary's counters and drop filter limit (its tables below)
    (0, 60): {  # the default demo: 63 reports
        "1000/_counters": "4db2c66dbb977395",
        "1000/_meta": "2eedb3ddf7077efd",
        "1000/alerts": "3cd42fa25231b85e",
        "1000/annotation_tags": "8967b7da4ae53909",
        "1000/annotations": "3305087013263695",
        "1000/bookmark_history": "00937ec303c49186",
        "1000/bookmarks": "948c528aca54baf2",
        "1000/cohorts": "08b961fc49b8f7b3",
        "1000/dashboards": "e2ba72e49ba3a4b9",
        "1000/experiments": "b45ac63b4794680c",
        "1000/feature_flag_history": "b2ff0ef1f29bfd2e",
        "1000/feature_flags": "5ff49861c1b547b0",
        "1000/webhooks": "c6d8a1151b1e19a5",
        "1000/custom_properties": "e50520f0e2f80a6c",
        "1000/drop_filters": "8f52ac1c84912ca7",
        "1000/lexicon_custom_events": "285f88acd1bae1f6",
        "1000/lexicon_events": "0623cfd24efde8a0",
        "1000/lexicon_properties": "2a9adf07ac599ae6",
        "1000/lexicon_tags": "e1c4fd7360d7dc3b",
        **_EMPTY_PROJECT,
    },
    (1, 200): {
        "1000/_counters": "85907c557405e751",
        "1000/_meta": "199aabd87e0046bd",
        "1000/alerts": "6926018713a1de86",
        "1000/annotation_tags": "8967b7da4ae53909",
        "1000/annotations": "a965682049ba32d2",
        "1000/bookmark_history": "d6a925054f04da9e",
        "1000/bookmarks": "775a86e3489716b7",
        "1000/cohorts": "9aa9f1ac57f2ff3c",
        "1000/dashboards": "9e18d92b5bf45a29",
        "1000/experiments": "83339ec9487b3245",
        "1000/feature_flag_history": "176cba3bc9f318bb",
        "1000/feature_flags": "e0f49296a5b599b1",
        "1000/webhooks": "8feae7170db6119b",
        "1000/custom_properties": "7eb81556a12f83f9",
        "1000/drop_filters": "81a1c7e3de043207",
        "1000/lexicon_custom_events": "47966be8735ebdd2",
        "1000/lexicon_events": "42d804f0ebd88378",
        "1000/lexicon_properties": "3f760552808bd09d",
        "1000/lexicon_tags": "e1c4fd7360d7dc3b",
        **_EMPTY_PROJECT,
    },
    (2, 1000): {
        "1000/_counters": "3d03045a1fc92e25",
        "1000/_meta": "96295947449cd982",
        "1000/alerts": "0074ec90e34e00eb",
        "1000/annotation_tags": "8967b7da4ae53909",
        "1000/annotations": "45d93d9fa49ec942",
        "1000/bookmark_history": "a38c1099408902b0",
        "1000/bookmarks": "8700a580d7928ce4",
        "1000/cohorts": "96369dbb0362d060",
        "1000/dashboards": "504562238e090f4a",
        "1000/experiments": "0926221227779b02",
        "1000/feature_flag_history": "8a96fc6311f06729",
        "1000/feature_flags": "9722eca7b75da2e1",
        "1000/webhooks": "ac1d38f9fb8aebb2",
        "1000/custom_properties": "64e03cd5a93b544e",
        "1000/drop_filters": "fda97bf7f67ccfe0",
        "1000/lexicon_custom_events": "b1d8035ffaebb93f",
        "1000/lexicon_events": "035f4ad5ee80a7a7",
        "1000/lexicon_properties": "6df5d84b163d11ed",
        "1000/lexicon_tags": "e1c4fd7360d7dc3b",
        **_EMPTY_PROJECT,
    },
}


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, separators=(",", ":")).encode()).hexdigest()[:16]


def _hashes(sb: Sandbox) -> dict[str, str]:
    out: dict[str, str] = {}
    for pid in sorted(sb.config.projects()):
        state = sb.project_store(pid).to_json()
        out.update({f"{pid}/{name}": _digest(rows) for name, rows in state["tables"].items() if rows})
        out[f"{pid}/_counters"], out[f"{pid}/_meta"] = _digest(state["counters"]), _digest(state["meta"])
    return out


@pytest.mark.parametrize(("seed", "size"), list(PINNED))
def test_the_demo_data_stays_as_it_was(seed: int, size: int) -> None:
    found = _hashes(Sandbox(seed=seed, size=size, clock=lambda: DAY))
    assert {k: found.get(k) for k in PINNED[seed, size]} == PINNED[seed, size]


@pytest.mark.parametrize(("seed", "size"), [(0, 60), (2, 1000)])
def test_a_sqlite_sandbox_holds_the_same_demo_data(tmp_path: Path, seed: int, size: int) -> None:
    in_memory = _hashes(Sandbox(seed=seed, size=size, clock=lambda: DAY))
    on_disk = Sandbox(seed=seed, size=size, clock=lambda: DAY, state=tmp_path / "sb.sqlite3")
    assert _hashes(on_disk) == in_memory
    on_disk.reset(seed=seed, size=size)  # a reset seeds the same data again
    assert _hashes(on_disk) == in_memory
