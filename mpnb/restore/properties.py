"""Property definitions: Mixpanel has no delete for them; a backed-up one comes back by a PATCH of its name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mpnb.restore._rules import Raw, RestoreRules, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]

_FIELDS = {
    "description": "description",
    "displayName": "display_name",
    "exampleValue": "example_value",
    "hidden": "hidden",
    "dropped": "dropped",
    "sensitive": "sensitive",
}


def _fields(record: Raw) -> Raw:
    out = {field: record[key] for key, field in _FIELDS.items() if record.get(key) is not None}
    return {"name": record.get("name"), "resourceType": record.get("resourceType") or "Event", **out}


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.properties import UpdatePropertyDefinitionParams

    meta = {k: v for k, v in fields.items() if k not in ("name", "resourceType")} or {"hidden": False}
    params = UpdatePropertyDefinitionParams.model_validate({**meta, "resource_type": fields["resourceType"]})
    return dump(ws.update_property_definition(fields["name"], params))


RESTORE = RestoreRules(
    family="properties",
    lost=("Lexicon's row id (a new one)",),
    fields=_fields,
    create=_create,
)
