"""Custom events: made again from the events they stood for, then their Lexicon fields written back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mpnb.errors import InputError
from mpnb.restore._rules import Raw, RestoreRules, dump
from mpnb.restore.events import metadata_fields

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE"]


def _fields(record: Raw) -> Raw:
    alts = [a.get("event") for a in record.get("alternatives") or [] if isinstance(a, dict) and a.get("event")]
    return {"name": record.get("name"), "alternatives": alts, **metadata_fields(record)}


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.custom_events import CreateCustomEventParams
    from mpnb.entities.events import UpdateEventDefinitionParams

    if not fields.get("alternatives"):
        raise InputError(
            f"the backup of custom event {fields.get('name')!r} does not say which events it stood for",
            field="alternatives",
        )
    made = ws.create_custom_event(CreateCustomEventParams(name=fields["name"], alternatives=fields["alternatives"]))
    meta = {k: v for k, v in fields.items() if k not in ("name", "alternatives")}
    if meta:
        row = ws.update_custom_event(made.id, UpdateEventDefinitionParams.model_validate(meta))
        return dump(row)
    return {"customEventId": made.id, "name": made.name, "alternatives": dump(made).get("alternatives")}


RESTORE = RestoreRules(
    family="custom_events",
    lost=("original id (what counted it is pointed at the new one)", "Lexicon's row id", "created date"),
    fields=_fields,
    create=_create,
)
