"""Property tests: random edits on random frames -> the plan holds exactly those edits; apply -> equal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mpnb as mp
from tests.frames.conftest import make_ws

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20)
FIELD_VALUES: dict[str, Any] = {
    "name": TEXT.filter(lambda s: s.strip() != ""),
    "description": st.one_of(st.none(), st.just(""), TEXT),
    "is_visibility_restricted": st.booleans(),
    "params": st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(-5, 5), max_size=3),
}
EDITS = st.lists(
    st.tuples(st.integers(0, 29), st.sampled_from(sorted(FIELD_VALUES))), min_size=0, max_size=12, unique=True
)


@settings(derandomize=True, max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 5), edits=EDITS, data=st.data())
def test_plan_holds_exactly_the_edits_and_apply_makes_them_true(
    tmp_path: Path, seed: int, edits: list[tuple[int, str]], data: st.DataObject
) -> None:
    ws = make_ws(tmp_path, seed=seed, size=30, backups=False)
    df = ws.reports.frame()
    original = df.copy()
    expected: dict[tuple[int, str], Any] = {}
    for pos, field in edits:
        rid = int(df.index[pos % len(df)])
        value = data.draw(FIELD_VALUES[field])
        df.at[rid, field] = value
        if not mp.frames._compare.same(original.at[rid, field], value):
            expected[(rid, field)] = value
        else:
            expected.pop((rid, field), None)
    plan = ws.reports.plan(df)
    got = {(c.id, c.field): c.after for c in plan.changes}
    assert set(got) == set(expected)
    assert all(mp.frames._compare.same(got[k], v) for k, v in expected.items())
    result = plan.apply(progress=False)
    assert (result.status == "ok").all()
    fresh = ws.reports.frame()
    for col in FIELD_VALUES:
        for rid in df.index:
            assert mp.frames._compare.same(fresh.at[rid, col], df.at[rid, col]), (rid, col)
    assert ws.reports.plan(df).is_empty


BOARD_VALUES: dict[str, Any] = {
    "title": TEXT.filter(lambda s: s.strip() != ""),
    "description": st.one_of(st.none(), TEXT),
    "is_private": st.booleans(),
    "filters": st.lists(st.dictionaries(st.sampled_from(["p", "v"]), st.integers(0, 3), max_size=2), max_size=2),
}


@settings(derandomize=True, max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(0, 6), st.sampled_from(sorted(BOARD_VALUES))), max_size=8), data=st.data())
def test_dashboard_edits_one_patch_each_round_trip(
    tmp_path: Path, edits: list[tuple[int, str]], data: st.DataObject
) -> None:
    ws = make_ws(tmp_path, seed=4, backups=False)
    df = ws.dashboards.frame()
    original = df.copy()
    for pos, field in edits:
        df.at[df.index[pos % len(df)], field] = data.draw(BOARD_VALUES[field])
    plan = ws.dashboards.plan(df)
    expected = {
        (rid, f)
        for rid in df.index
        for f in BOARD_VALUES
        if not mp.frames._compare.same(original.at[rid, f], df.at[rid, f])
    }
    assert {(c.id, c.field) for c in plan.changes} == expected
    rows = len({rid for rid, _ in expected})
    assert plan.requests() == rows + (rows > 0)  # one PATCH per row, after one re-read
    assert (plan.apply(progress=False).status == "ok").all()
    fresh = ws.dashboards.frame()
    assert all(mp.frames._compare.same(fresh.at[r, f], df.at[r, f]) for r in df.index for f in BOARD_VALUES)
