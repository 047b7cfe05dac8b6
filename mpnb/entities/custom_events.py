"""Custom events (one name for several tracked events): models, endpoint table and ``CustomEventsMethods``.

Two surfaces: the definition is created with a form-encoded POST to ``custom_events/`` (that endpoint takes no
JSON); after that a custom event lives as a Lexicon row on ``data-definitions/events/`` (listed with
``custom_event=true``), updated and deleted there by its ``customEventId``. A name alone would address (or
create) a plain event's row instead, so every call here names the id.

>>> made = ws.create_custom_event(
...     mp.CreateCustomEventParams(name="Cart Added", alternatives=["Add to Cart", "add_to_cart"]))
>>> ws.update_custom_event(made.id, mp.UpdateEventDefinitionParams(description="Any add-to-cart event"))
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from pydantic import Field, field_validator

from mpnb._http import Http, Op, objects_of
from mpnb._models import InputModel, ResponseModel, body_of, parse_list, parse_model
from mpnb.entities._base import FamilyBase, check_int_id
from mpnb.entities._family import Family, Raw, Reference
from mpnb.entities._lexicon import NAME_MAX, check_name
from mpnb.entities.events import EventDefinition, UpdateEventDefinitionParams, tag_names, wire
from mpnb.errors import InputError, InvalidResponseError

__all__ = [
    "CreateCustomEventParams",
    "CustomEvent",
    "CustomEventAlternative",
    "CustomEventDefinition",
    "CustomEventsMethods",
]

MAX_ALTERNATIVES = 25  # "A Custom Event definition can include up to 25 events"


class CustomEventAlternative(ResponseModel):
    """One tracked event a custom event stands for (``valid_segfilter``: its property filter, if any)."""

    event: str
    valid_segfilter: Any = None


class CustomEvent(ResponseModel):
    """A custom event's definition, as its create answers it: ``id`` is the ``customEventId`` of its Lexicon row."""

    id: int
    name: str
    alternatives: list[CustomEventAlternative] = Field(default_factory=list)


class CustomEventDefinition(EventDefinition):
    """A custom event's Lexicon row: an event definition whose ``custom_event_id`` is set, and the events it
    stands for (``alternatives``, when Mixpanel sends them)."""

    alternatives: list[CustomEventAlternative] | None = None


class CreateCustomEventParams(InputModel):
    """A new custom event: its ``name`` and the tracked event names it stands for (1 to 25, each once)."""

    name: str = Field(min_length=1, max_length=NAME_MAX)
    """The custom event's name, as reports will show it."""
    alternatives: list[str] = Field(min_length=1, max_length=MAX_ALTERNATIVES)
    """The tracked events it counts, exactly as tracked."""

    @field_validator("alternatives")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        for v in value:
            check_name(v, "alternatives")
        if len(set(value)) != len(value):
            raise ValueError("alternatives lists an event twice")
        return value

    def form(self) -> dict[str, str]:
        """The form body Mixpanel takes: ``alternatives`` as JSON text of ``[{"event": name}, ...]``."""
        return {"name": self.name, "alternatives": json.dumps([{"event": e} for e in self.alternatives])}


class OPS:
    LIST = Op("list_custom_events", "GET", "data-definitions/events/")
    CREATE = Op("create_custom_event", "POST", "custom_events/")
    UPDATE = Op("update_custom_event", "PATCH", "data-definitions/events/")
    DELETE = Op("delete_custom_event", "DELETE", "data-definitions/events/")


LIST_QUERY = {"custom_event": "true"}


def _read(http: Http, query: dict[str, Any]) -> list[Raw]:
    rows = objects_of(http.call(OPS.LIST, params={**query, **LIST_QUERY}), OPS.LIST.name)
    return [r for r in rows if r.get("customEventId") is not None]


def _write(http: Http, ceid: Any, changes: Raw, current: Raw | None) -> Any:
    data = http.call(OPS.UPDATE, json_body={**wire(changes), "customEventId": ceid})
    got = data.get("customEventId") if isinstance(data, dict) else None
    if got is not None and got != ceid:
        raise InvalidResponseError(
            f"update_custom_event({ceid}) was answered with custom event {got}: Mixpanel may have created a new "
            "Lexicon row instead of updating; check ws.list_custom_events()"
        )
    return data


def _remove(http: Http, ceid: Any) -> Any:
    return http.call(OPS.DELETE, json_body={"customEventId": ceid})


def alternative_events(record: Raw) -> list[Any]:
    """The tracked event names a custom event's record stands for."""
    alts = record.get("alternatives") or []
    return [a.get("event") for a in alts if isinstance(a, dict) and isinstance(a.get("event"), str)]


FAMILY = Family(
    name="custom_events",
    singular="custom_event",
    words=("custom events", "custom-events"),
    model=CustomEventDefinition,
    ops=OPS,
    id_key="customEventId",
    list_all=dict(LIST_QUERY),
    natural_key=("name",),
    content_of=lambda r: {"name": r.get("name"), "alternatives": sorted(map(str, alternative_events(r)))},
    modified="modifiedUtc",
    references=(
        Reference("events", "stands for the event", alternative_events, field="alternatives", by="name"),
        Reference("lexicon_tags", "tagged with", tag_names, field="tags", on_delete="unlinks", by="name"),
    ),
    body=wire,
    write=_write,
    reader=_read,
    remover=_remove,
)


class CustomEventsMethods(FamilyBase):
    """Custom events: list, create (form-encoded), describe/tag/hide by id, delete by id with a backup."""

    FAMILY: ClassVar[Family] = FAMILY

    def list_custom_events(self) -> list[CustomEventDefinition]:
        """Every custom event's Lexicon row."""
        return parse_list(CustomEventDefinition, _read(self._http, {}), what="list_custom_events")

    def create_custom_event(self, params: CreateCustomEventParams) -> CustomEvent:
        """Create a custom event counting ``params.alternatives``; its definition (``id`` = its customEventId)."""
        data = self._http.call(OPS.CREATE, form_body=params.form(), natural_key=params.name)
        if isinstance(data, dict) and isinstance(data.get("custom_event"), dict):
            data = data["custom_event"]
        return parse_model(CustomEvent, data, what="create_custom_event")

    def update_custom_event(self, custom_event_id: int, params: UpdateEventDefinitionParams) -> CustomEventDefinition:
        """PATCH the Lexicon fields set in ``params`` (description, tags, hidden, ...) of one custom event.

        An answer about another custom event is an ``mp.InvalidResponseError`` (a row may have been created).
        """
        ceid = check_int_id(custom_event_id, "custom_event_id")
        body = body_of(params)
        if not body:
            raise InputError("UpdateEventDefinitionParams sets no field; nothing to update", field="params")
        data = FAMILY.send_write(self._http, ceid, body)
        return parse_model(CustomEventDefinition, data, what="update_custom_event")

    def delete_custom_event(self, custom_event_id: int) -> None:
        """Delete a custom event (reports counting it stop working), after backing up its row."""
        ceid = check_int_id(custom_event_id, "custom_event_id")

        def rows() -> list[Raw]:
            return [r for r in _read(self._http, {}) if r.get("customEventId") == ceid]

        self._delete(
            "custom_events",
            [ceid],
            rows(),
            lambda: FAMILY.send_delete(self._http, ceid),
            id_key="customEventId",
            still_there=rows,
        )
