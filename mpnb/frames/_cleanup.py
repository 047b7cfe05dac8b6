"""Cleanup columns on frames: what a person needs to decide what to tidy, computed from the list answers.

Added by ``ws.<family>.frame()`` (``cleanup=False`` leaves them out, and with them any extra read):

* ``idle_days``: whole days since the last change (``modified``; ``last_edited`` for cohorts).
* counts of what uses each entity, from the references the registry declares (``FamilySpec.used_by``):
  reports' ``alert_count`` (alerts watching the report), dashboards' ``report_count`` (reports saved to the
  board): one extra list call of the family that holds the references.
* a family's own columns (``FamilySpec.cleanup``): reports' ``params_key`` (a short hash of the type and
  params, so ``df.duplicated(["params_key", "dashboard_id"])`` works where the nested dicts are unhashable),
  ``board_count`` (boards in this frame showing the same query) and ``linked_copies`` (other reports with
  that query on other boards).

Object columns that are ``None`` on every row are dropped (noise when scanning); a plan leaves a column
the frame lacks unchanged, and assigning it brings it back.
Extra reads are named in ``df.attrs["mpnb_extra_reads"]``, so a request count can be explained.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from hashlib import blake2b
from typing import TYPE_CHECKING, Any

import pandas as pd

from mpnb._families import REGISTRY
from mpnb.errors import NotFoundError, PermissionDeniedError
from mpnb.frames._specs import FamilySpec, Raw
from mpnb.frames._tracked import as_plain
from mpnb.graph import use_counts, user_families, users_graph

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = [
    "ATTR_EXTRA_READS",
    "Related",
    "add_cleanup_columns",
    "days_since",
    "params_key",
    "params_keys",
    "read_related",
    "report_columns",
]

ATTR_EXTRA_READS = "mpnb_extra_reads"


def days_since(values: Any, now: datetime | None = None) -> pd.Series:
    """Whole days from each timestamp (naive = UTC, strings in ISO 8601) to ``now``; missing stays NA."""
    ref = pd.Timestamp(now or datetime.now(timezone.utc))
    ref = ref.tz_localize("UTC") if ref.tzinfo is None else ref.tz_convert("UTC")
    series = pd.Series(values)
    if series.dtype == object or str(series.dtype).startswith(("string", "str")):
        series = series.astype(object).where(series.notna(), None)
    stamps = pd.to_datetime(series, utc=True, errors="coerce", format="ISO8601")
    out: pd.Series = (ref - stamps).dt.days.astype("Int64")
    return out


# One encoder for every key (``json.dumps`` with options builds a new one per call: a fifth of the key's cost).
_KEY_TEXT = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str).encode


def params_key(kind: Any, params: Any) -> str:
    """A short, stable hash of a report's type and params (key order does not matter)."""
    return blake2b(_KEY_TEXT([kind, as_plain(params)]).encode(), digest_size=8).hexdigest()


def params_keys(df: pd.DataFrame) -> pd.Series:
    kinds = df["bookmark_type"] if "bookmark_type" in df.columns else pd.Series([None] * len(df), index=df.index)
    kinds = kinds.astype(object).where(kinds.notna(), None)
    keys = [params_key(k, p) for k, p in zip(kinds.tolist(), df["params"].tolist())]
    out: pd.Series = pd.Series(pd.array(keys, dtype="string"), index=df.index)
    return out


def report_columns(df: pd.DataFrame) -> None:
    """Reports: ``params_key``, ``board_count`` and ``linked_copies`` (see the module docstring)."""
    if "params" not in df.columns:
        return
    df["params_key"] = params_keys(df)
    by_key = df.groupby("params_key", dropna=False)
    df["board_count"] = by_key["dashboard_id"].transform("nunique").astype("Int64")
    # a report's linked copies: reports with the same query on another board (group sizes, not a Python
    # loop over the rows' (key, board) pairs: iterating the string column cost 0.15 s at 20,000 reports)
    same_board = df.groupby(["params_key", "dashboard_id"], dropna=False)["params_key"].transform("size")
    totals = by_key["params_key"].transform("size")
    df["linked_copies"] = (totals - same_board).astype("Int64")


def _uses(family: str, target: str, via: str) -> Callable[[Sequence[Raw]], Counter[Any]]:
    """How many records of ``family`` name each ``target`` id through the reference ``via``."""
    refs = [r for r in REGISTRY.get(family).references if r.target == target and r.via == via]

    def count(records: Sequence[Raw]) -> Counter[Any]:
        return Counter(v for rec in records for ref in refs for v in ref.find(rec))

    return count


def _drop_empty_objects(df: pd.DataFrame) -> None:
    """Columns of nested values that are None on every row (a plan leaves absent columns unchanged)."""
    for c in [c for c in df.columns if df[c].dtype == object and len(df) and df[c].isna().all()]:
        del df[c]


@dataclass
class Related:
    """What a family's extra list calls gave its count columns: column -> counts, and how the calls went."""

    counts: dict[str, Counter[Any] | None]
    notes: list[str]  # for df.attrs[ATTR_EXTRA_READS]


def related_families(spec: FamilySpec) -> list[str]:
    """The families whose list calls ``spec``'s count columns need, in the order they are read."""
    return list(dict.fromkeys(f for f, _ in spec.used_by.values()))


def read_related(ws: Workspace, spec: FamilySpec, *, step: Callable[[str], None] | None = None) -> Related | None:
    """The list calls the family's count columns need (one per family holding the references), made before
    the main read and kept as counts only: their records are freed before the main read's are parsed. (Read
    beside the main read, a 20,000-report frame's 4,000 alerts added 16 MiB to its peak; after it, they
    would sit on top of the finished frame.) None for families without count columns."""
    if not spec.used_by and not spec.where_used:
        return None
    out = Related({}, [])
    if spec.where_used:
        _where_used_counts(ws, spec, out, step)
    for family in related_families(spec):
        if step is not None:
            step(f"reading {family}")
        try:
            records = ws.records(family).read_all()
        except (PermissionDeniedError, NotFoundError) as exc:  # the main read must not fail for it
            out.notes.append(f"{family} list call (refused: {type(exc).__name__}; its columns are left out)")
            out.counts.update({c: None for c, (f, _) in spec.used_by.items() if f == family})
            continue
        out.notes.append(f"{family} list call")
        for column, (f, via) in spec.used_by.items():
            if f == family:
                out.counts[column] = _uses(family, spec.name, via)(records)
        del records
    return out


def _where_used_counts(ws: Workspace, spec: FamilySpec, out: Related, step: Callable[[str], None] | None) -> None:
    """``used_by_<family>`` for each family that can use the rows: how many of its entities use each row,
    directly or through what uses it (alerts on the reports that query an event), from the project graph."""
    names = user_families(spec.name)
    columns = {f: f"used_by_{f}" for f in names}
    if step is not None:
        step(f"reading what uses {spec.name}")
    try:
        graph = users_graph(ws, spec.name)
    except (PermissionDeniedError, NotFoundError) as exc:  # the main read must not fail for it
        out.notes.append(f"{', '.join(names)} list calls (refused: {type(exc).__name__}; used_by columns left out)")
        out.counts.update(dict.fromkeys(columns.values()))
        return
    out.notes += [f"{n} list call" for n in names]
    per_target = use_counts(graph, spec.name)
    del graph
    for family, column in columns.items():
        out.counts[column] = Counter({t: c[family] for t, c in per_target.items() if c[family]})


def add_cleanup_columns(
    ws: Workspace | None,
    spec: FamilySpec,
    df: pd.DataFrame,
    *,
    now: datetime | None = None,
    read: Related | None = None,
) -> pd.DataFrame:
    """Add the cleanup columns to ``df`` in place and return it.

    ``read`` is what ``read_related`` got; without it the extra list call is made here on ``ws`` (skipped
    when ``ws`` is None).
    """
    extra: list[str] = []
    modified = spec.modified if spec.modified in df.columns else None
    if modified is not None:
        df["idle_days"] = days_since(df[modified], now).array
    if spec.cleanup is not None:
        spec.cleanup(df)
    found = read if read is not None else read_related(ws, spec) if ws is not None and len(df) else None
    if found is not None:
        for column, counts in found.counts.items():
            if counts is not None and len(df):
                keys = df[spec.used_by_key].tolist() if spec.used_by_key else [spec.id_type(i) for i in df.index]
                df[column] = pd.array([counts.get(k, 0) for k in keys], dtype="Int64")
        extra += found.notes if len(df) else [f"{n} (not used: the frame is empty)" for n in found.notes]
    _drop_empty_objects(df)
    if extra:
        df.attrs[ATTR_EXTRA_READS] = extra
    return df
