"""The demo data dictionary: derived from the demo's reports and cohorts, messy on purpose, deterministic,
scaled by size, and drawn without touching any other family's data."""

from __future__ import annotations

import json

import pytest

from mpnb.sandbox import Sandbox

LEXICON = {
    "lexicon_events",
    "lexicon_custom_events",
    "lexicon_properties",
    "lexicon_tags",
    "custom_properties",
    "drop_filters",
}


def _events(sb: Sandbox) -> dict[str, dict[str, object]]:
    return dict(sb.store.table("lexicon_events"))


def test_every_event_reports_and_cohorts_count_is_defined() -> None:
    sb = Sandbox(seed=1)
    defined = set(_events(sb))
    counted = set()
    for b in sb.store.table("bookmarks").values():
        counted |= {s["behavior"]["name"] for s in b["params"]["sections"]["show"]}
    for c in sb.store.table("cohorts").values():
        counted |= {v["count"]["event_selector"]["event"] for v in (c.get("behaviors") or {}).values()}
    assert counted and counted <= defined


def test_the_mess_is_there() -> None:
    ev = _events(Sandbox(seed=1))
    assert {"Add to Cart", "add_to_cart", "addToCart"} <= set(ev)
    assert ev["Share"]["hidden"] is True and ev["Video Played"]["dropped"] is True
    assert ev["Search"]["description"] is None and ev["Search"]["contacts"] == []
    assert ev["Page View"]["verified"] is False
    rows = list(ev.values())
    assert sum(r["description"] is None for r in rows) > len(rows) // 4
    assert sum(not r["contacts"] for r in rows) > len(rows) // 4
    sb = Sandbox(seed=1)
    props = sb.store.table("lexicon_properties")
    assert props["Event:email"]["sensitive"] is False and props["User:$email"]["sensitive"] is True
    tagged = {t for r in rows for t in r["tags"]}
    assert {"pii-review", "q3-launch-2023"} <= set(sb.store.table("lexicon_tags")) - tagged
    assert len(sb.store.table("drop_filters")) == sb.store.meta["drop_filter_limit"] - 1


def test_deterministic_by_seed() -> None:
    def dump(sb: Sandbox) -> str:
        tables = sb.store.to_json()["tables"]
        return json.dumps({k: tables[k] for k in sorted(LEXICON)}, sort_keys=True)

    assert dump(Sandbox(seed=4)) == dump(Sandbox(seed=4))
    assert dump(Sandbox(seed=4)) != dump(Sandbox(seed=5))


def test_other_families_data_is_untouched(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dictionary draws from its own random streams: without it, every other table is the same."""
    import mpnb.sandbox.seed as seed

    full = Sandbox(seed=2).store.to_json()
    with_it = full["tables"]
    mine = ("lexicon_tags", "events", "properties", "custom_events", "custom_properties", "drop_filters")
    others = tuple(m for m in seed.seed_modules() if m.__name__.rpartition(".")[2] not in mine)
    assert len(others) == len(seed.seed_modules()) - len(mine)
    monkeypatch.setattr(seed, "seed_modules", lambda: others)
    bare = Sandbox(seed=2).store.to_json()
    without = bare["tables"]
    assert set(with_it) - set(without) == LEXICON
    for name, rows in without.items():
        assert with_it[name] == rows, name
    for part in ("counters", "meta"):  # the dictionary only adds its own keys
        assert {k: v for k, v in full[part].items() if k in bare[part]} == bare[part], part


@pytest.mark.parametrize(("size", "events", "properties"), [(60, 30, 150), (2000, 500, 5000)])
def test_scaled_by_size(size: int, events: int, properties: int) -> None:
    sb = Sandbox(seed=0, size=size)
    assert len(sb.store.table("lexicon_events")) >= events
    assert len(sb.store.table("lexicon_properties")) >= properties
    if size >= 2000:
        assert len(sb.store.table("lexicon_events")) == size // 4
        assert len(sb.store.table("lexicon_properties")) == size * 5 // 2
