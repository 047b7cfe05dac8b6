"""Event definitions: a deleted definition comes back by a PATCH of its name (Mixpanel makes the row)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mpnb.restore._rules import Raw, RestoreRules, dump

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["RESTORE", "metadata_fields"]

# What a definition holds that a person wrote: the keys of its record, as the update takes them.
_FIELDS = {
    "description": "description",
    "displayName": "display_name",
    "hidden": "hidden",
    "dropped": "dropped",
    "verified": "verified",
    "tags": "tags",
    "contacts": "contacts",
    "teamContacts": "team_contacts",
}


def metadata_fields(record: Raw) -> Raw:
    """A definition's written metadata as ``UpdateEventDefinitionParams`` fields (unset ones left out)."""
    return {field: record[key] for key, field in _FIELDS.items() if record.get(key) is not None}


def _fields(record: Raw) -> Raw:
    return {"name": record.get("name"), **metadata_fields(record)}


def _create(ws: Workspace, fields: Raw) -> Raw:
    from mpnb.entities.events import UpdateEventDefinitionParams

    meta = {k: v for k, v in fields.items() if k != "name"} or {"hidden": False}
    return dump(ws.update_event_definition(fields["name"], UpdateEventDefinitionParams.model_validate(meta)))


RESTORE = RestoreRules(
    family="events",
    lost=("Lexicon's row id (a new one)", "created date", "change history"),
    fields=_fields,
    create=_create,
)
