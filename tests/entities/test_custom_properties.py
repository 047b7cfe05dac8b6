"""The exact request of every custom-property operation; an update is one GET and one whole PUT."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pydantic
import pytest
import respx

import mpnb as mp
from tests.entities._lexicon_cases import Case, nothing_uses_it, prefix, run_case
from tests.helpers import body_of, ok, real_ws

P = "custom_properties/"
COMPOSED = {"A": {"value": "amount", "resourceType": "event", "type": "number"}}
CP = {
    "customPropertyId": 3,
    "name": "Revenue (USD)",
    "description": "Amount in dollars",
    "resourceType": "events",
    "displayFormula": "A * 1.1",
    "composedProperties": COMPOSED,
    "isLocked": False,
    "isVisible": True,
    "propertyType": "number",
    "created": "2025-01-01T00:00:00",
}
NEW = mp.CreateCustomPropertyParams(
    name="Revenue (USD)",
    resource_type="events",
    display_formula="A * 1.1",
    composed_properties={"A": mp.ComposedProperty(value="amount", resource_type="event", type="number")},
)
NEW_BODY = {
    "name": "Revenue (USD)",
    "resourceType": "events",
    "displayFormula": "A * 1.1",
    "composedProperties": COMPOSED,
}

CASES: list[Case] = [
    ("list", lambda ws: ws.list_custom_properties(), "GET", P, [], None, ok([CP])),
    ("get", lambda ws: ws.get_custom_property(3), "GET", f"{P}3/", [], None, ok(CP)),
    ("create", lambda ws: ws.create_custom_property(NEW), "POST", P, [], NEW_BODY, ok(CP)),
    (
        "validate",
        lambda ws: ws.validate_custom_property(NEW),
        "POST",
        f"{P}validate/",
        [],
        NEW_BODY,
        ok({"valid": True}),
    ),
    (
        "update",
        lambda ws: ws.update_custom_property(3, mp.UpdateCustomPropertyParams(description="USD")),
        "PUT",
        f"{P}3/",
        [],
        {
            "name": "Revenue (USD)",
            "description": "USD",
            "displayFormula": "A * 1.1",
            "composedProperties": COMPOSED,
            "isLocked": False,
            "isVisible": True,
            "propertyType": "number",
        },
        ok(dict(CP, description="USD")),
    ),
    ("delete", lambda ws: ws.delete_custom_property(3), "DELETE", f"{P}3/", [], None, ok({})),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("workspace_id", [None, 3], ids=["project", "workspace-pinned"])
def test_request_shape(case: Case, workspace_id: int | None) -> None:
    def reads(router: respx.MockRouter, where: str) -> None:
        router.get(f"{where}/{P}3/").mock(return_value=ok(CP))
        router.get(f"{where}/{P}").mock(return_value=ok([CP]))

    run_case(case, workspace_id, reads if case[0] in ("update", "delete") else None)


def test_switching_to_a_behavior_drops_the_formula() -> None:
    with respx.mock() as router:
        router.get(f"https://mixpanel.com{prefix(None)}/{P}3/").mock(return_value=ok(CP))
        put = router.put(f"https://mixpanel.com{prefix(None)}/{P}3/").mock(return_value=ok(CP))
        real_ws().update_custom_property(3, mp.UpdateCustomPropertyParams(behavior={"type": "count"}))
    sent = body_of(put.calls.last.request)
    assert sent["behavior"] == {"type": "count"} and "displayFormula" not in sent and "composedProperties" not in sent


def test_delete_backs_up_first(tmp_path: Path) -> None:
    with respx.mock() as router:
        nothing_uses_it(router)
        router.get(f"https://mixpanel.com{prefix(None)}/{P}").mock(return_value=ok([CP]))
        router.delete(f"https://mixpanel.com{prefix(None)}/{P}3/").mock(return_value=ok({}))
        ws = real_ws(backup_dir=tmp_path)
        ws.delete_custom_property(3)
    backup = ws.backups.latest()
    assert backup is not None and backup.family == "custom_properties" and backup.records == [CP]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "display_formula"),
        ({"display_formula": "A"}, "needs composed_properties"),
        ({"display_formula": "A", "behavior": {}, "composed_properties": {}}, "mutually exclusive"),
        ({"display_formula": "x" * 20_001, "composed_properties": {}}, "20000"),
    ],
)
def test_create_rules(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=message):
        mp.CreateCustomPropertyParams(name="x", resource_type="events", **fields)


def test_immutable_fields_are_refused() -> None:
    with pytest.raises(pydantic.ValidationError, match="cannot change"):
        mp.UpdateCustomPropertyParams(resource_type="people")  # type: ignore[call-arg]
    with pytest.raises(pydantic.ValidationError):
        mp.ComposedProperty(value="x", resource_type="events")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda ws: ws.get_custom_property("abc"), "custom_property_id"),
        (lambda ws: ws.update_custom_property(3, mp.UpdateCustomPropertyParams()), "params"),
        (lambda ws: ws.delete_custom_property(None), "custom_property_id"),
        (lambda ws: ws.validate_custom_property({"name": "x"}), "params"),
    ],
)
def test_bad_input_is_refused_before_sending(call: Any, field: str) -> None:
    with respx.mock() as router, pytest.raises(mp.InputError) as info:
        call(real_ws())
    assert info.value.field == field
    assert not router.calls
