"""``mpnb <family> list`` without a model per record: raw records shaped as the model would print them, and
printed one at a time (20,000 reports: no list of models, no list of printed copies, no pandas).

``Shape(model)(raw)`` gives what ``plain(model.model_validate(raw))`` gives: field names instead of the
server's keys (``type`` -> ``bookmark_type``), every field present (its default when the server left it out),
nested models through their own validation, unknown server keys after the fields, times as ``...Z``.
``tests/cli/test_streaming.py`` checks the two agree on every family.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, TypeAdapter

from mpnb.cli._output import emit_stream, plain

__all__ = ["Shape", "stream_list"]


def _nested(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_nested(a) for a in typing.get_args(annotation))


def _floats_only(annotation: Any) -> bool:
    """``float`` or ``float | None``: pydantic turns an integer into a float there."""
    if annotation is float:
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        kinds = [a for a in typing.get_args(annotation) if a is not type(None)]
        return kinds == [float]
    return False


class Shape:
    """Raw server record -> the record ``plain(model)`` prints, without building the model."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.fields: list[tuple[str, str, Any, TypeAdapter[Any] | None, bool]] = []
        known: set[str] = set()
        for name, f in model.model_fields.items():
            key = f.alias or name
            known |= {name, key}
            annotation: Any = f.annotation
            adapter: TypeAdapter[Any] | None = TypeAdapter(annotation) if _nested(annotation) else None
            default = None if f.is_required() else f.get_default(call_default_factory=True)
            self.fields.append((name, key, default, adapter, _floats_only(f.annotation)))
        self.known = frozenset(known)

    def __call__(self, raw: dict[str, Any]) -> Any:
        out: dict[str, Any] = {}
        for name, key, default, adapter, floats in self.fields:
            value = raw[key] if key in raw else raw.get(name, default)
            if adapter is not None and value is not None:
                value = adapter.dump_python(adapter.validate_python(value), mode="python")
            elif floats and type(value) is int:
                value = float(value)
            out[name] = value
        for key, value in raw.items():
            if key not in self.known:
                out[key] = value
        return plain(out)


def stream_list(ws: Any, family: str, filters: dict[str, Any], columns: list[str]) -> None:
    """One list call of ``family`` (``filters`` as its frame takes them), parsed a chunk at a time and
    printed record by record: the answer's bytes and one chunk of records are all that is held."""
    from mpnb.frames import spec_for

    spec = spec_for(family)
    query = {k: v for k, v in spec.list_query({k: v for k, v in filters.items() if v is not None}).items()}
    shape = Shape(spec.model_cls())
    records = ws.records(family).read_iter({k: v for k, v in query.items() if v is not None})
    emit_stream((shape(r) for r in records), columns)
