"""Where the data dictionary is used: the event and property names a report, a cohort or a flag mentions.

Pure functions over the JSON Mixpanel stores (a report's ``params``, a cohort's definition, a flag's
``ruleset``), for the project graph's "where used" edges. They read the shapes Mixpanel's UI writes:

* reports: ``sections.show[].behavior`` (``type`` ``event`` names an event, ``custom-event`` a custom event by
  ``id``; steps and alternatives sit in ``behaviors[]``; an older form keeps the name in ``value.name``),
  retention's ``segmentationEvent``, ``measurement.property``, filters (``sections.filter[]``,
  ``behavior.filters[]``: ``value`` is the property name) and breakdowns (``sections.group[]``: ``value`` or
  ``propertyName``), a flows step's ``{"property": {"name": ...}}``, saved custom properties by
  ``customPropertyId``, inline ones through their ``composedProperties``;
* cohorts: ``behaviors.*.count.event_selector.event`` and the filters under it, and ``{"property": "user",
  "value": <user property>}`` leaves of the selector;
* flags: a rollout's ``runtime_event_rule.event_name`` and its ``property_filters``.

Names are returned as Mixpanel stores them; a property comes with its resource type (``Event``, ``User``)
where the JSON says it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mpnb.entities._family import Raw, Reference

__all__ = [
    "LexiconRefs",
    "cohort_refs",
    "flag_refs",
    "in_cohort_definition",
    "in_flag_ruleset",
    "in_report_params",
    "report_refs",
]

# resourceType spellings in report JSON -> the data dictionary's
_KINDS = {
    "events": "Event",
    "event": "Event",
    "people": "User",
    "user": "User",
    "users": "User",
    "profile": "User",
}


@dataclass
class LexiconRefs:
    """What one saved object names: events, properties (resource type, name), custom events and properties."""

    events: set[str] = field(default_factory=set)
    properties: set[tuple[str, str]] = field(default_factory=set)
    custom_events: set[int] = field(default_factory=set)
    custom_properties: set[int] = field(default_factory=set)

    def property_names(self) -> set[str]:
        return {name for _, name in self.properties}


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    """Every object inside ``value``, depth first."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            yield v
            stack.extend(reversed(list(v.values())))
        elif isinstance(v, list):
            stack.extend(reversed(v))


def _kind(value: Any, default: str = "Event") -> str:
    return _KINDS.get(str(value).lower(), default) if value is not None else default


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


CUSTOM_EVENT_PREFIX = "$custom_event:"


def _custom_event_id(behavior: dict[str, Any]) -> int | None:
    found = _int(behavior.get("id"))
    name = behavior.get("name")
    if found is None and isinstance(name, str) and name.startswith(CUSTOM_EVENT_PREFIX):
        found = _int(name.removeprefix(CUSTOM_EVENT_PREFIX))
    return found


def _behavior(b: dict[str, Any], out: LexiconRefs) -> None:
    kind = b.get("type")
    if kind == "event":
        name = b.get("name")
        if not isinstance(name, str):
            inner = b.get("value")
            name = inner.get("name") if isinstance(inner, dict) else None
        if isinstance(name, str) and name:
            out.events.add(name)
    elif kind == "custom-event":
        ce = _custom_event_id(b)
        if ce is not None:
            out.custom_events.add(ce)
    seg = b.get("segmentationEvent")
    if isinstance(seg, str) and seg:
        out.events.add(seg)


def _property_entry(d: dict[str, Any], out: LexiconRefs) -> None:
    """A filter or breakdown entry: a named property, a saved custom property, or an inline one."""
    cp = _int(d.get("customPropertyId"))
    if cp is not None:
        out.custom_properties.add(cp)
    inline = d.get("customProperty")
    if isinstance(inline, dict):
        for part in (inline.get("composedProperties") or {}).values():
            if isinstance(part, dict) and isinstance(part.get("value"), str):
                out.properties.add((_kind(part.get("resourceType")), part["value"]))
    kind = d.get("resourceType")
    if "filterType" in d or "filterOperator" in d or "propertyType" in d or "propertyName" in d:
        name = d.get("propertyName") if isinstance(d.get("propertyName"), str) else d.get("value")
        if isinstance(name, str) and name and cp is None:
            out.properties.add((_kind(kind), name))


def report_refs(params: Any) -> LexiconRefs:
    """The events, properties, custom events and custom properties a report's ``params`` name."""
    out = LexiconRefs()
    if not isinstance(params, dict):
        return out
    for d in _dicts(params):
        if "behavior" in d and isinstance(d["behavior"], dict):
            _behavior(d["behavior"], out)
        if "type" in d and d.get("type") in ("event", "custom-event") and ("name" in d or "id" in d):
            _behavior(d, out)  # a step or alternative inside behaviors[]
        measurement = d.get("measurement")
        if isinstance(measurement, dict) and isinstance(measurement.get("property"), dict):
            prop = measurement["property"]
            if isinstance(prop.get("name"), str):
                out.properties.add((_kind(prop.get("resourceType")), prop["name"]))
        prop = d.get("property")
        if isinstance(prop, dict) and isinstance(prop.get("name"), str) and "filter" in d:  # a flows segfilter
            out.properties.add((_kind(prop.get("source")), prop["name"]))
        _property_entry(d, out)
    return out


def cohort_refs(definition: Any) -> LexiconRefs:
    """The events and properties a cohort's definition (its ``selector`` and ``behaviors``) names."""
    out = LexiconRefs()
    if not isinstance(definition, dict):
        return out
    for d in _dicts(definition):
        selector = d.get("event_selector")
        if isinstance(selector, dict):
            event = selector.get("event")
            if isinstance(event, str) and event.startswith(CUSTOM_EVENT_PREFIX):  # a custom event, by its id
                ce = _int(selector.get("id"))
                ce = ce if ce is not None else _int(event.removeprefix(CUSTOM_EVENT_PREFIX))
                if ce is not None:
                    out.custom_events.add(ce)
            elif isinstance(event, str) and event:
                out.events.add(event)
        if d.get("property") == "user" and isinstance(d.get("value"), str) and d["value"]:
            out.properties.add(("User", d["value"]))
        _property_entry(d, out)
    return out


def flag_refs(ruleset: Any) -> LexiconRefs:
    """The events and properties a flag's ``ruleset`` (its rollouts' runtime event rules) names."""
    out = LexiconRefs()
    if not isinstance(ruleset, dict):
        return out
    for d in _dicts(ruleset):
        rule = d.get("runtime_event_rule")
        if isinstance(rule, dict):
            if isinstance(rule.get("event_name"), str) and rule["event_name"]:
                out.events.add(rule["event_name"])
            for f in _dicts(rule.get("property_filters")):
                name = f.get("property") if isinstance(f.get("property"), str) else f.get("name")
                if isinstance(name, str) and name:
                    out.properties.add(("Event", name))
        cohort = d.get("cohort_definition")
        if isinstance(cohort, dict):
            inner = cohort_refs(cohort)
            out.events |= inner.events
            out.properties |= inner.properties
    return out


# -- as the project graph's edges ------------------------------------------------------------------------------
def _sorted(read: Callable[[Raw], LexiconRefs], pick: Callable[[LexiconRefs], set[Any]]) -> Callable[[Raw], list[Any]]:
    return lambda record: sorted(pick(read(record)))


def _once(parse: Callable[[Any], LexiconRefs], field: str | None) -> Callable[[Raw], LexiconRefs]:
    """``parse`` of a record's ``field`` (the whole record when None), remembered for the last value seen:
    a family's four where-used references read the same record one after another (the graph links record by
    record), so the JSON is walked once, not four times. The value itself is the key (``is``), never an
    equal copy, and only the last one is kept, as one tuple read and written whole (threads that restore or
    copy side by side never see one value's key with another's answer)."""
    last: list[tuple[Any, LexiconRefs]] = [(None, LexiconRefs())]

    def read(record: Raw) -> LexiconRefs:
        value = record if field is None else record.get(field)
        seen, refs = last[0]
        if value is None or value is not seen:
            refs = parse(value)
            last[0] = (value, refs)
        return refs

    return read


def _where_used(read: Callable[[Raw], LexiconRefs], verb: str, field: str) -> tuple[Reference, ...]:
    """References to events and properties (by name) and to saved custom events and properties (by id, in
    ``field``'s JSON) for a family's entry. Names are never rewritten (a display name never changes a tracked
    name) and do not order creation (a definition is not a prerequisite of a report); a custom event or
    property is: a copy creates it first and writes its new id into the query, and a restore of a deleted one
    points what used it at the id it comes back with."""
    quiet: dict[str, Any] = {"orders": False, "repoint": False}
    custom: dict[str, Any] = {"field": field}  # a restore of one points what used it at its new id
    return (
        Reference("events", f"{verb} the event", _sorted(read, lambda r: r.events), by="name", **quiet),
        Reference("properties", f"{verb} the property", _sorted(read, LexiconRefs.property_names), by="name", **quiet),
        Reference(
            "custom_events",
            f"{verb} the custom event",
            _sorted(read, lambda r: r.custom_events),
            rewriter=rewrite_custom_events,
            **custom,
        ),
        Reference(
            "custom_properties",
            f"{verb} the custom property",
            _sorted(read, lambda r: r.custom_properties),
            nested_key="customPropertyId",
            **custom,
        ),
    )


def rewrite_custom_events(value: Any, new_id: Callable[[Any], Any]) -> Any:
    """A deep copy of ``value`` with every custom event id mapped by ``new_id`` (kept when that is None):
    a behavior's ``id`` and its ``$custom_event:<id>`` name, a cohort selector's ``event``."""
    if isinstance(value, list):
        return [rewrite_custom_events(v, new_id) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: rewrite_custom_events(v, new_id) for k, v in value.items()}
    old = _custom_event_id(value) if value.get("type") == "custom-event" else None
    event = value.get("event")
    if old is None and isinstance(event, str) and event.startswith(CUSTOM_EVENT_PREFIX):
        old = _int(event.removeprefix(CUSTOM_EVENT_PREFIX))
    new = new_id(old) if old is not None else None
    if new is None:
        return out
    if "id" in value and (value.get("type") == "custom-event" or _int(value["id"]) == old):
        out["id"] = new
    if _int(value.get("customEventId")) == old:
        out["customEventId"] = new
    for key in ("name", "event"):
        if isinstance(value.get(key), str) and value[key] == f"{CUSTOM_EVENT_PREFIX}{old}":
            out[key] = f"{CUSTOM_EVENT_PREFIX}{new}"
    return out


def in_report_params() -> tuple[Reference, ...]:
    """The events and properties a report's ``params`` name, as references of the reports' registry entry."""
    return _where_used(_once(report_refs, "params"), "queries", "params")


def in_cohort_definition() -> tuple[Reference, ...]:
    """The events and properties a cohort's definition (flattened in its record) names."""
    return _where_used(_once(cohort_refs, None), "selects by", "definition")


def in_flag_ruleset() -> tuple[Reference, ...]:
    """The events and properties a flag's rollout rules name."""
    return _where_used(_once(flag_refs, "ruleset"), "targets by", "ruleset")
