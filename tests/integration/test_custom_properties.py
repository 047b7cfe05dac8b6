"""Custom properties through the Workspace (in-process and loopback): the update keeps what it does not change."""

from __future__ import annotations

import pytest

import mpnb as mp

PARAMS = mp.CreateCustomPropertyParams(
    name="Twice",
    resource_type="events",
    description="Double the amount",
    display_formula="A * 2",
    composed_properties={"A": mp.ComposedProperty(value="amount", resource_type="event", type="number")},
)


def test_validate_create_update_delete(any_ws: mp.Workspace) -> None:
    ws = any_ws
    assert ws.validate_custom_property(PARAMS).valid is True
    broken = PARAMS.model_copy(update={"display_formula": "A * (2"})
    verdict = ws.validate_custom_property(broken)
    assert verdict.valid is False and verdict.errors
    made = ws.create_custom_property(PARAMS)
    got = ws.update_custom_property(made.custom_property_id, mp.UpdateCustomPropertyParams(name="Doubled"))
    assert got.name == "Doubled" and got.description == "Double the amount" and got.display_formula == "A * 2"
    assert got.composed_properties is not None and got.composed_properties["A"].value == "amount"
    ws.delete_custom_property(made.custom_property_id)
    with pytest.raises(mp.NotFoundError):
        ws.get_custom_property(made.custom_property_id)
