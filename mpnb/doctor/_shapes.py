"""Shapes of answers, as a shareable report may show them: JSON types, field names, counts; never a value.

``envelope_of`` says how a list answer is wrapped; ``fields_of`` which top-level fields the records carry
and with which JSON types; ``model_check`` what mpnb's response model makes of them (fields it does not
know, fields it never got, and its validation errors by field and kind).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel, ValidationError

__all__ = ["envelope_of", "fields_of", "json_type", "keys_of", "model_check", "model_keys", "payload"]


def json_type(value: Any) -> str:
    """The JSON type of a parsed value: null, boolean, integer, number, string, array or object."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object" if isinstance(value, dict) else type(value).__name__


def envelope_of(body: Any) -> dict[str, Any]:
    """How an answer is wrapped: ``list``, or an object's keys with their types (``results: array``)."""
    if isinstance(body, list):
        return {"shape": "array", "keys": {}}
    if isinstance(body, dict):
        return {"shape": "object", "keys": {str(k): json_type(v) for k, v in sorted(body.items())}}
    return {"shape": json_type(body), "keys": {}}


def payload(body: Any) -> Any:
    """The answer inside Mixpanel's ``{"status": "ok", "results": ...}`` envelope (the body when there is none)."""
    if isinstance(body, dict) and "results" in body and set(body) <= {"status", "results"}:
        return body["results"]
    return body


def keys_of(value: Any) -> list[str] | str:
    """An object's keys (sorted), or the value's JSON type when it is not an object."""
    return sorted(map(str, value)) if isinstance(value, dict) else json_type(value)


def fields_of(records: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Every top-level field of ``records`` with the JSON types it had (sorted)."""
    seen: dict[str, set[str]] = {}
    for record in records:
        for key, value in record.items():
            seen.setdefault(str(key), set()).add(json_type(value))
    return {k: sorted(v) for k, v in sorted(seen.items())}


def model_keys(model: type[BaseModel]) -> set[str]:
    """The wire keys a response model knows: each field's name and its alias."""
    out: set[str] = set()
    for name, info in model.model_fields.items():
        out.add(name)
        if info.alias:
            out.add(info.alias)
    return out


def model_check(model: type[BaseModel], records: list[dict[str, Any]]) -> dict[str, Any]:
    """What ``model`` makes of ``records``: unknown fields, model fields never sent, validation errors.

    Errors are counted by ``<top-level field>: <pydantic error type>``; nested locations stay out of the
    report, since keys deeper down can be a user's own words (a report's params, a flag's test users).
    """
    known = model_keys(model)
    sent: set[str] = set()
    errors: Counter[str] = Counter()
    for record in records:
        sent |= set(map(str, record))
        try:
            model.model_validate(record)
        except ValidationError as exc:
            for err in exc.errors():
                loc = err.get("loc") or ("(record)",)
                head = loc[0] if isinstance(loc[0], str) and loc[0] in known else "(field)"
                errors[f"{head}: {err.get('type', 'error')}"] += 1
    never = sorted(n for n, info in model.model_fields.items() if n not in sent and (info.alias or n) not in sent)
    return {
        "unknown_fields": sorted(sent - known),
        "model_fields_never_sent": never,
        "model_errors": dict(sorted(errors.items())),
    }
