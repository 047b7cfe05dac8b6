"""Which pandas dtype each field of a family's response model becomes (no pandas needed to decide it)."""

from __future__ import annotations

import enum
import types
import typing
from datetime import datetime
from typing import Any, Literal, Union

from pydantic import BaseModel

__all__ = ["Kind", "model_kinds"]

Kind = Literal["string", "Int64", "boolean", "Float64", "datetime", "object"]


def _kind(annotation: Any) -> Kind:
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        kinds = {_kind(a) for a in typing.get_args(annotation) if a is not type(None)}
        return kinds.pop() if len(kinds) == 1 else "object"
    if origin is Literal:
        values = typing.get_args(annotation)
        return "string" if all(isinstance(v, str) for v in values) else "object"
    if origin is typing.Annotated:
        return _kind(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "Int64" if issubclass(annotation, int) else "string" if issubclass(annotation, str) else "object"
    if annotation is bool:
        return "boolean"
    if annotation is int:
        return "Int64"
    if annotation is float:
        return "Float64"
    if annotation is str:
        return "string"
    if annotation is datetime:
        return "datetime"
    return "object"


def model_kinds(model: type[BaseModel]) -> dict[str, Kind]:
    """Field name -> dtype kind, from the response model's annotations."""
    return {name: _kind(f.annotation) for name, f in model.model_fields.items()}
