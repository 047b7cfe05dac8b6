"""Raw records -> DataFrame, with dtypes derived from the family's response model.

Index = entity id (``Int64`` or ``string``); one column per model field (server keys are translated to
field names, e.g. ``type`` -> ``bookmark_type``), then any unknown server fields, then cheap cleanup
columns. Dtypes: ``str`` -> ``string``, ``int`` -> ``Int64``, ``bool`` -> ``boolean``, ``float`` ->
``Float64``, datetimes as the server sends them (naive stays naive, zone-aware becomes UTC); anything nested stays a
Python object. Built column by column from the raw JSON (no model per row: 20,000 reports must stay fast).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from mpnb.frames._kinds import Kind, model_kinds
from mpnb.frames._specs import FamilySpec, Raw

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["ATTR_FAMILY", "ATTR_TARGET", "Kind", "build_frame", "dtype_table", "empty_index", "target_of"]

ATTR_FAMILY = "mpnb_family"
ATTR_TARGET = "mpnb_target"


def dtype_table(spec: FamilySpec) -> dict[str, Kind]:
    """Field name -> dtype kind, from the family's response model."""
    return model_kinds(spec.model_cls())


def target_of(ws: Workspace) -> str:
    """The label a frame's ``mpnb_target`` attr holds: a frame is planned only where it was read."""
    return ws.target.label(ws.workspace_pinned)


def _datetimes(values: list[Any]) -> Any:
    try:
        out = pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601")
    except (ValueError, TypeError):
        out = pd.to_datetime(pd.Series(values, dtype=object), format="ISO8601", utc=True, errors="coerce")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_convert(timezone.utc)
    return out.array


def _column(kind: Kind, values: list[Any]) -> Any:
    try:
        if kind == "datetime":
            return _datetimes(values)
        if kind != "object":
            return pd.array(values, dtype=kind)
    except (ValueError, TypeError):
        pass
    arr = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        arr[i] = v
    return arr


def _columns(records: Sequence[Raw], keys: list[str]) -> list[list[Any]]:
    """``records`` as one list per key: itemgetter and zip do it in C when every record has every key."""
    if not records or not keys:
        return [[None] * len(records) for _ in keys]
    try:
        get = operator.itemgetter(*keys)
        rows = [get(r) for r in records]
    except KeyError:
        return [[r.get(k) for r in records] for k in keys]
    if len(keys) == 1:
        return [list(rows)]
    return [list(col) for col in zip(*rows)]


def empty_index(spec: FamilySpec, ids: Sequence[Any]) -> pd.Index:
    return pd.Index(ids, dtype="Int64" if spec.id_type is int else "string", name="id")


def build_frame(
    spec: FamilySpec,
    records: Sequence[Raw],
    *,
    target: str,
    now: datetime | None = None,
) -> pd.DataFrame:
    """The frame for ``records`` (nested cells are the records' own objects, not copies)."""
    kinds = dtype_table(spec)
    aliases = spec.aliases()
    id_key = spec.id_key
    data: dict[str, Any] = {}
    names = [n for n in kinds if n != spec.index]
    columns = _columns(records, [aliases[n] for n in names])
    for name, values in zip(names, columns):
        kind = kinds[name]
        data[name] = _column(kind, values)
    known = set(aliases.values())
    extras: dict[str, None] = {}
    for r in records:
        for k in r:
            if k not in known and k not in extras:
                extras[k] = None
    for key in extras:
        data[key] = _column("object", [r.get(key) for r in records])
    for col, src in spec.derived.items():
        if col in data:
            continue
        if col == "age_days":
            if src in data:
                data[col] = _age_days(data[src], now)
        elif src in data:
            data[col] = data[src]
        elif "." in src:  # a field of a nested object, e.g. an alert's "bookmark.id"
            outer, inner = src.split(".", 1)
            key = aliases.get(outer, outer)
            vals = [(r.get(key) or {}).get(inner) if isinstance(r.get(key), dict) else None for r in records]
            data[col] = _column("Int64" if all(v is None or type(v) is int for v in vals) else "string", vals)
    index = empty_index(spec, [r.get(id_key) for r in records])
    df: pd.DataFrame = pd.DataFrame(data, index=index)
    df.attrs[ATTR_FAMILY] = spec.name
    df.attrs[ATTR_TARGET] = target
    return df


def _age_days(created: Any, now: datetime | None) -> Any:
    if not isinstance(created, pd.arrays.DatetimeArray):
        return pd.array([None] * len(created), dtype="Int64")
    ref = pd.Timestamp(now or datetime.now(timezone.utc))
    ref = ref.tz_convert(created.tz) if created.tz is not None else ref.tz_convert(None)
    days = (ref - pd.Series(created)).dt.days
    return days.astype("Int64").array
