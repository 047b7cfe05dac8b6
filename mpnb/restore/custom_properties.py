"""Custom properties: made again from their formula (or behavior) and settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mpnb.restore._rules import Raw, RestoreRules, create_fields, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]


def _fields(record: Raw) -> Raw:
    from mpnb.entities.custom_properties import ComposedProperty, CreateCustomPropertyParams

    out = create_fields(CreateCustomPropertyParams, record)
    composed = out.get("composedProperties")
    if isinstance(composed, dict):  # only the keys a create takes
        keep = {f.alias or n for n, f in ComposedProperty.model_fields.items()}
        out["composedProperties"] = {
            k: {kk: vv for kk, vv in v.items() if kk in keep and vv is not None} for k, v in composed.items()
        }
    return out


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.custom_properties import CreateCustomPropertyParams

    return dump(ws.create_custom_property(CreateCustomPropertyParams.model_validate(fields)))


RESTORE = RestoreRules(
    family="custom_properties",
    lost=("original id (what used it is pointed at the new one)", "created date", "creator"),
    fields=_fields,
    create=_create,
)
