"""``mpnb._json.loads``: the piecewise parse of big list answers equals ``json.loads`` on every shape."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mpnb._json import _CHUNKED_MIN, loads

PAD = "x" * 400


def _records(n: int, *, nested_same_key: bool = False, text: str = "") -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        r: dict[str, Any] = {"id": i, "name": f"report {i} {text}", "pad": PAD, "params": {"a": [1, 2.5, None]}}
        if nested_same_key:  # nested objects starting with the same key as a record: fake cut points
            r["children"] = [{"id": i * 10 + k, "note": '}, {"id": trap'} for k in range(3)]
        out.append(r)
    return out


def _big(records: list[dict[str, Any]], shape: str, indent: int | None) -> bytes:
    body: Any = records
    if shape == "envelope":
        body = {"status": "ok", "results": records}
    elif shape == "results-only":
        body = {"results": records}
    elif shape == "results-last":
        body = {"results": records, "status": "ok", "pagination": {"next_cursor": None}}
    raw = json.dumps(body, indent=indent, ensure_ascii=False).encode()
    assert len(raw) >= _CHUNKED_MIN, "the case must be big enough to take the piecewise path"
    return raw


@pytest.mark.parametrize("shape", ["list", "envelope", "results-only", "results-last"])
@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("nested", [False, True])
def test_equals_json_loads(shape: str, indent: int | None, nested: bool) -> None:
    raw = _big(_records(12000, nested_same_key=nested, text="é ✓ \\u2028"), shape, indent)
    assert loads(raw) == json.loads(raw)


def test_invalid_json_still_raises() -> None:
    raw = _big(_records(12000), "list", None)
    with pytest.raises(ValueError):
        loads(raw[:-5])
    mid = raw.index(b'"params": {', len(raw) // 2)  # a structural spot, not inside a string
    broken = raw[:mid] + b'"params": {{' + raw[mid + len(b'"params": {') :]
    with pytest.raises(ValueError):
        json.loads(broken)
    with pytest.raises(ValueError):
        loads(broken)


def test_small_answers_take_the_plain_path() -> None:
    assert loads(b'{"status": "ok", "results": [{"id": 1}]}') == {"status": "ok", "results": [{"id": 1}]}


@settings(max_examples=15, deadline=None, derandomize=True)
@given(
    st.lists(
        st.fixed_dictionaries(
            {"id": st.integers(), "name": st.text(max_size=30)},
            optional={
                "nested": st.recursive(
                    st.none() | st.integers() | st.text(max_size=10),
                    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c, max_size=3),
                    max_leaves=8,
                )
            },
        ),
        min_size=1,
        max_size=20,
    ),
    st.sampled_from(["list", "envelope", "results-last"]),
)
def test_random_records_equal_json_loads(head: list[dict[str, Any]], shape: str) -> None:
    records = head + _records(10000)  # random records first, then enough bulk to take the piecewise path
    raw = _big(records, shape, None)
    assert loads(raw) == json.loads(raw)
