"""Custom properties (computed from other properties): models, endpoint table and ``CustomPropertiesMethods``.

A custom property is either a formula (``display_formula`` over ``composed_properties``, letters naming
tracked properties) or a ``behavior``. Its update is a PUT that replaces it whole, so mpnb reads it first and
sends every field with the changes applied (a field left out would be reset). ``resource_type`` and
``data_group_id`` cannot change.

>>> params = mp.CreateCustomPropertyParams(name="Revenue (USD)", resource_type="events", display_formula="A * 1.1",
...     composed_properties={"A": mp.ComposedProperty(value="amount", resource_type="event")})
>>> made = ws.create_custom_property(params)
>>> ws.validate_custom_property(params)        # Mixpanel's check, nothing created
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from mpnb._http import Http, Op, objects_of
from mpnb._models import InputModel, ResponseModel, Timestamp, body_of, parse_list, parse_model
from mpnb.entities._base import FamilyBase, check_int_id
from mpnb.entities._family import Family, Raw, Reference
from mpnb.entities._lexicon import NAME_MAX
from mpnb.errors import InputError, NotFoundError

__all__ = [
    "ComposedProperty",
    "ComposedPropertyValue",
    "CreateCustomPropertyParams",
    "CustomPropertiesMethods",
    "CustomProperty",
    "CustomPropertyValidation",
    "UpdateCustomPropertyParams",
]

FORMULA_MAX = 20_000  # Mixpanel's limit on a formula's length
CustomPropertyResource = Literal["events", "people", "group_profiles"]
ComposedResource = Literal["event", "user", "groupprofile"]
# What the PUT carries: every writable field (the rest are the server's or immutable).
_PUT_FIELDS = (
    "name",
    "description",
    "displayFormula",
    "composedProperties",
    "behavior",
    "isLocked",
    "isVisible",
    "propertyType",
    "exampleValue",
)


class ComposedPropertyValue(ResponseModel):
    """One letter of a formula as Mixpanel answers it: the tracked property ``value`` of ``resource_type``."""

    value: str | None = None
    resource_type: str | None = Field(default=None, alias="resourceType")
    type: str | None = None
    label: str | None = None
    type_cast: str | None = Field(default=None, alias="typeCast")
    property_default_type: str | None = Field(default=None, alias="propertyDefaultType")
    behavior: Any = None
    join_property_type: str | None = Field(default=None, alias="joinPropertyType")


class CustomProperty(ResponseModel):
    """A custom property; ``custom_property_id`` is its id (``customPropertyId`` on the wire)."""

    custom_property_id: int = Field(alias="customPropertyId")
    name: str
    description: str | None = None
    resource_type: str = Field(alias="resourceType")
    property_type: str | None = Field(default=None, alias="propertyType")
    display_formula: str | None = Field(default=None, alias="displayFormula")
    composed_properties: dict[str, ComposedPropertyValue] | None = Field(default=None, alias="composedProperties")
    behavior: Any = None
    is_locked: bool | None = Field(default=None, alias="isLocked")
    is_visible: bool | None = Field(default=None, alias="isVisible")
    data_group_id: str | None = Field(default=None, alias="dataGroupId")
    example_value: str | None = Field(default=None, alias="exampleValue")
    created: Timestamp | None = None
    modified: Timestamp | None = None


class CustomPropertyValidation(ResponseModel):
    """Mixpanel's verdict on a custom property it was asked to check (nothing is created)."""

    valid: bool | None = None
    errors: list[Any] | None = None


class ComposedProperty(InputModel):
    """One letter of a formula: the tracked property ``value`` (a name) of ``resource_type``."""

    resource_type: ComposedResource = Field(alias="resourceType")
    """``event``, ``user`` or ``groupprofile``."""
    value: str | None = Field(default=None, max_length=NAME_MAX)
    """The tracked property's name."""
    type: str | None = None
    """Its type (``string``, ``number``, ``boolean``, ``datetime``, ``list``)."""
    label: str | None = None
    """A label shown in the formula editor."""
    type_cast: str | None = Field(default=None, alias="typeCast")
    """Read the property as this type."""
    property_default_type: str | None = Field(default=None, alias="propertyDefaultType")
    """The type Mixpanel assumes when none is given."""
    behavior: Any = None
    """A behavior instead of a property."""
    join_property_type: str | None = Field(default=None, alias="joinPropertyType")
    """How a lookup-table property is joined."""


def _formula_rules(display_formula: str | None, composed: Any, behavior: Any) -> None:
    if display_formula is not None and behavior is not None:
        raise ValueError("display_formula and behavior are mutually exclusive: give one")
    if behavior is not None and composed:
        raise ValueError("behavior and composed_properties are mutually exclusive")
    if display_formula is not None and not composed:
        raise ValueError("display_formula needs composed_properties: the letters the formula uses")


class CreateCustomPropertyParams(InputModel):
    """A new custom property: ``name``, ``resource_type`` (``events``, ``people``, ``group_profiles``) and either
    ``display_formula`` with ``composed_properties`` or a ``behavior``."""

    name: str = Field(min_length=1, max_length=NAME_MAX)
    """The custom property's name."""
    resource_type: CustomPropertyResource = Field(alias="resourceType")
    """``events``, ``people`` or ``group_profiles`` (cannot change later)."""
    description: str | None = None
    """What it computes."""
    display_formula: str | None = Field(default=None, alias="displayFormula", min_length=1, max_length=FORMULA_MAX)
    """The formula, over the letters of ``composed_properties``."""
    composed_properties: dict[str, ComposedProperty] | None = Field(default=None, alias="composedProperties")
    """Letter -> the tracked property it stands for."""
    behavior: dict[str, Any] | None = None
    """A behavior-based property instead of a formula."""
    property_type: str | None = Field(default=None, alias="propertyType")
    """The result's type (Mixpanel infers it when unset)."""
    example_value: str | None = Field(default=None, alias="exampleValue")
    """An example result."""
    is_locked: bool | None = Field(default=None, alias="isLocked")
    """Only its owner may edit it."""
    is_visible: bool | None = Field(default=None, alias="isVisible")
    """Shown in pickers."""
    data_group_id: str | None = Field(default=None, alias="dataGroupId")
    """The data group of a group-profile property (cannot change later)."""

    @model_validator(mode="after")
    def _rules(self) -> CreateCustomPropertyParams:
        if self.display_formula is None and self.behavior is None:
            raise ValueError("give display_formula (with composed_properties) or behavior")
        _formula_rules(self.display_formula, self.composed_properties, self.behavior)
        return self


class UpdateCustomPropertyParams(InputModel):
    """The fields to change; the rest are kept (mpnb sends the whole property, as Mixpanel's PUT replaces it)."""

    name: str | None = Field(default=None, min_length=1, max_length=NAME_MAX)
    """The custom property's name."""
    description: str | None = None
    """What it computes."""
    display_formula: str | None = Field(default=None, alias="displayFormula", min_length=1, max_length=FORMULA_MAX)
    """The formula, over the letters of ``composed_properties``."""
    composed_properties: dict[str, ComposedProperty] | None = Field(default=None, alias="composedProperties")
    """Letter -> the tracked property it stands for."""
    behavior: dict[str, Any] | None = None
    """A behavior-based property instead of a formula."""
    property_type: str | None = Field(default=None, alias="propertyType")
    """The result's type."""
    example_value: str | None = Field(default=None, alias="exampleValue")
    """An example result."""
    is_locked: bool | None = Field(default=None, alias="isLocked")
    """Only its owner may edit it."""
    is_visible: bool | None = Field(default=None, alias="isVisible")
    """Shown in pickers."""

    @model_validator(mode="before")
    @classmethod
    def _immutable(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("resource_type", "resourceType", "data_group_id", "dataGroupId"):
                if key in data:
                    raise ValueError(f"{key} cannot change: create a new custom property instead")
        return data

    @model_validator(mode="after")
    def _rules(self) -> UpdateCustomPropertyParams:
        _formula_rules(self.display_formula, self.composed_properties, self.behavior)
        return self


class OPS:
    LIST = Op("list_custom_properties", "GET", "custom_properties/")
    CREATE = Op("create_custom_property", "POST", "custom_properties/")
    GET = Op("get_custom_property", "GET", "custom_properties/{id}/")
    UPDATE = Op("update_custom_property", "PUT", "custom_properties/{id}/")
    DELETE = Op("delete_custom_property", "DELETE", "custom_properties/{id}/")
    VALIDATE = Op("validate_custom_property", "POST", "custom_properties/validate/", idempotent=True)


_WIRE = {
    "display_formula": "displayFormula",
    "composed_properties": "composedProperties",
    "is_locked": "isLocked",
    "is_visible": "isVisible",
    "property_type": "propertyType",
    "example_value": "exampleValue",
}


def wire(changes: Raw) -> Raw:
    return {_WIRE.get(k, k): v for k, v in changes.items()}


def filled(current: Raw, changes: Raw) -> Raw:
    """The PUT body: the property as read, its changes applied; a formula and a behavior never both."""
    body = {k: current[k] for k in _PUT_FIELDS if current.get(k) is not None}
    body.update(changes)
    if changes.get("behavior") is not None:
        body.pop("displayFormula", None)
        body.pop("composedProperties", None)
    elif changes.get("displayFormula") is not None:
        body.pop("behavior", None)
    return body


def raw_custom_property(http: Http, cpid: int) -> Raw:
    data = http.call(OPS.GET, path={"id": cpid})
    if not isinstance(data, dict):
        raise NotFoundError(f"no custom property {cpid}", status=404)
    return data


def _write(http: Http, cpid: Any, changes: Raw, current: Raw | None) -> Any:
    base = current if current is not None else raw_custom_property(http, cpid)
    return http.call(OPS.UPDATE, path={"id": cpid}, json_body=filled(base, wire(changes)))


def composed_names(record: Raw) -> list[Any]:
    """The tracked property names a custom property's formula uses."""
    composed = record.get("composedProperties") or {}
    if not isinstance(composed, dict):
        return []
    return [v.get("value") for v in composed.values() if isinstance(v, dict) and isinstance(v.get("value"), str)]


FAMILY = Family(
    name="custom_properties",
    singular="custom_property",
    words=("custom properties", "custom-properties"),
    model=CustomProperty,
    ops=OPS,
    id_key="customPropertyId",
    natural_key=("resourceType", "name"),
    content=("resourceType", "displayFormula", "composedProperties", "behavior"),
    references=(
        Reference("properties", "computed from the property", composed_names, field="composedProperties", by="name"),
    ),
    body=wire,
    write=_write,
)


class CustomPropertiesMethods(FamilyBase):
    """Custom properties: list, read, create, validate, update (read, then a whole PUT), delete with backup."""

    FAMILY: ClassVar[Family] = FAMILY

    def list_custom_properties(self) -> list[CustomProperty]:
        """Every custom property of the project."""
        return parse_list(CustomProperty, self._http.call(OPS.LIST), what="list_custom_properties")

    def get_custom_property(self, custom_property_id: int) -> CustomProperty:
        """One custom property; ``mp.NotFoundError`` when there is none with that id."""
        cpid = check_int_id(custom_property_id, "custom_property_id")
        return parse_model(CustomProperty, raw_custom_property(self._http, cpid), what="get_custom_property")

    def create_custom_property(self, params: CreateCustomPropertyParams) -> CustomProperty:
        """Create a custom property (Mixpanel refuses it on plans without custom properties)."""
        data = self._http.call(OPS.CREATE, json_body=body_of(params), natural_key=params.name)
        return parse_model(CustomProperty, data, what="create_custom_property")

    def validate_custom_property(self, params: CreateCustomPropertyParams) -> CustomPropertyValidation:
        """Ask Mixpanel whether ``params`` would make a valid custom property; nothing is created."""
        data = self._http.call(OPS.VALIDATE, json_body=body_of(params))
        return parse_model(CustomPropertyValidation, data, what="validate_custom_property")

    def update_custom_property(self, custom_property_id: int, params: UpdateCustomPropertyParams) -> CustomProperty:
        """Change the fields set in ``params``: one GET, then one PUT of the whole property with them applied."""
        cpid = check_int_id(custom_property_id, "custom_property_id")
        body = body_of(params)
        if not body:
            raise InputError("UpdateCustomPropertyParams sets no field; nothing to update", field="params")
        data = FAMILY.send_write(self._http, cpid, body)
        return parse_model(CustomProperty, data, what="update_custom_property")

    def delete_custom_property(self, custom_property_id: int) -> None:
        """Delete a custom property (reports using it lose it), after backing it up."""
        cpid = check_int_id(custom_property_id, "custom_property_id")

        def rows() -> list[Raw]:
            listed = objects_of(self._http.call(OPS.LIST), "list_custom_properties")
            return [r for r in listed if r.get("customPropertyId") == cpid]

        self._delete(
            "custom_properties",
            [cpid],
            rows(),
            lambda: self._http.call(OPS.DELETE, path={"id": cpid}),
            id_key="customPropertyId",
            still_there=rows,
        )
