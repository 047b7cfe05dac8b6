"""The exact request of every event-definition operation, and the client's rules (names, bulk, backups)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest
import respx

import mpnb as mp
from tests.entities._lexicon_cases import Case, nothing_uses_it, prefix, run_case
from tests.helpers import body_of, ok, real_ws

P = "data-definitions/events/"
EV = {
    "id": 11,
    "name": "Add to Cart",
    "displayName": "Added to cart",
    "description": None,
    "hidden": False,
    "dropped": False,
    "verified": False,
    "tags": ["commerce"],
    "contacts": ["ana@example.com"],
    "customEventId": None,
    "modifiedUtc": "2025-03-01T10:00:00",
}
CUSTOM_ROW = dict(EV, id=12, customEventId=5)

CASES: list[Case] = [
    ("list", lambda ws: ws.list_event_definitions(), "GET", P, [], None, ok([EV, CUSTOM_ROW])),
    (
        "get by names",
        lambda ws: ws.get_event_definitions(names=["Add to Cart", "add_to_cart"]),
        "GET",
        P,
        [("name[]", "Add to Cart"), ("name[]", "add_to_cart")],
        None,
        ok([EV]),
    ),
    (
        "update",
        lambda ws: ws.update_event_definition(
            "Add to Cart", mp.UpdateEventDefinitionParams(description="Item added", display_name="Cart add")
        ),
        "PATCH",
        P,
        [],
        {"description": "Item added", "displayName": "Cart add", "name": "Add to Cart"},
        ok(dict(EV, description="Item added")),
    ),
    (
        "bulk update",
        lambda ws: ws.bulk_update_event_definitions(
            [
                mp.BulkEventUpdate(name="add_to_cart", hidden=True),
                mp.BulkEventUpdate(name="addToCart", hidden=True, tags=["legacy"], contacts=["ben@example.com"]),
            ]
        ),
        "PATCH",
        P,
        [],
        {
            "events": [
                {"name": "add_to_cart", "hidden": True},
                {"name": "addToCart", "hidden": True, "tags": ["legacy"], "contacts": ["ben@example.com"]},
            ]
        },
        ok([EV]),
    ),
    ("delete", lambda ws: ws.delete_event_definition("Add to Cart"), "DELETE", P, [], {"name": "Add to Cart"}, ok({})),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("workspace_id", [None, 3], ids=["project", "workspace-pinned"])
def test_request_shape(case: Case, workspace_id: int | None) -> None:
    """One path for every call, under the pinned workspace when there is one; names ride in the query or body."""

    def backup_read(router: respx.MockRouter, where: str) -> None:
        router.get(f"{where}/{P}").mock(return_value=ok([EV]))  # the row, and custom events that count it
        router.get(f"{where}/{P}drop-filters/").mock(return_value=ok([]))  # drop filters that name it

    run_case(case, workspace_id, backup_read if case[0] == "delete" else None)


def test_list_leaves_out_custom_events_rows() -> None:
    with respx.mock() as router:
        router.get(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok([EV, CUSTOM_ROW]))
        found = real_ws().list_event_definitions()
    assert [(e.name, e.lexicon_id) for e in found] == [("Add to Cart", 11)]
    assert found[0].display_name == "Added to cart" and found[0].contacts == ["ana@example.com"]


def test_many_names_go_in_several_requests() -> None:
    names = [f"event number {i:04d} with a long name" for i in range(400)]
    with respx.mock() as router:
        route = router.get(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok([]))
        assert real_ws().get_event_definitions(names=names) == []
    sent = [v for call in route.calls for k, v in call.request.url.params.multi_items() if k == "name[]"]
    assert sent == names and len(route.calls) > 1
    assert all(len(str(c.request.url)) < 8_000 for c in route.calls)


def test_empty_names_send_nothing() -> None:
    with respx.mock() as router:
        assert real_ws().get_event_definitions(names=[]) == []
    assert not router.calls


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda ws: ws.get_event_definitions(names="Add to Cart"), "names"),
        (lambda ws: ws.get_event_definitions(names=["ok", ""]), "names[1]"),
        (lambda ws: ws.get_event_definitions(names=["line\nbreak"]), "names[0]"),
        (lambda ws: ws.update_event_definition("x" * 256, mp.UpdateEventDefinitionParams(hidden=True)), "event_name"),
        (lambda ws: ws.update_event_definition(42, mp.UpdateEventDefinitionParams(hidden=True)), "event_name"),
        (lambda ws: ws.update_event_definition("   ", mp.UpdateEventDefinitionParams(hidden=True)), "event_name"),
        (lambda ws: ws.update_event_definition("A", mp.UpdateEventDefinitionParams()), "params"),
        (lambda ws: ws.update_event_definition("A", {"hidden": True}), "params"),
        (lambda ws: ws.bulk_update_event_definitions([]), "entries"),
        (lambda ws: ws.bulk_update_event_definitions([{"name": "A"}]), "entries[0]"),
        (
            lambda ws: ws.bulk_update_event_definitions(
                [mp.BulkEventUpdate(name="A", hidden=True), mp.BulkEventUpdate(name="A", verified=True)]
            ),
            "entries",
        ),
        (lambda ws: ws.delete_event_definition(""), "event_name"),
    ],
)
def test_bad_input_is_refused_before_sending(call: Any, field: str) -> None:
    with respx.mock() as router, pytest.raises(mp.InputError) as info:
        call(real_ws())
    assert info.value.field == field
    assert not router.calls


def test_params_refuse_unknown_fields_and_duplicate_tags() -> None:
    with pytest.raises(pydantic.ValidationError, match="did you mean 'description'"):
        mp.UpdateEventDefinitionParams(descripton="x")  # type: ignore[call-arg]
    with pytest.raises(pydantic.ValidationError, match="twice"):
        mp.UpdateEventDefinitionParams(tags=["a", "a"])
    with pytest.raises(pydantic.ValidationError, match="non-empty"):
        mp.BulkEventUpdate(name="A", contacts=[""])
    with pytest.raises(pydantic.ValidationError):
        mp.BulkEventUpdate(hidden=True)  # type: ignore[call-arg]


def test_a_big_bulk_update_is_cut_into_requests() -> None:
    from mpnb.entities.events import BULK_MAX

    entries = [mp.BulkEventUpdate(name=f"e{i}", hidden=True) for i in range(BULK_MAX + 5)]
    with respx.mock() as router:
        route = router.patch(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok([]))
        real_ws().bulk_update_event_definitions(entries)
    sizes = [len(body_of(c.request)["events"]) for c in route.calls]
    assert sizes == [BULK_MAX, 5]


def test_delete_backs_up_the_row_first(tmp_path: Path) -> None:
    with respx.mock() as router:
        nothing_uses_it(router)
        router.get(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok([EV, CUSTOM_ROW]))
        router.get(f"https://mixpanel.com{prefix(None)}/{P}drop-filters/").mock(return_value=ok([]))
        gone = router.delete(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok({}))
        ws = real_ws(backup_dir=tmp_path)
        ws.delete_event_definition("Add to Cart")
    assert body_of(gone.calls.last.request) == {"name": "Add to Cart"}
    backup = ws.backups.latest()
    assert backup is not None and backup.family == "events" and backup.ids == ["Add to Cart"]
    assert [r["id"] for r in backup.records] == [11]  # the event's row, not the custom event's


def test_delete_of_an_unknown_event_sends_no_delete(tmp_path: Path) -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok([]))
        gone = router.delete(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok({}))
        with pytest.raises(mp.NotFoundError, match="Add to Cart"):
            real_ws(backup_dir=tmp_path).delete_event_definition("Add to Cart")
    assert not gone.called


def test_update_answer_is_the_definition() -> None:
    with respx.mock() as router:
        router.patch(f"https://mixpanel.com{prefix(None)}/{P}").mock(
            return_value=httpx.Response(200, json=dict(EV, hidden=True))
        )
        got = real_ws().update_event_definition("Add to Cart", mp.UpdateEventDefinitionParams(hidden=True))
    assert got.hidden is True and got.name == "Add to Cart" and got.modified_utc is not None
