"""The two model bases every family builds on, and the helpers that parse answers into them.

Input models (``Create*``, ``Update*``, ``*Entry``) forbid unknown fields and say which valid field was
probably meant; response models keep whatever extra fields the server sends.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import math
from datetime import datetime, timezone
from numbers import Real
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, SecretStr, model_validator

from mpnb._http import results_of
from mpnb.errors import InvalidResponseError

__all__ = [
    "InputModel",
    "OpenInputModel",
    "ResponseModel",
    "Timestamp",
    "body_of",
    "parse_list",
    "parse_model",
    "reveal",
]

M = TypeVar("M", bound=BaseModel)


@functools.cache
def _known_names(cls: type[BaseModel]) -> frozenset[str]:
    """Field names and aliases of a model (once per class: a plan validates thousands of rows)."""
    names: set[str] = set()
    for name, field in cls.model_fields.items():
        names.add(name)
        if field.alias:
            names.add(field.alias)
    return frozenset(names)


def _non_finite(value: Any, path: str) -> str | None:
    """The path of the first NaN or infinity inside ``value`` (dicts, lists, tuples), else ``None``."""
    if isinstance(value, (float, Real)) and not isinstance(value, (int, bool)):
        try:
            return None if math.isfinite(float(value)) else path
        except (TypeError, ValueError):
            return None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, (list, tuple)):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _non_finite(item, f"{path}.{key}" if isinstance(key, str) else f"{path}[{key}]")
        if found is not None:
            return found
    return None


def _show_field_names(cls: type[BaseModel]) -> None:
    """Make ``help()`` and IDEs show the guide's names (``bookmark_type``), not the wire aliases (``type``).

    Pydantic's generated signature uses an alias when there is one; both names are accepted at runtime.
    """
    wire = {f.alias: name for name, f in cls.model_fields.items() if f.alias and f.alias != name}
    if not wire:
        return
    try:
        sig = inspect.signature(cls)
    except (TypeError, ValueError):  # pragma: no cover - a class pydantic could not describe
        return
    params = [p.replace(name=wire[p.name]) if p.name in wire else p for p in sig.parameters.values()]
    setattr(cls, "__signature__", sig.replace(parameters=params))  # noqa: B010 - pydantic's is a lazy attribute


def _list_fields_in_doc(cls: type[BaseModel]) -> None:
    """Append each field's name and description to the class docstring, so ``help()`` lists them first."""
    own = cls.__dict__.get("__doc__")
    described = [f"    {name}: {f.description}" for name, f in cls.model_fields.items() if f.description]
    if own and described:
        cls.__doc__ = inspect.cleandoc(own) + "\n\nFields:\n" + "\n".join(described)


class InputModel(BaseModel):
    """Base of request params: unknown fields are an error naming the closest valid field."""

    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, validate_assignment=True, use_attribute_docstrings=True
    )

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        _show_field_names(cls)
        _list_fields_in_doc(cls)

    @model_validator(mode="before")
    @classmethod
    def _reject_non_finite(cls, data: Any) -> Any:
        where = _non_finite(data, "")
        if where is not None:
            raise ValueError(
                f"{where.lstrip('.') or 'value'} is NaN or infinite, which JSON cannot carry "
                "(an empty cell read by pandas is NaN: fill or drop it first)"
            )
        return data

    @model_validator(mode="before")
    @classmethod
    def _reject_unknown(cls, data: Any) -> Any:
        if isinstance(data, dict) and cls.model_config.get("extra") == "forbid":
            known = _known_names(cls)
            for key in data:
                if isinstance(key, str) and key not in known:
                    close = difflib.get_close_matches(key, sorted(known), n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    valid = ", ".join(sorted(cls.model_fields))
                    raise ValueError(f"unknown field {key!r} for {cls.__name__}{hint} (valid fields: {valid})")
        return data


class OpenInputModel(InputModel):
    """Input params Mixpanel documents as open: extra keys are kept and sent (the few open bodies)."""

    model_config = ConfigDict(
        extra="allow", populate_by_name=True, validate_assignment=True, use_attribute_docstrings=True
    )


class ResponseModel(BaseModel):
    """Base of server answers: immutable, and unknown server fields are kept in ``model_extra``."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        _show_field_names(cls)


def body_of(params: BaseModel, **overrides: Any) -> dict[str, Any]:
    """The JSON body for ``params``: aliases applied, ``None`` fields left out.

    Secrets stay ``SecretStr`` (masked in any repr, log or journal written from the body); the HTTP layer
    reveals them only while it encodes the request. ``reveal(body)`` does it explicitly.
    """
    body = params.model_dump(mode="python", by_alias=True, exclude_none=True)
    body.update(overrides)
    return body


def reveal(value: Any) -> Any:
    """``value`` with every ``SecretStr`` inside replaced by its secret: only for a request body."""
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, dict):
        return {k: reveal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [reveal(v) for v in value]
    return value


def parse_model(model: type[M], data: Any, *, what: str) -> M:
    """Validate one answer object, or raise ``InvalidResponseError`` naming the operation."""
    if not isinstance(data, dict):
        raise InvalidResponseError(f"unexpected answer from {what}: expected an object, got {type(data).__name__}")
    return model.model_validate(data)


def parse_list(model: type[M], data: Any, *, what: str) -> list[M]:
    """Validate a list answer; an enveloped ``{"results": [...]}`` is accepted too."""
    return [model.model_validate(item) for item in results_of(data, what)]


def _utc_if_aware(value: datetime) -> datetime:
    return value.astimezone(timezone.utc) if value.tzinfo is not None else value


# Server timestamps (S5): naive ones stay naive (project time), zone-aware ones become UTC.
Timestamp = Annotated[datetime, AfterValidator(_utc_if_aware)]
