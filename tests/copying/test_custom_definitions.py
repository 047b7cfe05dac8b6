"""A copied report (or cohort) that counts a custom event or uses a custom property brings it along: created in
the target first, and the copied query points at its new id (never at a target definition that happens to
have the old number)."""

from __future__ import annotations

import json
from typing import Any

import mpnb as mp
from mpnb.copying import copy
from mpnb.entities._lexicon_refs import report_refs


def _custom(ws: mp.Workspace, tag: str) -> tuple[int, int]:
    event = ws.create_custom_event(mp.CreateCustomEventParams(name=f"Cart {tag}", alternatives=["Add to Cart"]))
    prop = ws.create_custom_property(
        mp.CreateCustomPropertyParams(
            name=f"Amount x2 {tag}",
            resource_type="events",
            display_formula="A * 2",
            composed_properties={"A": mp.ComposedProperty(value="amount", resource_type="event", type="number")},
        )
    )
    return event.id, prop.custom_property_id


def _board(src: mp.Workspace, ce: int, cp: int) -> tuple[int, list[int]]:
    params = {
        "sections": {
            "show": [{"behavior": {"type": "custom-event", "id": ce, "name": f"$custom_event:{ce}"}}],
            "filter": [{"customPropertyId": cp, "dataset": "$mixpanel", "filterType": "number"}],
        }
    }
    card = mp.DashboardRowContent(
        content_type="report",
        content_params={"bookmark": {"name": "Carts", "type": "insights", "params": json.dumps(params)}},
    )
    rows = [mp.DashboardRow(contents=[card])]
    board = src.create_dashboard(mp.CreateDashboardParams(title="Custom board", rows=rows))
    return board.id, board.report_ids


def test_a_board_brings_the_custom_definitions_its_reports_use(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    _custom(dst, "already in the target")  # the target's own: its ids must not be mistaken for the source's
    ce, cp = _custom(src, "source")
    board, reports = _board(src, ce, cp)
    plan = copy(src, dst, dashboards=[board])
    frame = plan.to_frame()
    rows = {(f, str(i)): (a, w) for f, i, a, w in zip(frame.family, frame.source_id, frame.action, frame.why)}
    assert rows[("custom_events", str(ce))][0] == "create" and "report" in rows[("custom_events", str(ce))][1]
    assert rows[("custom_properties", str(cp))][0] == "create"
    assert not plan.unresolved

    result = plan.apply()
    assert set(result.to_frame().status) == {"ok"}
    new_ce, new_cp = result.id_map["custom_events"][ce], result.id_map["custom_properties"][cp]
    made = {c.custom_event_id: c for c in dst.list_custom_events()}
    assert [a.event for a in made[new_ce].alternatives or []] == ["Add to Cart"]
    copied = dst.get_bookmark(result.id_map["reports"][reports[0]])
    refs = report_refs(copied.params)
    assert (refs.custom_events, refs.custom_properties) == ({new_ce}, {new_cp})
    behavior: dict[str, Any] = copied.params["sections"]["show"][0]["behavior"]  # type: ignore[index]
    assert behavior == {"type": "custom-event", "id": new_ce, "name": f"$custom_event:{new_ce}"}

    again = copy(src, dst, dashboards=[board])  # the journal: nothing created twice
    assert set(again.to_frame().action) <= {"skip", "update", "unchanged"}
    assert len([c for c in dst.list_custom_events() if c.name == "Cart source"]) == 1


def test_a_cohort_selecting_by_a_custom_event_brings_it(pair: tuple[mp.Workspace, mp.Workspace]) -> None:
    src, dst = pair
    ce, _ = _custom(src, "cohort")
    definition = {"behaviors": {"b": {"event_selector": {"event": f"$custom_event:{ce}"}}}}
    cohort = src.create_cohort(mp.CreateCohortParams(name="Carters", definition=definition))
    result = copy(src, dst, cohorts=[cohort.id]).apply()
    assert set(result.to_frame().status) == {"ok"}
    new_ce = result.id_map["custom_events"][ce]
    made = dst.get_cohort(result.id_map["cohorts"][cohort.id])
    assert made.definition["behaviors"]["b"]["event_selector"]["event"] == f"$custom_event:{new_ce}"
