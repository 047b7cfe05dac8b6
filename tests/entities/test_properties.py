"""The exact request of every property-definition operation, and the client's rules."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
import respx

import mpnb as mp
from tests.entities._lexicon_cases import Case, prefix, run_case
from tests.helpers import body_of, ok, real_ws

P = "data-definitions/properties/"
PROP = {"id": 7, "name": "email", "resourceType": "User", "sensitive": False, "description": None}
EVP = {"id": 8, "name": "$city", "resourceType": "Event"}
USP = {"id": 9, "name": "$city", "resourceType": "User"}
CUSTOM = {"name": "Revenue (USD)", "resourceType": "Event", "customPropertyId": 3}  # no Lexicon id

CASES: list[Case] = [
    (
        "list one kind",
        lambda ws: ws.list_property_definitions(resource_type="user"),
        "GET",
        P,
        [("resourceType", "User"), ("includeCustom", "false")],
        None,
        ok([PROP]),
    ),
    (
        "get by names",
        lambda ws: ws.get_property_definitions(names=["email", "phone"], resource_type="User"),
        "GET",
        P,
        [("resourceType", "User"), ("name[]", "email"), ("name[]", "phone")],
        None,
        ok([PROP]),
    ),
    (
        "get without a kind",
        lambda ws: ws.get_property_definitions(names=["$city"]),
        "GET",
        P,
        [("name[]", "$city")],
        None,
        ok([EVP]),
    ),
    (
        "update",
        lambda ws: ws.update_property_definition(
            "email", mp.UpdatePropertyDefinitionParams(resource_type="User", sensitive=True)
        ),
        "PATCH",
        P,
        [],
        {"sensitive": True, "resourceType": "User", "name": "email"},
        ok(dict(PROP, sensitive=True)),
    ),
    (
        "update defaults to the event property",
        lambda ws: ws.update_property_definition("$city", mp.UpdatePropertyDefinitionParams(description="City")),
        "PATCH",
        P,
        [],
        {"description": "City", "resourceType": "Event", "name": "$city"},
        ok(EVP),
    ),
    (
        "bulk update",
        lambda ws: ws.bulk_update_property_definitions(
            [
                mp.BulkPropertyUpdate(name="email", resource_type="User", sensitive=True),
                mp.BulkPropertyUpdate(name="$city", resource_type="Event", display_name="City", id=8),
            ]
        ),
        "PATCH",
        P,
        [],
        {
            "properties": [
                {"sensitive": True, "name": "email", "resourceType": "User"},
                {"displayName": "City", "name": "$city", "resourceType": "Event", "id": 8},
            ]
        },
        ok([PROP, EVP]),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("workspace_id", [None, 3], ids=["project", "workspace-pinned"])
def test_request_shape(case: Case, workspace_id: int | None) -> None:
    run_case(case, workspace_id)


def test_listing_every_property_reads_both_kinds_and_leaves_out_custom_properties() -> None:
    with respx.mock() as router:
        route = router.get(f"https://mixpanel.com{prefix(None)}/{P}")
        route.side_effect = lambda request: ok(
            [EVP, CUSTOM] if request.url.params["resourceType"] == "Event" else [USP, PROP]
        )
        found = real_ws().list_property_definitions()
    kinds = [c.request.url.params["resourceType"] for c in route.calls]
    assert kinds == ["Event", "User"]
    assert [(p.resource_type, p.name) for p in found] == [("Event", "$city"), ("User", "$city"), ("User", "email")]


def test_include_events_is_asked_for() -> None:
    with respx.mock() as router:
        route = router.get(f"https://mixpanel.com{prefix(None)}/{P}").mock(
            return_value=ok([dict(EVP, events=[{"name": "Purchase"}])])
        )
        found = real_ws().list_property_definitions(resource_type="Event", include_events=True)
    assert route.calls.last.request.url.params["includeEvents"] == "true"
    assert found[0].events == [{"name": "Purchase"}]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda ws: ws.list_property_definitions(resource_type="group"), "resource_type"),
        (lambda ws: ws.get_property_definitions(names=["email"], resource_type="people"), "resource_type"),
        (lambda ws: ws.get_property_definitions(names=[None]), "names[0]"),
        (lambda ws: ws.update_property_definition("", mp.UpdatePropertyDefinitionParams(hidden=True)), "property_name"),
        (lambda ws: ws.update_property_definition("email", mp.UpdatePropertyDefinitionParams()), "params"),
        (lambda ws: ws.bulk_update_property_definitions([]), "entries"),
        (
            lambda ws: ws.bulk_update_property_definitions(
                [
                    mp.BulkPropertyUpdate(name="email", resource_type="User", hidden=True),
                    mp.BulkPropertyUpdate(name="email", resource_type="user", sensitive=True),
                ]
            ),
            "entries",
        ),
    ],
)
def test_bad_input_is_refused_before_sending(call: Any, field: str) -> None:
    with respx.mock() as router, pytest.raises(mp.InputError) as info:
        call(real_ws())
    assert info.value.field == field
    assert not router.calls


def test_resource_type_is_one_of_two() -> None:
    assert mp.UpdatePropertyDefinitionParams(resource_type="user").resource_type == "User"
    with pytest.raises(pydantic.ValidationError, match="'Event' or 'User'"):
        mp.BulkPropertyUpdate(name="x", resource_type="groupprofile")
    with pytest.raises(pydantic.ValidationError):
        mp.BulkPropertyUpdate(name="x")  # type: ignore[call-arg]


def test_bulk_entries_are_camel_case_on_the_wire() -> None:
    with respx.mock() as router:
        route = router.patch(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok([]))
        real_ws().bulk_update_property_definitions(
            [mp.BulkPropertyUpdate(name="plan", resource_type="User", example_value="pro", display_name="Plan")]
        )
    entry = body_of(route.calls.last.request)["properties"][0]
    assert entry == {"displayName": "Plan", "exampleValue": "pro", "name": "plan", "resourceType": "User"}
