"""No id outside its family's grammar ever produces a request; any integral type is an integer id.

Integer families: ASCII digits (or any integral type: int, numpy, pandas), positive, 64-bit. Flags and
experiments: UUIDs (the official specs type them ``uuid4``). Webhooks: letters, digits, ``-``, ``_``.
Requests are counted both at the client and at the sandbox.
"""

from __future__ import annotations

import inspect
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mpnb as mp
from tests.contract._calls import (
    ALL_CALLS,
    INT_CALLS,
    NAME_CALLS,
    NONE_MEANS_ALL,
    NOT_ENTITY_IDS,
    TOKEN_CALLS,
    UUID_CALLS,
    Call,
)

SPECIAL_STRINGS = [
    ".",
    "..",
    "",
    " ",
    "./",
    "../x",
    "%2e%2e",
    "1/2",
    "1?x=2",
    "1#x",
    "\u0663",
    "٣",
    "3.0",
    "1e3",
    "x" * 100_000,
    "9" * 20,
    "-1",
    "0",
    "00",
    "1\n2",
    "\x00",
    "a b",
]
SPECIAL_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    2**63,
    2**64,
    1.0,
    3.5,
    float("nan"),
    [],
    {},
    (1,),
    b"1",
    object(),
]


def _valid_int(value: Any) -> bool:
    if isinstance(value, str):
        text = value.strip()
        return bool(re.fullmatch(r"[0-9]{1,19}", text)) and 0 < int(text) < 2**63
    return False


def _valid_uuid(value: Any) -> bool:
    if not isinstance(value, str) or len(value.strip()) != 36:
        return False
    try:
        uuid.UUID(value.strip())
    except ValueError:
        return False
    return True


def _valid_token(value: Any) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}", value.strip()))


BAD_INT = st.one_of(st.text(max_size=40).filter(lambda t: not _valid_int(t)), st.sampled_from(SPECIAL_STRINGS))
BAD_UUID = st.one_of(
    st.text(max_size=40).filter(lambda t: not _valid_uuid(t)),
    st.sampled_from([*SPECIAL_STRINGS, f"../{uuid.UUID(int=1)}", f"{uuid.UUID(int=1)}/..", "x" * 36]),
)
BAD_TOKEN = st.one_of(
    st.text(max_size=40).filter(lambda t: not _valid_token(t)),
    st.sampled_from([t for t in SPECIAL_STRINGS if not _valid_token(t)]),
)

TRIED: dict[str, int] = {}


@pytest.fixture(scope="module")
def cws() -> Iterator[mp.Workspace]:
    w = mp.Workspace.sandbox(seed=3)
    w._http._sleep = lambda seconds: None
    yield w
    w.close()


def _refused_without_request(ws: mp.Workspace, call: Call, bad: Any, field: str) -> None:
    before_client, before_server = ws.request_count, len(ws.emulator.requests)  # type: ignore[union-attr]
    with pytest.raises(mp.InputError) as info:
        call(ws, bad)
    assert ws.request_count == before_client, f"a request was sent for {bad!r}"
    assert len(ws.emulator.requests) == before_server  # type: ignore[union-attr]
    assert info.value.field is not None and info.value.field.split("[")[0] == field, info.value.field
    assert len(str(info.value)) < 400, "the message must not echo a huge id"
    TRIED[field] = TRIED.get(field, 0) + 1


def _ids(calls: list[tuple[str, str, Call]]) -> list[str]:
    return [f"{name}:{arg}" for name, arg, _ in calls]


@pytest.mark.parametrize(("name", "field", "call"), INT_CALLS, ids=_ids(INT_CALLS))
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(bad=st.one_of(BAD_INT, st.sampled_from(SPECIAL_VALUES)))
def test_bad_integer_ids_send_nothing(cws: mp.Workspace, name: str, field: str, call: Call, bad: Any) -> None:
    if bad is None and name in NONE_MEANS_ALL:
        return
    _refused_without_request(cws, call, bad, field)


@pytest.mark.parametrize(("name", "field", "call"), UUID_CALLS, ids=_ids(UUID_CALLS))
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(bad=st.one_of(BAD_UUID, st.sampled_from(SPECIAL_VALUES), st.integers()))
def test_bad_uuid_ids_send_nothing(cws: mp.Workspace, name: str, field: str, call: Call, bad: Any) -> None:
    _refused_without_request(cws, call, bad, field)


@pytest.mark.parametrize(("name", "field", "call"), TOKEN_CALLS, ids=_ids(TOKEN_CALLS))
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(bad=st.one_of(BAD_TOKEN, st.sampled_from(SPECIAL_VALUES), st.integers()))
def test_bad_webhook_ids_send_nothing(cws: mp.Workspace, name: str, field: str, call: Call, bad: Any) -> None:
    _refused_without_request(cws, call, bad, field)


def _valid_name(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and len(value) <= 255 and value.isprintable()


BAD_NAME = st.one_of(
    st.text(max_size=300).filter(lambda t: not _valid_name(t)),
    st.sampled_from(["", " ", "\t", "a\nb", "\x00", "x" * 256, "x" * 100_000]),
)


@pytest.mark.parametrize(("name", "field", "call"), NAME_CALLS, ids=_ids(NAME_CALLS))
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(bad=st.one_of(BAD_NAME, st.sampled_from(SPECIAL_VALUES), st.integers()))
def test_bad_names_send_nothing(cws: mp.Workspace, name: str, field: str, call: Call, bad: Any) -> None:
    _refused_without_request(cws, call, bad, field)


@pytest.mark.parametrize("good", ["Add to Cart", "add_to_cart ", "$session_start", "Café → ✓", "a, b", "x" * 255])
def test_any_printable_name_is_a_name(cws: mp.Workspace, good: str) -> None:
    """Names are kept exactly (spaces, commas, any script): they travel in query strings and bodies, never paths."""
    before = cws.request_count
    found = cws.get_event_definitions(names=[good])
    assert cws.request_count == before + 1 and {e.name for e in found} <= {good}


def test_every_id_method_is_listed() -> None:
    listed = {name for name, _, _ in ALL_CALLS}
    for name, fn in inspect.getmembers(mp.Workspace, inspect.isfunction):
        if name.startswith("_") or name in NOT_ENTITY_IDS:
            continue
        params = [p for p in inspect.signature(fn).parameters if p != "self"]
        if any(p.endswith("_id") or p == "ids" for p in params):
            assert name in listed, f"{name} takes an id and has no contract case in tests/contract/_calls.py"


def test_integral_types_are_integer_ids(ws: mp.Workspace) -> None:
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    reports = ws.list_bookmarks_v2()[:5]
    df = pd.DataFrame({"name": [r.name for r in reports]}, index=[r.id for r in reports])
    assert ws.get_bookmark(df.index[0]).id == reports[0].id
    assert isinstance(df.index[0], np.integer)
    got = ws.list_bookmarks_v2(ids=list(df.index[:5]))
    assert sorted(b.id for b in got) == sorted(r.id for r in reports)
    assert ws.list_bookmarks_v2(ids=df.index[:2]) and ws.get_bookmark(np.int32(reports[1].id)).id == reports[1].id
    assert ws.get_bookmark(str(reports[2].id)).id == reports[2].id
    with pytest.raises(mp.InputError, match="bookmark_id"):
        ws.get_bookmark(np.bool_(True))


def test_non_ascii_digits_never_address_another_board(ws: mp.Workspace) -> None:
    before = ws.request_count
    with pytest.raises(mp.InputError, match="dashboard_id"):
        ws.get_dashboard("\u0663")  # ARABIC-INDIC DIGIT THREE
    assert ws.request_count == before


def test_uuid_ids_are_sent_canonical(ws: mp.Workspace) -> None:
    flag = ws.list_feature_flags()[0]
    assert ws.get_feature_flag(flag.id.upper()).id == flag.id
    assert ws.get_feature_flag(uuid.UUID(flag.id)).id == flag.id


def test_http_layer_refuses_dot_segments_too(ws: mp.Workspace) -> None:
    """A family method that forgot its check still cannot address another path."""
    from mpnb.entities.flags import OPS

    before = ws.request_count
    for bad in (".", "..", "", "x" * 200):
        with pytest.raises(mp.InputError):
            ws._http.call(OPS.GET, path={"id": bad})
    assert ws.request_count == before


def test_errors_show_the_url_actually_sent(ws: mp.Workspace) -> None:
    with pytest.raises(mp.NotFoundError) as info:
        ws.get_bookmark(987654321)
    assert info.value.url.endswith("/bookmarks/987654321?v=2"), info.value.url
