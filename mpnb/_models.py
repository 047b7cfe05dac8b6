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
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, SecretStr, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from mpnb._http import results_of
from mpnb.errors import InputError, InvalidResponseError

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self from Python 3.11

__all__ = [
    "MAX_DEPTH",
    "InputModel",
    "OpenInputModel",
    "ResponseModel",
    "Timestamp",
    "body_of",
    "parse_list",
    "parse_model",
    "reveal",
    "too_deep",
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


MAX_DEPTH = 100
"""JSON values (params, rulesets, conditions, cells of a file) nested deeper than this are refused before any
request: Mixpanel's own objects are far shallower, and deeper ones could only exhaust a parser's stack."""

_Link = tuple[Any, Any]  # (parent link, key): a value's path, spelled out only when it is reported


def _path_of(link: _Link | None) -> str:
    keys: list[Any] = []
    while link is not None:
        link, key = link
        keys.append(key)
    return "".join(f".{k}" if isinstance(k, str) else f"[{k}]" for k in reversed(keys)).lstrip(".")


def _non_finite_or_deep(value: Any) -> tuple[str, str] | None:
    """``("deep", path)`` for a container nested past ``MAX_DEPTH``, ``("nan", path)`` for the first NaN or
    infinity, else ``None``. One walk without recursion, so no input can exhaust Python's stack."""
    stack: list[tuple[Any, int, _Link | None]] = [(value, 0, None)]
    pop, push = stack.pop, stack.append
    while stack:
        v, depth, link = pop()
        kind = type(v)
        if kind is dict:
            items: Any = v.items()
        elif kind is list or kind is tuple:
            items = enumerate(v)
        elif kind is str or kind is int or kind is bool or v is None:
            continue
        elif isinstance(v, dict):
            items = v.items()
        elif isinstance(v, (list, tuple)):
            items = enumerate(v)
        elif isinstance(v, (float, Real)) and not isinstance(v, (int, bool)):
            try:
                if not math.isfinite(float(v)):
                    return "nan", _path_of(link)
            except (TypeError, ValueError):
                pass
            continue
        else:
            continue
        if depth > MAX_DEPTH:
            return "deep", _path_of(link)
        for key, item in reversed(list(items)):  # reversed: the first problem in reading order is found first
            push((item, depth + 1, (link, key)))
    return None


def too_deep(value: Any) -> str | None:
    """The path of a container in ``value`` nested past ``MAX_DEPTH`` (``""`` for ``value`` itself), else None."""
    found = _non_finite_or_deep(value)
    return found[1] if found is not None and found[0] == "deep" else None


class _TooDeep(InputError):
    """JSON nested past ``MAX_DEPTH`` (an ``InputError`` naming the field)."""


def _deep_error(exc: ValidationError) -> InputError | None:
    for err in exc.errors():
        ctx = err.get("ctx") or {}
        if err.get("type") == "mpnb_too_deep":
            return _TooDeep(str(err["msg"]), field=str(ctx.get("field") or "params"))
        if isinstance(ctx.get("error"), _TooDeep):  # raised by __init__, which model_validate runs too
            return ctx["error"]  # type: ignore[no-any-return]
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

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
            return
        except ValidationError as exc:
            deep = _deep_error(exc)
            if deep is None:
                raise
        raise deep  # outside the handler: the traceback does not repeat pydantic's error

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        """Validate ``obj``; a value nested past ``MAX_DEPTH`` is an ``InputError`` naming its field."""
        try:
            return super().model_validate(obj, **kwargs)
        except ValidationError as exc:
            deep = _deep_error(exc)
            if deep is None:
                raise
        raise deep

    @model_validator(mode="before")
    @classmethod
    def _reject_non_finite(cls, data: Any) -> Any:
        found = _non_finite_or_deep(data)
        if found is None:
            return data
        kind, where = found
        if kind == "deep":
            field = where.split(".")[0].split("[")[0] or "value"
            raise PydanticCustomError(
                "mpnb_too_deep",
                "{field} is nested more than {depth} levels deep (at {where}); deeper JSON is refused before "
                "anything is sent",
                {"field": field, "depth": MAX_DEPTH, "where": where[:60] + ("..." if len(where) > 60 else "")},
            )
        raise ValueError(
            f"{where or 'value'} is NaN or infinite, which JSON cannot carry "
            "(an empty cell read by pandas is NaN: fill or drop it first)"
        )

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
