"""Custom alerts in frames: bulk delete; the report an alert watches shows as ``report_id``."""

from __future__ import annotations

from typing import Any

from mpnb.entities.alerts import AlertsMethods, CreateAlertParams, CustomAlert, UpdateAlertParams
from mpnb.frames._specs import FamilySpec


def _query(f: dict[str, Any]) -> dict[str, Any]:
    return {"bookmark_id": f.get("bookmark_id"), "skip_user_filter": "true"}


SPEC = FamilySpec(
    name="alerts",
    model=CustomAlert,
    update_params=UpdateAlertParams,
    create_params=CreateAlertParams,
    create_with=AlertsMethods.create_alert,
    natural_key=("name",),
    list_query=_query,
    filters=("bookmark_id",),
    ids_filter=False,
    lost_on_restore=("original id", "alert history", "last fired/checked"),
    derived={"report_id": "bookmark.id", "owner": "creator.email", "age_days": "created"},
)
