"""Nested cells edited in place are seen by the plan however they are reached, and nothing else is."""

from __future__ import annotations

import copy
import itertools
import json
import pickle
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mpnb as mp
from mpnb.frames._tracked import Touched, TrackedDict, track

_rows = itertools.count(1)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=3),
    max_leaves=12,
)


def _containers(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if isinstance(value, (dict, list)) else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _containers(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _containers(v, (*path, i))
    return out


def _reach(cell: Any, path: tuple[Any, ...], how: str) -> Any:
    node = cell
    for step in path:
        if how == "get" and isinstance(node, dict):
            node = node.get(step)
        elif how == "iterate":
            node = next(v for i, v in (node.items() if isinstance(node, dict) else enumerate(node)) if i == step)
        else:
            node = node[step]
    return node


def _mutate(node: Any, op: str) -> None:
    if isinstance(node, dict):
        {
            "set": lambda: node.__setitem__("new", 1),
            "update": lambda: node.update({"u": [1]}),
            "setdefault": lambda: node.setdefault("sd", {}),
            "clear": node.clear,
            "ior": lambda: node.__ior__({"o": 2}),
        }[op]()
    else:
        {
            "set": lambda: node.append("x"),
            "update": lambda: node.extend([1, 2]),
            "setdefault": lambda: node.insert(0, None),
            "clear": node.clear,
            "ior": lambda: node.__iadd__([3]),
        }[op]()


@given(
    value=json_values.filter(lambda v: isinstance(v, (dict, list))),
    data=st.data(),
    how=st.sampled_from(["index", "get", "iterate"]),
    op=st.sampled_from(["set", "update", "setdefault", "clear", "ior"]),
)
def test_any_in_place_edit_is_recorded_with_the_value_as_read(value: Any, data: Any, how: str, op: str) -> None:
    touched = Touched()
    original = json.loads(json.dumps(value))
    cell = track(json.loads(json.dumps(value)), touched, 7)
    path = data.draw(st.sampled_from(_containers(original)))
    node = _reach(cell, path, how)
    _mutate(node, op)
    assert touched.before == {7: original}
    assert json.loads(json.dumps(cell)) != original or op == "clear" or touched.before[7] == original


@given(value=json_values.filter(lambda v: isinstance(v, dict)))
def test_reading_records_nothing(value: Any) -> None:
    touched = Touched()
    cell = track(json.loads(json.dumps(value)), touched, 1)
    json.dumps(cell), list(cell), dict(cell), copy.deepcopy(cell), repr(cell), {**cell}, cell == value
    for path in _containers(value):
        _reach(cell, path, "index")
    assert touched.before == {} and cell == value


def test_copies_are_plain_and_shallow_copies_share_tracked_children() -> None:
    touched = Touched()
    cell = track({"a": {"b": [1]}}, touched, 3)
    deep = copy.deepcopy(cell)
    assert type(deep) is dict and type(pickle.loads(pickle.dumps(cell))) is dict
    deep["a"]["b"].append(2)
    assert touched.before == {}
    shallow = cell.copy()
    shallow["a"]["b"].append(2)  # the child is the cell's own
    assert touched.before == {3: {"a": {"b": [1]}}} and isinstance(cell, TrackedDict)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(op=st.sampled_from(["set", "update", "setdefault", "ior"]), how=st.sampled_from(["index", "get"]))
def test_the_plan_sees_an_in_place_edit_of_params(fws: mp.Workspace, op: str, how: str) -> None:
    df = fws.reports.frame()
    rid = int(df.index[next(_rows)])  # hypothesis reuses the Workspace: a row per example
    cell = df.at[rid, "params"]
    was = json.loads(json.dumps(cell))
    _mutate(_reach(cell, ("sections",), how) if isinstance(cell.get("sections"), dict) else cell, op)
    plan = fws.reports.plan(df)
    assert [(c.id, c.field, c.before) for c in plan.changes] == [(rid, "params", was)]
    assert plan.apply(progress=False).status.tolist() == ["ok"]
    assert fws.get_bookmark(rid).params == json.loads(json.dumps(cell))
    assert fws.reports.plan(df).is_empty


def test_an_edit_undone_by_hand_is_no_change(fws: mp.Workspace) -> None:
    df = fws.reports.frame()
    rid = int(df.index[0])
    df.at[rid, "params"]["tmp"] = 1
    del df.at[rid, "params"]["tmp"]
    assert fws.reports.plan(df).is_empty


@pytest.mark.parametrize("family", ["flags", "experiments", "dashboards", "cohorts", "alerts"])
def test_every_nested_writable_column_is_tracked(fws: mp.Workspace, family: str) -> None:
    frames = getattr(fws, family)
    df = frames.frame()
    for col in [c for c in frames.spec.nested_writable if c in df.columns]:
        cells = [c for c in df[col] if isinstance(c, (dict, list))]
        assert all(type(c).__name__.startswith("Tracked") for c in cells), (family, col)


def test_same_objects_compares_identity_cell_by_cell() -> None:
    import numpy as np

    from mpnb.frames._compare import _same_objects

    cells = [{"a": 1}, "x", None, [1], 5]
    a = np.empty(len(cells), dtype=object)
    a[:] = cells
    b = a.copy()
    b[0] = {"a": 1}  # equal, but another object
    b[3] = cells[3]
    assert _same_objects(a, b).tolist() == [False, True, True, True, True]
    assert _same_objects(a[::2], b[::2]).tolist() == [False, True, True]  # a strided view takes the slow path
    assert _same_objects(a[:0], b[:0]).tolist() == []
