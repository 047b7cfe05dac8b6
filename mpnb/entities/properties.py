"""Lexicon property definitions (event and user properties): models, endpoint table and ``PropertiesMethods``.

A property is known by its name and resource type (``Event`` or ``User``: ``$city`` can be both); rows also
carry Lexicon's numeric ``id``, which the frames index by. The list answers one resource type per request
(events when none is given), so reading every property takes two requests. Custom properties are their own
family (``custom_properties``) and are left out. There is no delete of a property definition.

>>> ws.get_property_definitions(names=["email"], resource_type="User")
>>> ws.bulk_update_property_definitions([mp.BulkPropertyUpdate(name="email", resource_type="User", sensitive=True)])
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator

from mpnb._http import Http, Op
from mpnb._models import InputModel, ResponseModel, body_of, parse_list, parse_model
from mpnb.entities._base import FamilyBase
from mpnb.entities._family import Family, Raw
from mpnb.entities._lexicon import NAME_MAX, RESOURCE_TYPES, check_name, check_names, check_resource_type, read_lexicon
from mpnb.errors import InputError, NotFoundError

__all__ = [
    "BulkPropertyUpdate",
    "PropertiesMethods",
    "PropertyDefinition",
    "UpdatePropertyDefinitionParams",
]

BULK_MAX = 1000  # entries per bulk PATCH (no limit is documented)


class PropertyDefinition(ResponseModel):
    """A property of the data dictionary. ``resource_type`` is ``Event`` or ``User``; ``sensitive`` marks
    personal data (Mixpanel then restricts who sees its values). ``events`` lists the events it was seen on,
    when the list was asked for them."""

    id: int | None = None
    name: str
    resource_type: str | None = Field(default=None, alias="resourceType")
    display_name: str | None = Field(default=None, alias="displayName")
    description: str | None = None
    example_value: str | None = Field(default=None, alias="exampleValue")
    hidden: bool | None = None
    dropped: bool | None = None
    merged: bool | None = None
    sensitive: bool | None = None
    data_group_id: str | None = Field(default=None, alias="dataGroupId")
    is_mixpanel_definition: bool | None = Field(default=None, alias="isMixpanelDefinition")
    events: list[Any] | None = None


class _PropertyFields(InputModel):
    """The fields of a property definition a person may change."""

    description: str | None = None
    """What the property holds, shown in Lexicon and every picker."""
    display_name: str | None = Field(default=None, alias="displayName", max_length=NAME_MAX)
    """The name shown instead of the tracked name (reports keep working)."""
    example_value: str | None = Field(default=None, alias="exampleValue")
    """An example value shown in Lexicon."""
    hidden: bool | None = None
    """Hidden from pickers; its data is kept."""
    dropped: bool | None = None
    """Dropped at ingestion: new values of this property are discarded from now on."""
    sensitive: bool | None = None
    """Personal data: Mixpanel restricts who may see its values."""


class UpdatePropertyDefinitionParams(_PropertyFields):
    """The fields to change on one property definition, and which property: ``resource_type`` ``Event``
    (the default) or ``User`` tells ``$city`` the event property from ``$city`` the user property."""

    resource_type: Literal["Event", "User"] = Field(default="Event", alias="resourceType")
    """``Event`` or ``User``; always sent, so the change never lands on the other property of that name."""
    merged: bool | None = None
    """Merged into another property (Lexicon's merge)."""

    @field_validator("resource_type", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        return check_resource_type(value) if isinstance(value, str) else value


class BulkPropertyUpdate(_PropertyFields):
    """One property of ``bulk_update_property_definitions``: its ``name`` and ``resource_type``, then the fields
    to change."""

    name: str = Field(min_length=1, max_length=NAME_MAX)
    """The property's name, exactly as tracked."""
    resource_type: Literal["Event", "User"] = Field(alias="resourceType")
    """``Event`` or ``User``."""
    id: int | None = None
    """Lexicon's id of the row, when known (the most specific identifier)."""
    data_group_id: str | None = Field(default=None, alias="dataGroupId")
    """The data group of a group property."""

    @field_validator("resource_type", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        return check_resource_type(value) if isinstance(value, str) else value


# -- endpoints ---------------------------------------------------------------------------------------
class OPS:
    LIST = Op("list_property_definitions", "GET", "data-definitions/properties/")
    UPDATE = Op("update_property_definition", "PATCH", "data-definitions/properties/")
    BULK_UPDATE = Op("bulk_update_property_definitions", "PATCH", "data-definitions/properties/", idempotent=True)


_WIRE = {"display_name": "displayName", "example_value": "exampleValue", "resource_type": "resourceType"}


def wire(changes: Raw) -> Raw:
    return {_WIRE.get(k, k): v for k, v in changes.items()}


def plain_properties(records: list[Raw]) -> list[Raw]:
    """Property rows, without custom properties (they have no Lexicon id: the ``custom_properties`` family)."""
    return [r for r in records if r.get("id") is not None]


def _read(http: Http, query: dict[str, Any]) -> list[Raw]:
    """One request per resource type asked for (both when none is), custom properties left out."""
    names = query.pop("names", None)
    kinds = [check_resource_type(query.pop("resourceType"))] if query.get("resourceType") else list(RESOURCE_TYPES)
    out: list[Raw] = []
    for kind in kinds:
        out += read_lexicon(http, OPS.LIST, {**query, "resourceType": kind, "includeCustom": "false"}, names)
    return plain_properties(out)


def _identity(eid: Any, current: Raw | None) -> Raw:
    if current is None:
        return {"id": eid}
    out = {"id": eid, "name": current.get("name"), "resourceType": current.get("resourceType")}
    return {k: v for k, v in out.items() if v is not None}


def _write(http: Http, eid: Any, changes: Raw, current: Raw | None) -> Any:
    if current is None:
        current = next((r for r in _read(http, {}) if r.get("id") == eid), None)
        if current is None:
            raise NotFoundError(f"no property definition with id {eid}", status=404)
    return http.call(OPS.UPDATE, json_body={**wire(changes), **_identity(eid, current)})


def _entry(eid: Any, changes: Raw, current: Raw | None) -> Raw:
    return {**changes, **_identity(eid, current)}


FAMILY = Family(
    name="properties",
    singular="property",
    words=("property definitions", "lexicon properties"),
    model=PropertyDefinition,
    ops=OPS,
    natural_key=("resourceType", "name"),
    content=("resourceType", "name"),
    modified=None,
    bulk_update_key="properties",
    body=wire,
    write=_write,
    reader=_read,
    entry=_entry,
)


class PropertiesMethods(FamilyBase):
    """Property definitions: read by name or all, describe/hide/mark sensitive one or many (one PATCH)."""

    FAMILY: ClassVar[Family] = FAMILY

    def list_property_definitions(
        self, *, resource_type: str | None = None, include_events: bool = False
    ) -> list[PropertyDefinition]:
        """Every property of the data dictionary (custom properties are ``list_custom_properties()``).

        ``resource_type`` ``Event`` or ``User`` reads one kind (one request); without it both (two requests).
        ``include_events=True`` asks Mixpanel for the events each property was seen on (slow on big projects).
        """
        query: dict[str, Any] = {"includeEvents": "true" if include_events else None}
        if resource_type is not None:
            query["resourceType"] = check_resource_type(resource_type)
        rows = _read(self._http, {k: v for k, v in query.items() if v is not None})
        return parse_list(PropertyDefinition, rows, what="list_property_definitions")

    def get_property_definitions(
        self, *, names: list[str], resource_type: str | None = None
    ) -> list[PropertyDefinition]:
        """The definitions of the properties called ``names``; ``resource_type`` ``Event`` or ``User``
        (without it Mixpanel answers event properties). An empty ``names`` sends nothing."""
        wanted = check_names(names, "names")
        if not wanted:
            return []
        query = {} if resource_type is None else {"resourceType": check_resource_type(resource_type)}
        found = read_lexicon(self._http, OPS.LIST, query, wanted)
        return parse_list(PropertyDefinition, found, what="get_property_definitions")

    def update_property_definition(
        self, property_name: str, params: UpdatePropertyDefinitionParams
    ) -> PropertyDefinition:
        """PATCH the fields set in ``params`` on the ``params.resource_type`` property called ``property_name``."""
        name = check_name(property_name, "property_name")
        body = body_of(params)
        if set(body) <= {"resourceType"}:
            raise InputError("UpdatePropertyDefinitionParams sets no field; nothing to update", field="params")
        data = self._http.call(OPS.UPDATE, json_body={**body, "name": name}, natural_key=name)
        return parse_model(PropertyDefinition, data, what="update_property_definition")

    def bulk_update_property_definitions(self, entries: list[BulkPropertyUpdate]) -> list[PropertyDefinition]:
        """Update many properties with one PATCH (``BULK_MAX`` entries a request); the definitions answered."""
        if not isinstance(entries, list) or not entries:
            raise InputError("entries must be a non-empty list of mp.BulkPropertyUpdate", field="entries")
        body = []
        for i, e in enumerate(entries):
            if not isinstance(e, BulkPropertyUpdate):
                raise InputError(
                    f"entries[{i}] must be a BulkPropertyUpdate, got {type(e).__name__}", field=f"entries[{i}]"
                )
            check_name(e.name, f"entries[{i}].name")
            body.append(body_of(e))
        if len({(e["resourceType"], e["name"]) for e in body}) != len(body):
            raise InputError("entries name a property twice; merge its changes into one entry", field="entries")
        out: list[PropertyDefinition] = []
        for start in range(0, len(body), BULK_MAX):
            data = self._http.call(OPS.BULK_UPDATE, json_body={"properties": body[start : start + BULK_MAX]})
            out += parse_list(PropertyDefinition, data, what="bulk_update_property_definitions")
        return out
