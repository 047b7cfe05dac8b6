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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    "Related",
    "add_cleanup_columns",
    "days_since",
    "params_key",
    "params_keys",
    "read_related",
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


def _report_columns(df: pd.DataFrame, alerts: Counter[Any] | None) -> None:
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
        df["alert_count"] = pd.array([alerts.get(int(i), 0) for i in df.index], dtype="Int64")


def _dashboard_columns(df: pd.DataFrame, reports: Counter[Any] | None) -> None:
    if reports is None:
        return
    df["report_count"] = pd.array([reports.get(int(i), 0) for i in df.index], dtype="Int64")


def _alerts_per_report(alerts: Sequence[Raw]) -> Counter[Any]:
    return Counter((a.get("bookmark") or {}).get("id") for a in alerts if isinstance(a.get("bookmark"), dict))


def _reports_per_board(reports: Sequence[Raw]) -> Counter[Any]:
    return Counter(r.get("dashboard_id") for r in reports)


# family -> (the family of its one extra list call, what its columns need of that call's records)
RELATED: dict[str, tuple[str, Callable[[Sequence[Raw]], Counter[Any]]]] = {
    "reports": ("alerts", _alerts_per_report),
    "dashboards": ("reports", _reports_per_board),
}


def _drop_empty_objects(df: pd.DataFrame) -> None:
    """Columns of nested values that are None on every row (a plan leaves absent columns unchanged)."""
    for c in [c for c in df.columns if df[c].dtype == object and len(df) and df[c].isna().all()]:
        del df[c]


@dataclass
class Related:
    """What a family's one extra list call gave its columns: the counts, and how the call went."""

    counts: Counter[Any] | None
    note: str  # for df.attrs[ATTR_EXTRA_READS]


def read_related(ws: Workspace, spec: FamilySpec) -> Related | None:
    """The family's extra list call, made before the main read and kept as counts only: its records are
    freed before the main read's are parsed. (Read beside the main read, a 20,000-report frame's 4,000
    alerts added 16 MiB to its peak; after it, they would sit on top of the finished frame.) None for
    families without one."""
    if spec.name not in RELATED:
        return None
    from mpnb.frames._families import spec_for

    family, count = RELATED[spec.name]
    try:
        return Related(count(spec_for(family).list_raw(ws)), f"{family} list call")
    except (PermissionDeniedError, NotFoundError) as exc:  # the main read must not fail for it
        return Related(None, f"{family} list call (refused: {type(exc).__name__}; its columns are left out)")


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

    def counts() -> Counter[Any] | None:
        found = read if read is not None else read_related(ws, spec) if ws is not None else None
        if found is None:
            return None
        extra.append(found.note)
        return found.counts

    modified = spec.modified if spec.modified in df.columns else None
    if modified is not None:
        df["idle_days"] = days_since(df[modified], now).array
    if spec.name == "reports":
        _report_columns(df, counts() if len(df) else None)
    elif spec.name == "dashboards":
        _dashboard_columns(df, counts() if len(df) else None)
    if read is not None and not extra:  # read before the main read, and then not needed
        extra.append(f"{read.note} (not used: the frame is empty)")
    _drop_empty_objects(df)
    if extra:
        df.attrs[ATTR_EXTRA_READS] = extra
    return df
