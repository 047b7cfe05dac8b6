"""Custom events through the Workspace (in-process and loopback): a form-encoded create, Lexicon calls by id."""

from __future__ import annotations

import pytest

import mpnb as mp


def test_create_describe_delete(any_ws: mp.Workspace) -> None:
    ws = any_ws
    made = ws.create_custom_event(
        mp.CreateCustomEventParams(name="Checkout Any", alternatives=["Checkout", "checkout"])
    )
    assert [a.event for a in made.alternatives] == ["Checkout", "checkout"]
    row = ws.update_custom_event(made.id, mp.UpdateEventDefinitionParams(description="Either spelling"))
    assert row.custom_event_id == made.id and row.description == "Either spelling"
    assert made.id in {c.custom_event_id for c in ws.list_custom_events()}
    assert "Checkout Any" not in {e.name for e in ws.list_event_definitions()}  # not a plain event
    with pytest.raises(mp.BadRequestError):
        ws.create_custom_event(mp.CreateCustomEventParams(name="Broken", alternatives=["No Such Event"]))
    ws.delete_custom_event(made.id)
    assert made.id not in {c.custom_event_id for c in ws.list_custom_events()}
    with pytest.raises(mp.NotFoundError):
        ws.update_custom_event(made.id, mp.UpdateEventDefinitionParams(hidden=True))
