"""Lexicon event definitions (the data dictionary's events): models, endpoint table and ``EventsMethods``.

An event is known by its name: every call names it in a query string or a JSON body, all on one path,
``data-definitions/events/``. One PATCH there updates one definition (``{"name": ..., fields}``) or many
(``{"events": [...]}``), so hiding 400 events is one request. Custom events have Lexicon rows too (with a
``customEventId``); they are the ``custom_events`` family and are left out of the events family's reads.

>>> ws.get_event_definitions(names=["Add to Cart", "add_to_cart"])
>>> ws.bulk_update_event_definitions([mp.BulkEventUpdate(name="add_to_cart", hidden=True)])
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field, field_validator

from mpnb._http import Http, Op
from mpnb._models import InputModel, ResponseModel, Timestamp, body_of, parse_list, parse_model
from mpnb.entities._base import FamilyBase
from mpnb.entities._family import Family, Raw, Reference
from mpnb.entities._lexicon import NAME_MAX, check_name, check_names, read_lexicon
from mpnb.errors import InputError

__all__ = [
    "BulkEventUpdate",
    "EventDefinition",
    "EventsMethods",
    "UpdateEventDefinitionParams",
]

BULK_MAX = 1000  # entries per bulk PATCH: no limit is documented, so the body stays moderate


class EventDefinition(ResponseModel):
    """An event of the data dictionary. ``lexicon_id`` is Lexicon's row id (``id`` on the wire); the event
    itself is known by ``name``. ``contacts`` are its owners' emails; ``tags`` are Lexicon tag names."""

    lexicon_id: int | None = Field(default=None, alias="id")
    name: str
    display_name: str | None = Field(default=None, alias="displayName")
    description: str | None = None
    hidden: bool | None = None
    dropped: bool | None = None
    merged: bool | None = None
    verified: bool | None = None
    tags: list[str] | None = None
    contacts: list[str] | None = None
    team_contacts: list[str] | None = Field(default=None, alias="teamContacts")
    custom_event_id: int | None = Field(default=None, alias="customEventId")
    status: str | None = None
    platforms: list[str] | None = None
    is_mixpanel_definition: bool | None = Field(default=None, alias="isMixpanelDefinition")
    created_utc: Timestamp | None = Field(default=None, alias="createdUtc")
    modified_utc: Timestamp | None = Field(default=None, alias="modifiedUtc")
    last_modified: Timestamp | None = Field(default=None, alias="lastModified")


def _unique_texts(value: Any, field: str) -> Any:
    if isinstance(value, list):
        for v in value:
            if not isinstance(v, str) or not v.strip():
                raise ValueError(f"{field} must be non-empty texts, got {v!r}")
        if len(set(value)) != len(value):
            raise ValueError(f"{field} lists a value twice")
    return value


class _EventFields(InputModel):
    """The fields of an event definition a person may change (shared by the single and the bulk update)."""

    description: str | None = None
    """What the event means, shown in Lexicon and every picker."""
    display_name: str | None = Field(default=None, alias="displayName", max_length=NAME_MAX)
    """The name shown instead of the tracked name (the tracked name never changes; reports keep working)."""
    hidden: bool | None = None
    """Hidden from pickers; its data is kept and reports using it keep working."""
    dropped: bool | None = None
    """Dropped at ingestion: new data of this event is discarded from now on (not reversible for that data)."""
    merged: bool | None = None
    """Merged into another event (Lexicon's merge)."""
    verified: bool | None = None
    """Verified by the people who govern the data dictionary."""
    tags: list[str] | None = None
    """Lexicon tag names; replaces the current set."""
    contacts: list[str] | None = None
    """Owners' emails; replaces the current set."""
    team_contacts: list[str] | None = None
    """Owning teams; replaces the current set."""

    @field_validator("tags", "contacts", "team_contacts")
    @classmethod
    def _texts(cls, value: Any, info: Any) -> Any:
        return _unique_texts(value, info.field_name)


class UpdateEventDefinitionParams(_EventFields):
    """The fields to change on one event definition; unset ones stay as they are."""


class BulkEventUpdate(_EventFields):
    """One event of ``bulk_update_event_definitions``: its ``name`` plus the fields to change."""

    name: str = Field(min_length=1, max_length=NAME_MAX)
    """The event's name, exactly as tracked."""


# -- endpoints ---------------------------------------------------------------------------------------
class OPS:
    # One path for every operation; the body says which event(s). A bulk PATCH is safe to repeat.
    LIST = Op("list_event_definitions", "GET", "data-definitions/events/")
    UPDATE = Op("update_event_definition", "PATCH", "data-definitions/events/")
    BULK_UPDATE = Op("bulk_update_event_definitions", "PATCH", "data-definitions/events/", idempotent=True)
    DELETE = Op("delete_event_definition", "DELETE", "data-definitions/events/")


_WIRE = {"display_name": "displayName"}


def wire(changes: Raw) -> Raw:
    """Changes keyed as the models name them, keyed as the PATCH takes them."""
    return {_WIRE.get(k, k): v for k, v in changes.items()}


def plain_events(records: list[Raw]) -> list[Raw]:
    """The rows of events, without the custom events' rows (the ``custom_events`` family)."""
    return [r for r in records if r.get("customEventId") is None]


def _read(http: Http, query: dict[str, Any]) -> list[Raw]:
    names = query.pop("names", None)
    return plain_events(read_lexicon(http, OPS.LIST, query, names))


def _write(http: Http, name: Any, changes: Raw, current: Raw | None) -> Any:
    return http.call(OPS.UPDATE, json_body={**wire(changes), "name": name}, natural_key=str(name))


def _remove(http: Http, name: Any) -> Any:
    return http.call(OPS.DELETE, json_body={"name": name})


def tag_names(record: Raw) -> list[Any]:
    """The Lexicon tags a definition carries (by name)."""
    return [t for t in record.get("tags") or [] if isinstance(t, str)]


FAMILY = Family(
    name="events",
    singular="event",
    words=("event definitions", "lexicon events"),
    model=EventDefinition,
    ops=OPS,
    id_kind="name",
    id_key="name",
    ids_param="name[]",
    natural_key=("name",),
    content=("name",),
    modified="modifiedUtc",
    references=(Reference("lexicon_tags", "tagged with", tag_names, field="tags", on_delete="unlinks", by="name"),),
    bulk_update_key="events",
    body=wire,
    write=_write,
    reader=_read,
    remover=_remove,
)


class EventsMethods(FamilyBase):
    """Event definitions: read by name or all, describe/tag/hide one or many (one PATCH), delete with backup."""

    FAMILY: ClassVar[Family] = FAMILY

    def list_event_definitions(self) -> list[EventDefinition]:
        """Every event of the data dictionary (one request; custom events are ``list_custom_events()``)."""
        return parse_list(EventDefinition, _read(self._http, {}), what="list_event_definitions")

    def get_event_definitions(self, *, names: list[str]) -> list[EventDefinition]:
        """The definitions of the events called ``names`` (exact names; an unknown name is simply absent).

        Mixpanel may answer several rows for one name (a custom event of that name, too): every row it
        sends is returned. An empty ``names`` asks for nothing and sends nothing.
        """
        wanted = check_names(names, "names")
        if not wanted:
            return []
        found = read_lexicon(self._http, OPS.LIST, {}, wanted)
        return parse_list(EventDefinition, found, what="get_event_definitions")

    def update_event_definition(self, event_name: str, params: UpdateEventDefinitionParams) -> EventDefinition:
        """PATCH the fields set in ``params`` on the event called ``event_name``; its definition as it is now.

        Mixpanel creates a definition for a name it does not know, so the name must be exact.
        """
        name = check_name(event_name, "event_name")
        body = body_of(params)
        if not body:
            raise InputError("UpdateEventDefinitionParams sets no field; nothing to update", field="params")
        data = FAMILY.send_write(self._http, name, body)
        return parse_model(EventDefinition, data, what="update_event_definition")

    def bulk_update_event_definitions(self, entries: list[BulkEventUpdate]) -> list[EventDefinition]:
        """Update many events with one PATCH (``BULK_MAX`` entries a request); the definitions Mixpanel answers.

        Each entry carries the event's ``name`` and only the fields it changes.
        """
        if not isinstance(entries, list) or not entries:
            raise InputError("entries must be a non-empty list of mp.BulkEventUpdate", field="entries")
        body = []
        for i, e in enumerate(entries):
            if not isinstance(e, BulkEventUpdate):
                raise InputError(
                    f"entries[{i}] must be a BulkEventUpdate, got {type(e).__name__}", field=f"entries[{i}]"
                )
            check_name(e.name, f"entries[{i}].name")
            body.append(body_of(e))
        if len({e["name"] for e in body}) != len(body):
            raise InputError("entries name an event twice; merge its changes into one entry", field="entries")
        out: list[EventDefinition] = []
        for start in range(0, len(body), BULK_MAX):
            data = self._http.call(OPS.BULK_UPDATE, json_body={"events": body[start : start + BULK_MAX]})
            out += parse_list(EventDefinition, data, what="bulk_update_event_definitions")
        return out

    def delete_event_definition(self, event_name: str) -> None:
        """Delete an event's definition (its description, tags, owners...), after backing it up.

        Its tracked data is not deleted; a later event of that name gets a fresh, empty definition.
        """
        name = check_name(event_name, "event_name")

        def rows() -> list[Raw]:
            return [r for r in plain_events(read_lexicon(self._http, OPS.LIST, {}, [name])) if r.get("name") == name]

        self._delete(
            "events",
            [name],
            rows(),
            lambda: FAMILY.send_delete(self._http, name),
            id_key="name",
            still_there=rows,
        )
