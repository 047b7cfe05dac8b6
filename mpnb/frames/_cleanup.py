"""Cleanup columns on frames: what a person needs to decide what to tidy, computed from the list answers.

Added by ``ws.<family>.frame()`` (``cleanup=False`` leaves them out, and with them any extra read):

* ``idle_days``: whole days since the last change (``modified``; ``last_edited`` for cohorts).
* reports: ``params_key`` (a short hash of the type and params, so ``df.duplicated(["params_key",
  "dashboard_id"])`` works where the nested dicts are unhashable), ``board_count`` (boards in this frame
  showing the same query), ``linked_copies`` (other reports with that query on other boards) and
  ``alert_count`` (alerts watching the report: one extra alerts list call).
* dashboards: ``report_count`` (reports saved to the board: one extra reports list call).

Object columns that are ``None`` on every row are dropped (noise when scanning); a plan leaves a column
the frame lacks unchanged, and assigning it brings it back.
Extra reads are named in ``df.attrs["mpnb_extra_reads"]``, so a request count can be explained.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pandas as pd

from mpnb.errors import NotFoundError, PermissionDeniedError
from mpnb.frames._specs import FamilySpec, Raw
from mpnb.frames._tracked import as_plain

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = [
    "ATTR_EXTRA_READS",
    "RELATED",
    "add_cleanup_columns",
    "days_since",
    "params_key",
    "params_keys",
    "start_related_read",
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


def params_key(kind: Any, params: Any) -> str:
    """A short, stable hash of a report's type and params (key order does not matter)."""
    text = json.dumps([kind, as_plain(params)], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def params_keys(df: pd.DataFrame) -> pd.Series:
    kinds = df["bookmark_type"] if "bookmark_type" in df.columns else pd.Series([None] * len(df), index=df.index)
    keys = [params_key(None if pd.isna(k) else k, p) for k, p in zip(kinds.tolist(), df["params"].tolist())]
    out: pd.Series = pd.Series(pd.array(keys, dtype="string"), index=df.index)
    return out


def _report_columns(df: pd.DataFrame, alerts: Sequence[Raw] | None) -> None:
    if "params" not in df.columns:
        return
    df["params_key"] = params_keys(df)
    boards = df.groupby("params_key", dropna=False)["dashboard_id"].nunique()
    df["board_count"] = df["params_key"].map(boards).astype("Int64")
    # a report's linked copies: reports with the same query on another board
    pairs = df.groupby(["params_key", "dashboard_id"], dropna=False).size()
    same_board = pd.Series(list(zip(df["params_key"], df["dashboard_id"])), index=df.index).map(pairs)
    totals = df["params_key"].map(df["params_key"].value_counts())
    df["linked_copies"] = (totals - same_board).astype("Int64")
    if alerts is not None:
        counts = Counter((a.get("bookmark") or {}).get("id") for a in alerts if isinstance(a.get("bookmark"), dict))
        df["alert_count"] = pd.array([counts.get(int(i), 0) for i in df.index], dtype="Int64")


def _dashboard_columns(df: pd.DataFrame, reports: Sequence[Raw] | None) -> None:
    if reports is None:
        return
    counts = Counter(r.get("dashboard_id") for r in reports)
    df["report_count"] = pd.array([counts.get(int(i), 0) for i in df.index], dtype="Int64")


def _drop_empty_objects(df: pd.DataFrame) -> None:
    """Columns of nested values that are None on every row (a plan leaves absent columns unchanged)."""
    for c in [c for c in df.columns if df[c].dtype == object and len(df) and df[c].isna().all()]:
        del df[c]


RELATED = {"reports": "alerts", "dashboards": "reports"}  # the one extra list call of a family's columns


def start_related_read(ws: Workspace, spec: FamilySpec) -> Future[list[Raw]] | None:
    """Start the family's extra list call on a thread, so it runs beside the main read (one round trip
    and the server's work saved); ``add_cleanup_columns(pending=...)`` takes its answer or its error."""
    family = RELATED.get(spec.name)
    if family is None:
        return None
    from mpnb.frames._families import spec_for

    pool = ThreadPoolExecutor(1, thread_name_prefix="mpnb-cleanup-read")
    try:
        return pool.submit(spec_for(family).list_raw, ws)
    finally:
        pool.shutdown(wait=False)


def add_cleanup_columns(
    ws: Workspace | None,
    spec: FamilySpec,
    df: pd.DataFrame,
    *,
    now: datetime | None = None,
    related: dict[str, Sequence[Raw]] | None = None,
    pending: Future[list[Raw]] | None = None,
) -> pd.DataFrame:
    """Add the cleanup columns to ``df`` in place and return it.

    ``related`` passes records already read (``{"alerts": [...]}`` for reports, ``{"reports": [...]}`` for
    dashboards), ``pending`` a read started by ``start_related_read``; what is missing is read with one
    list call on ``ws`` (skipped when ``ws`` is None).
    """
    related = dict(related or {})
    extra: list[str] = []

    def records(family: str) -> Sequence[Raw] | None:
        if family not in related and ws is not None:
            from mpnb.frames._families import spec_for

            try:
                related[family] = pending.result() if pending is not None else spec_for(family).list_raw(ws)
            except (PermissionDeniedError, NotFoundError) as exc:  # the main read must not fail for it
                extra.append(f"{family} list call (refused: {type(exc).__name__}; its columns are left out)")
                return None
            extra.append(f"{family} list call")
        return related.get(family)

    modified = spec.modified if spec.modified in df.columns else None
    if modified is not None:
        df["idle_days"] = days_since(df[modified], now).array
    if spec.name == "reports":
        _report_columns(df, records("alerts") if len(df) else None)
    elif spec.name == "dashboards":
        _dashboard_columns(df, records("reports") if len(df) else None)
    if pending is not None and not extra:  # started beside the main read, and then not needed
        extra.append(f"{RELATED[spec.name]} list call (not used: the frame is empty)")
    _drop_empty_objects(df)
    if extra:
        df.attrs[ATTR_EXTRA_READS] = extra
    return df
