"""The sandbox's data dictionary records: event, custom event and property rows, and the Lexicon tags they name.

Rows are stored as the data-definitions endpoints answer them (camelCase keys). Plain events are keyed by
name, custom events' rows by their ``customEventId``, properties by ``"<resourceType>:<name>"``; every row
also has a numeric ``id`` from one counter. A property's ``_events`` (the events it was seen on) is private:
the list shows it as ``events`` only when asked (``includeEvents=true``).
"""

from __future__ import annotations

from typing import Any

from mpnb.sandbox.router import Ctx, SandboxError
from mpnb.sandbox.store import public_view

__all__ = [
    "CUSTOM_EVENTS",
    "EVENTS",
    "NAME_MAX",
    "PROPERTIES",
    "RESOURCE_TYPES",
    "ROWS",
    "TAGS",
    "apply_event_fields",
    "apply_property_fields",
    "check_name",
    "ensure_tags",
    "event_row",
    "property_key",
    "property_row",
]

EVENTS = "lexicon_events"
CUSTOM_EVENTS = "lexicon_custom_events"
PROPERTIES = "lexicon_properties"
TAGS = "lexicon_tags"
ROWS = "lexicon_rows"  # the one counter of Lexicon row ids
NAME_MAX = 255
RESOURCE_TYPES = ("Event", "User")

_BOOLS = ("hidden", "dropped", "merged", "verified")
_TEXTS = ("description", "displayName")
_LISTS = {"tags": "tags", "contacts": "contacts", "team_contacts": "teamContacts", "teamContacts": "teamContacts"}


def check_name(value: Any, what: str = "name") -> str:
    if not isinstance(value, str) or not value.strip():
        raise SandboxError(400, f"{what} is required")
    if len(value) > NAME_MAX:
        raise SandboxError(400, f"{what} must be at most {NAME_MAX} characters")
    return value


def event_row(ctx: Ctx, name: str, **fields: Any) -> dict[str, Any]:
    """A new event definition row, as Lexicon makes one for a name it sees first."""
    now = ctx.now()
    row: dict[str, Any] = {
        "id": ctx.new_id(ROWS),
        "name": name,
        "displayName": None,
        "description": None,
        "hidden": False,
        "dropped": False,
        "merged": False,
        "verified": False,
        "tags": [],
        "contacts": [],
        "teamContacts": [],
        "customEventId": None,
        "status": "active",
        "platforms": [],
        "isMixpanelDefinition": name.startswith("$"),
        "createdUtc": now,
        "modifiedUtc": now,
        "lastModified": now,
    }
    row.update(fields)
    return row


def _texts(value: Any, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SandboxError(400, f"{key} must be a list of non-empty strings")
    return list(dict.fromkeys(value))


def ensure_tags(ctx: Ctx, names: list[str]) -> None:
    """Tags named on a definition exist afterwards (Lexicon makes a tag the first time it is used)."""
    table = ctx.store.table(TAGS)
    for name in names:
        if name not in table:
            ctx.store.put(TAGS, name, {"id": ctx.new_id(TAGS), "name": check_name(name, "tag name")})


def apply_event_fields(ctx: Ctx, row: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """Write the metadata fields of ``body`` into an event (or custom event) row; unknown keys are ignored."""
    for key in _BOOLS:
        if key in body:
            if not isinstance(body[key], bool):
                raise SandboxError(400, f"{key} must be a boolean")
            row[key] = body[key]
    for key in _TEXTS:
        if key in body:
            if body[key] is not None and not isinstance(body[key], str):
                raise SandboxError(400, f"{key} must be a string")
            if key == "displayName" and isinstance(body[key], str) and len(body[key]) > NAME_MAX:
                raise SandboxError(400, f"displayName must be at most {NAME_MAX} characters")
            row[key] = body[key]
    for key, stored in _LISTS.items():
        if key in body:
            row[stored] = _texts(body[key], key)
    if "tags" in body:
        ensure_tags(ctx, row["tags"])
    now = ctx.now()
    row["modifiedUtc"] = row["lastModified"] = now
    return row


def property_key(resource_type: str, name: str) -> str:
    return f"{resource_type}:{name}"


def property_row(ctx: Ctx, name: str, resource_type: str, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": ctx.new_id(ROWS),
        "name": name,
        "resourceType": resource_type,
        "displayName": None,
        "description": None,
        "exampleValue": None,
        "hidden": False,
        "dropped": False,
        "merged": False,
        "sensitive": False,
        "isMixpanelDefinition": name.startswith("$"),
    }
    row.update(fields)
    return row


_PROPERTY_BOOLS = ("hidden", "dropped", "merged", "sensitive")
_PROPERTY_TEXTS = ("description", "displayName", "exampleValue")


def apply_property_fields(row: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    for key in _PROPERTY_BOOLS:
        if key in body:
            if not isinstance(body[key], bool):
                raise SandboxError(400, f"{key} must be a boolean")
            row[key] = body[key]
    for key in _PROPERTY_TEXTS:
        if key in body:
            if body[key] is not None and not isinstance(body[key], str):
                raise SandboxError(400, f"{key} must be a string")
            row[key] = body[key]
    return row


def public_row(row: dict[str, Any]) -> dict[str, Any]:
    return public_view(row)
