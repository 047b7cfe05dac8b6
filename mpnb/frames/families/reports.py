"""Reports (bookmarks) in frames: bulk update and bulk delete; list filters by type and ids."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.entities._base import ids_csv
from mpnb.entities.reports import (
    Bookmark,
    BulkUpdateBookmarkEntry,
    CreateBookmarkParams,
    ReportsMethods,
    UpdateBookmarkParams,
)
from mpnb.frames._specs import FamilySpec

if TYPE_CHECKING:
    import pandas as pd

if TYPE_CHECKING:
    pass


def _query(f: dict[str, Any]) -> dict[str, Any]:
    return {"v": 2, "type": f.get("bookmark_type"), "ids": ids_csv(f.get("ids"))}


def _cleanup(df: pd.DataFrame) -> None:
    from mpnb.frames._cleanup import report_columns  # (pandas: only once a frame is read)

    report_columns(df)


SPEC = FamilySpec(
    name="reports",
    model=Bookmark,
    update_params=UpdateBookmarkParams,
    create_params=CreateBookmarkParams,
    create_with=ReportsMethods.create_bookmark,
    bulk_update_params=BulkUpdateBookmarkEntry,
    natural_key=("name", "dashboard_id"),
    list_query=_query,
    filters=("bookmark_type", "ids"),
    lost_on_restore=("original id", "view counts and history", "linked copies on other boards"),
    derived={"owner": "creator_name", "age_days": "created"},
    used_by={"alert_count": ("alerts", "watches the report")},
    cleanup=_cleanup,
)
