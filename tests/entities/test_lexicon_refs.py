"""Where the data dictionary is used: the names a report's params, a cohort's definition, a flag's ruleset hold."""

from __future__ import annotations

from typing import Any

import mpnb as mp
from mpnb.entities._lexicon_refs import cohort_refs, flag_refs, report_refs
from mpnb.sandbox.seed.reports import EVENTS


def test_every_demo_report_names_the_event_it_counts() -> None:
    ws = mp.Workspace.sandbox(seed=1)
    reports = ws.list_bookmarks_v2()
    seen: set[str] = set()
    for r in reports:
        refs = report_refs(r.params)
        assert refs.events, (r.id, r.params)
        assert refs.events <= set(EVENTS), refs.events
        assert not refs.properties and not refs.custom_events and not refs.custom_properties
        seen |= refs.events
    funnels = [r for r in reports if r.bookmark_type == "funnels"]
    assert funnels and all({"Checkout", "Purchase"} <= report_refs(r.params).events for r in funnels)
    assert len(seen) > 5


def test_every_demo_cohort_names_its_event_or_nothing() -> None:
    ws = mp.Workspace.sandbox(seed=1)
    named = {c.name: cohort_refs(c.definition).events for c in ws.list_cohorts_full()}
    assert named["Cart Abandoners"] == {"Add to Cart"} and named["Power Users"] == {"App Open"}
    assert named["Engaged Purchasers"] == set()  # built from other cohorts only


def test_report_shapes_mixpanel_writes() -> None:
    params = {
        "sections": {
            "show": [
                {
                    "type": "metric",
                    "behavior": {
                        "type": "funnel",
                        "behaviors": [
                            {"type": "event", "name": "Sign Up", "filters": []},
                            {"type": "custom-event", "id": 42, "name": "$custom_event:42"},
                        ],
                    },
                    "measurement": {"property": {"name": "amount", "resourceType": "events"}},
                },
                {"behavior": {"type": "event", "value": {"name": "Legacy Shape"}, "segmentationEvent": "App Open"}},
                {"behavior": {"type": "custom-event", "name": "$custom_event:7"}},
            ],
            "filter": [
                {"value": "$browser", "resourceType": "events", "filterType": "string", "filterOperator": "equals"},
                {"value": "plan", "resourceType": "people", "filterType": "string", "filterValue": "pro"},
                {"customPropertyId": 9, "dataset": "$mixpanel", "filterType": "number"},
            ],
            "group": [
                {"value": "country", "propertyType": "string", "resourceType": "events"},
                {"propertyName": "Company", "propertyType": "string", "resourceType": "people"},
                {
                    "customProperty": {
                        "displayFormula": "A",
                        "composedProperties": {"A": {"value": "utm_source", "type": "string", "resourceType": "event"}},
                    },
                    "propertyType": "string",
                },
            ],
        }
    }
    refs = report_refs(params)
    assert refs.events == {"Sign Up", "Legacy Shape", "App Open"}
    assert refs.custom_events == {42, 7}
    assert refs.custom_properties == {9}
    assert refs.properties == {
        ("Event", "amount"),
        ("Event", "$browser"),
        ("User", "plan"),
        ("Event", "country"),
        ("User", "Company"),
        ("Event", "utm_source"),
    }


def test_flows_step_filters_name_properties() -> None:
    params = {"steps": [{"event": "x", "filters": [{"property": {"name": "$os", "source": "events"}, "filter": {}}]}]}
    assert report_refs(params).properties == {("Event", "$os")}


def test_cohort_shapes() -> None:
    definition = {
        "selector": {
            "operator": "and",
            "children": [
                {"property": "behaviors", "value": "bhvr_0"},
                {"property": "user", "value": "email", "operator": "is_set"},
                {"property": "cohort", "value": 12, "operator": "in"},
            ],
        },
        "behaviors": {
            "bhvr_0": {
                "count": {
                    "event_selector": {
                        "event": "Purchase",
                        "selector": {"value": "amount", "resourceType": "events", "filterType": "number"},
                    },
                    "type": "absolute",
                }
            }
        },
    }
    refs = cohort_refs(definition)
    assert refs.events == {"Purchase"}
    assert refs.properties == {("User", "email"), ("Event", "amount")}


def test_flag_runtime_event_rules() -> None:
    ruleset = {
        "rollout": [
            {"runtime_event_rule": {"event_name": "Checkout", "property_filters": [{"property": "cart_size"}]}},
            {"cohort_definition": {"behaviors": {"b": {"count": {"event_selector": {"event": "Login"}}}}}},
        ]
    }
    refs = flag_refs(ruleset)
    assert refs.events == {"Checkout", "Login"} and refs.property_names() == {"cart_size"}


def test_anything_else_names_nothing() -> None:
    for value in (None, [], "x", 3, {"sections": None}):
        assert report_refs(value) == cohort_refs(value) == flag_refs(value)


def test_the_references_a_family_can_declare_find_the_same_names() -> None:
    from mpnb.entities._lexicon_refs import in_cohort_definition, in_flag_ruleset, in_report_params

    ws = mp.Workspace.sandbox(seed=1)
    events, props, custom_events, custom_props = in_report_params()
    assert (events.target, props.target, events.by, events.repoint, events.orders) == (
        "events",
        "properties",
        "name",
        False,
        False,
    )
    for r in ws.records("reports").read_all():
        assert events.find(r) == sorted(report_refs(r["params"]).events) and props.find(r) == []
    for c in ws.records("cohorts").read_all():  # the definition is flattened in a cohort's record
        assert in_cohort_definition()[0].find(c) == sorted(cohort_refs(c).events)
    rule = {"ruleset": {"rollout": [{"runtime_event_rule": {"event_name": "Checkout"}}]}}
    assert in_flag_ruleset()[0].find(rule) == ["Checkout"]
    for ref in (*in_report_params(), *in_cohort_definition(), *in_flag_ruleset()):
        assert ref.find({}) == []
    # saved custom events and properties are known by id (a rename of one never orphans a report), written in
    # the params a copy rewrites and a restore re-points
    assert (custom_events.target, custom_props.target, custom_events.by, custom_events.field) == (
        "custom_events",
        "custom_properties",
        "id",
        "params",
    )
    assert custom_events.repoint and custom_props.nested_key == "customPropertyId"
    params = {
        "sections": {
            "show": [{"behavior": {"type": "custom-event", "id": 42, "name": "$custom_event:42"}}],
            "filter": [{"customPropertyId": 9, "dataset": "$mixpanel", "filterType": "number"}],
        }
    }
    assert custom_events.find({"params": params}) == [42] and custom_props.find({"params": params}) == [9]


def test_a_records_four_references_walk_its_json_once() -> None:
    """The graph links record by record: the four where-used references of one report parse its params once,
    and a record with other params (even equal ones) is parsed afresh."""
    from mpnb.entities._lexicon_refs import _once, _where_used

    seen: list[Any] = []

    def parse(params: Any) -> Any:
        seen.append(params)
        return report_refs(params)

    refs = _where_used(_once(parse, "params"), "queries", "params")
    params = {"sections": {"show": [{"behavior": {"type": "event", "name": "Login"}}]}}
    record = {"params": params}
    assert [ref.find(record) for ref in refs] == [["Login"], [], [], []]
    assert seen == [params]
    other = {"params": {"sections": {"show": [{"behavior": {"type": "event", "name": "Login"}}]}}}
    assert refs[0].find(other) == ["Login"] and len(seen) == 2
    assert refs[0].find(record) == ["Login"] and len(seen) == 3  # only the last value is remembered


def test_custom_event_ids_are_rewritten_wherever_they_are_written() -> None:
    from mpnb.entities._lexicon_refs import rewrite_custom_events

    params = {
        "show": [{"behavior": {"type": "custom-event", "id": 4, "name": "$custom_event:4"}}],
        "steps": [{"type": "custom-event", "name": "$custom_event:4"}, {"type": "event", "name": "$custom_event:4x"}],
        "selector": {"event": "$custom_event:4", "customEventId": 4},
        "other": {"type": "custom-event", "id": 9, "name": "$custom_event:9"},
    }
    out = rewrite_custom_events(params, {4: 40}.get)
    assert out["show"][0]["behavior"] == {"type": "custom-event", "id": 40, "name": "$custom_event:40"}
    assert out["steps"] == [
        {"type": "custom-event", "name": "$custom_event:40"},
        {"type": "event", "name": "$custom_event:4x"},  # a plain event's name is never touched
    ]
    assert out["selector"] == {"event": "$custom_event:40", "customEventId": 40}
    assert out["other"] == params["other"]  # not in the map: kept
    assert params["show"][0]["behavior"]["id"] == 4  # the input is not changed
    assert cohort_refs({"behaviors": {"b": {"event_selector": {"event": "$custom_event:4"}}}}).events == set()
