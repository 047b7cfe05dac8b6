"""Sandbox routes of custom properties: ``custom_properties/`` (list, create), ``custom_properties/{id}/`` (GET,
PUT, DELETE) and ``custom_properties/validate/``.

A custom property is a formula (``displayFormula`` over ``composedProperties``) or a ``behavior``, never both.
PUT replaces it whole: the fields it leaves out go back to their defaults, ``resourceType`` and
``dataGroupId`` cannot change. Validation answers ``{"valid": bool, "errors": [...]}``.
"""

from __future__ import annotations

from typing import Any

from mpnb.sandbox.router import Ctx, Request, Routes, SandboxError
from mpnb.sandbox.routes.lexicon_model import check_name
from mpnb.sandbox.store import public

__all__ = ["ROUTES", "T", "formula_errors", "make_custom_property"]

ROUTES = Routes()
T = "custom_properties"
FORMULA_MAX = 20_000
RESOURCES = ("events", "people", "group_profiles")
COMPOSED_RESOURCES = ("event", "user", "groupprofile")
_DEFAULTS: dict[str, Any] = {
    "description": "",
    "displayFormula": None,
    "composedProperties": None,
    "behavior": None,
    "isLocked": False,
    "isVisible": True,
    "propertyType": None,
    "exampleValue": None,
}


def formula_errors(body: dict[str, Any]) -> list[str]:
    """What is wrong with a custom property's formula or behavior (empty: nothing)."""
    formula, composed, behavior = body.get("displayFormula"), body.get("composedProperties"), body.get("behavior")
    if formula is None and behavior is None:
        return ["one of displayFormula or behavior is required"]
    if formula is not None and behavior is not None:
        return ["displayFormula and behavior are mutually exclusive"]
    if behavior is not None:
        return (
            []
            if isinstance(behavior, dict) and not composed
            else ["behavior must be an object, without composedProperties"]
        )
    errors = []
    if not isinstance(formula, str) or not formula.strip():
        return ["displayFormula must be a non-empty string"]
    if len(formula) > FORMULA_MAX:
        errors.append(f"displayFormula is longer than {FORMULA_MAX} characters")
    if formula.count("(") != formula.count(")"):
        errors.append("displayFormula has unbalanced parentheses")
    if formula.count('"') % 2:
        errors.append("displayFormula has an unclosed string")
    if not isinstance(composed, dict) or not composed:
        errors.append("displayFormula needs composedProperties")
        return errors
    for letter, part in composed.items():
        if not isinstance(part, dict) or part.get("resourceType") not in COMPOSED_RESOURCES:
            errors.append(f"composedProperties.{letter}.resourceType must be one of {', '.join(COMPOSED_RESOURCES)}")
        elif letter not in formula:
            errors.append(f"composedProperties.{letter} is not used in displayFormula")
    return errors


def _checked(body: dict[str, Any]) -> None:
    check_name(body.get("name"), "name")
    errors = formula_errors(body)
    if errors:
        raise SandboxError(400, errors[0])


def make_custom_property(ctx: Ctx, body: dict[str, Any]) -> dict[str, Any]:
    cpid = ctx.new_id(T)
    now = ctx.now()
    record = {"customPropertyId": cpid, "name": body["name"], **_DEFAULTS}
    record.update({k: body[k] for k in _DEFAULTS if k in body})
    record.update(
        resourceType=body["resourceType"],
        dataGroupId=body.get("dataGroupId"),
        created=now,
        modified=now,
        user={"id": ctx.user["id"], "name": ctx.user["name"]},
    )
    ctx.store.put(T, cpid, record)
    return record


def _get(ctx: Ctx, req: Request) -> dict[str, Any]:
    found = ctx.store.get(T, req.params["id"])
    if found is None:
        raise SandboxError(404, f"Custom property {req.params['id']} not found")
    return found


@ROUTES.add("GET", "custom_properties", slash="yes")
def list_custom_properties(ctx: Ctx, req: Request) -> list[dict[str, Any]]:
    return [public(r) for r in sorted(ctx.store.table(T).values(), key=lambda r: r["customPropertyId"])]


@ROUTES.add("POST", "custom_properties", slash="yes")
def create_custom_property(ctx: Ctx, req: Request) -> dict[str, Any]:
    body = req.json_object()
    if body.get("resourceType") not in RESOURCES:
        raise SandboxError(400, f"resourceType must be one of {', '.join(RESOURCES)}")
    _checked(body)
    return public(make_custom_property(ctx, body))


@ROUTES.add("POST", "custom_properties/validate", slash="yes")
def validate_custom_property(ctx: Ctx, req: Request) -> dict[str, Any]:
    body = req.json_object()
    if body.get("resourceType") not in RESOURCES:
        raise SandboxError(400, f"resourceType must be one of {', '.join(RESOURCES)}")
    errors = formula_errors(body)
    return {"valid": not errors, "errors": errors}


@ROUTES.add("GET", "custom_properties/{id:int}", slash="yes")
def get_custom_property(ctx: Ctx, req: Request) -> dict[str, Any]:
    return public(_get(ctx, req))


@ROUTES.add("PUT", "custom_properties/{id:int}", slash="yes")
def replace_custom_property(ctx: Ctx, req: Request) -> dict[str, Any]:
    found = _get(ctx, req)
    body = req.json_object()
    for key in ("resourceType", "dataGroupId"):
        if key in body and body[key] != found.get(key):
            raise SandboxError(400, f"{key} cannot change")
    _checked(body)
    found.update(_DEFAULTS)
    found.update({k: body[k] for k in _DEFAULTS if k in body}, name=body["name"], modified=ctx.now())
    ctx.store.put(T, found["customPropertyId"], found)
    return public(found)


@ROUTES.add("DELETE", "custom_properties/{id:int}", slash="yes")
def delete_custom_property(ctx: Ctx, req: Request) -> dict[str, Any]:
    found = _get(ctx, req)
    ctx.store.pop(T, found["customPropertyId"])
    return {}
