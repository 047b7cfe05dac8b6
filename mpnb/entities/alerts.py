"""Custom alerts: endpoint table and ``AlertsMethods`` (the models are in ``alerts_models``).

An alert watches one saved Insights or Funnels report; mpnb reads the report first, so an alert on a
missing report or on another report type is refused before anything is created.

>>> alert = ws.create_alert(mp.CreateAlertParams(bookmark_id=12345, name="Daily signups drop",
...     condition={"type": "absolute", "op": "<", "value": 100}, frequency=mp.AlertFrequencyPreset.DAILY,
...     paused=False, subscriptions=[{"type": "email", "value": "team@example.com"}]))
>>> ws.get_alert_history(alert.id, page_size=10).pagination.has_more
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from mpnb._http import Op, objects_of
from mpnb._models import body_of, parse_list, parse_model
from mpnb._paging import check_page_size
from mpnb.entities._base import FamilyBase, check_int_id, check_int_ids
from mpnb.entities._family import Family, Raw, Reference, field_ids
from mpnb.entities.alerts_models import (
    ALERTABLE_REPORT_TYPES,
    AlertBookmark,
    AlertCount,
    AlertCreator,
    AlertFrequencyPreset,
    AlertHistoryResponse,
    AlertProject,
    AlertScreenshotResponse,
    AlertValidation,
    AlertWorkspace,
    CreateAlertParams,
    CustomAlert,
    UpdateAlertParams,
    ValidateAlertsForBookmarkParams,
    ValidateAlertsForBookmarkResponse,
)
from mpnb.entities.reports import OPS as REPORT_OPS
from mpnb.errors import InputError, InvalidResponseError, NotFoundError

__all__ = [
    "AlertBookmark",
    "AlertCount",
    "AlertCreator",
    "AlertFrequencyPreset",
    "AlertHistoryResponse",
    "AlertProject",
    "AlertScreenshotResponse",
    "AlertValidation",
    "AlertWorkspace",
    "AlertsMethods",
    "CreateAlertParams",
    "CustomAlert",
    "UpdateAlertParams",
    "ValidateAlertsForBookmarkParams",
    "ValidateAlertsForBookmarkResponse",
]


class OPS:
    LIST = Op("list_alerts", "GET", "alerts/custom/")
    CREATE = Op("create_alert", "POST", "alerts/custom/", idempotent=False)
    GET = Op("get_alert", "GET", "alerts/custom/{id}/")
    UPDATE = Op("update_alert", "PATCH", "alerts/custom/{id}/")
    DELETE = Op("delete_alert", "DELETE", "alerts/custom/{id}/")
    BULK_DELETE = Op("bulk_delete_alerts", "POST", "alerts/custom/bulk-delete/", idempotent=True)
    COUNT = Op("get_alert_count", "GET", "alerts/custom/alert-count/")
    HISTORY = Op("get_alert_history", "GET", "alerts/custom/{id}/history/")
    TEST = Op("test_alert", "POST", "alerts/custom/test/", idempotent=False)
    SCREENSHOT = Op("get_alert_screenshot_url", "GET", "alerts/custom/screenshot/")
    VALIDATE = Op(
        "validate_alerts_for_bookmark", "POST", "alerts/custom/validate-alerts-for-bookmark/", idempotent=True
    )


def _alert(data: Any, what: str) -> CustomAlert:
    return parse_model(CustomAlert, data, what=what)


def _bool_param(value: bool | None, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise InputError(f"{field} must be True or False, got {value!r}", field=field)
    return "true" if value else "false"


def _webhooks(record: Raw) -> list[Any]:
    subs = record.get("subscriptions") or []
    return [s.get("value") for s in subs if isinstance(s, dict) and s.get("type") == "webhook" and s.get("value")]


FAMILY = Family(
    name="alerts",
    singular="alert",
    model=CustomAlert,
    ops=OPS,
    list_all={"skip_user_filter": "true"},
    natural_key=("name", "bookmark_id|bookmark.id"),
    content=("bookmark_id|bookmark.id", "condition", "frequency"),
    references=(
        Reference(
            "reports",
            "watches the report",
            field_ids("bookmark_id|bookmark.id"),
            field="bookmark_id",
            on_delete="cascade",
        ),
        Reference("webhooks", "notifies the webhook", _webhooks, field="subscriptions", nested_key="value"),
    ),
    bulk_delete_key="alert_ids",
    active=lambda r: not r.get("paused"),
)


class AlertsMethods(FamilyBase):
    """Alerts: list, create on a report, edit, delete with backup, count, history, test, screenshot, validate."""

    FAMILY: ClassVar[Family] = FAMILY

    def _check_report(self, bookmark_id: int) -> None:
        """Refuse an alert on a report that is missing or not an Insights/Funnels report (one GET)."""
        try:
            report = self._http.call(REPORT_OPS.GET, path={"id": bookmark_id}, params={"v": 2})
        except NotFoundError:
            raise InputError(
                f"bookmark_id {bookmark_id}: no such report on {self.target_label}; nothing was created",
                field="bookmark_id",
            ) from None
        kind = report.get("type") if isinstance(report, dict) else None
        if kind not in ALERTABLE_REPORT_TYPES:
            raise InputError(
                f"bookmark_id {bookmark_id} is a {kind or 'unknown'} report; alerts watch only insights and "
                "funnels reports; nothing was created",
                field="bookmark_id",
            )

    def _raw_alerts(self) -> list[dict[str, Any]]:
        # skip_user_filter: the backup must see alerts other people created too
        data = self._http.call(OPS.LIST, params={"skip_user_filter": "true"})
        return objects_of(data, "list_alerts")

    def list_alerts(self, *, bookmark_id: int | None = None, skip_user_filter: bool | None = None) -> list[CustomAlert]:
        """List alerts, optionally only those on one report."""
        params = {
            "bookmark_id": None if bookmark_id is None else check_int_id(bookmark_id, "bookmark_id"),
            "skip_user_filter": _bool_param(skip_user_filter, "skip_user_filter"),
        }
        return parse_list(CustomAlert, self._http.call(OPS.LIST, params=params), what="list_alerts")

    def create_alert(self, params: CreateAlertParams) -> CustomAlert:
        """Create an alert on an existing Insights or Funnels report."""
        self._check_report(params.bookmark_id)
        data = self._http.call(OPS.CREATE, json_body=body_of(params), natural_key=params.name)
        return _alert(data, "create_alert")

    def get_alert(self, alert_id: int) -> CustomAlert:
        """One custom alert by id.

        Raises ``mp.NotFoundError`` when no alert has that id (in this project or workspace), and
        ``mp.InputError`` before any request when ``alert_id`` is not a positive integer.
        """
        aid = check_int_id(alert_id, "alert_id")
        return _alert(self._http.call(OPS.GET, path={"id": aid}), "get_alert")

    def update_alert(self, alert_id: int, params: UpdateAlertParams) -> CustomAlert:
        """PATCH the fields set in ``params``; a new ``bookmark_id`` is checked like on create."""
        aid = check_int_id(alert_id, "alert_id")
        body = body_of(params)
        if not body:
            raise InputError("UpdateAlertParams sets no field; nothing to update", field="params")
        if params.bookmark_id is not None:
            self._check_report(params.bookmark_id)
        return _alert(self._http.call(OPS.UPDATE, path={"id": aid}, json_body=body), "update_alert")

    def delete_alert(self, alert_id: int) -> None:
        """Delete an alert, after backing it up."""
        aid = check_int_id(alert_id, "alert_id")
        records = [a for a in self._raw_alerts() if a.get("id") == aid]
        self._delete("alerts", [aid], records, lambda: self._http.call(OPS.DELETE, path={"id": aid}))

    def bulk_delete_alerts(self, ids: list[int], *, confirm: bool = False) -> None:
        """Delete several alerts in one request, after one backup of all of them."""
        idl = check_int_ids(ids, "ids")
        self._require_confirm(f"bulk_delete_alerts({len(idl)} alerts)", confirm)
        wanted = set(idl)
        records = [a for a in self._raw_alerts() if a.get("id") in wanted]
        self._delete(
            "alerts",
            idl,
            records,
            lambda: self._bulk(OPS.BULK_DELETE, "alert_ids", idl),
            still_there=lambda: [a for a in self._raw_alerts() if a.get("id") in wanted],
        )

    def get_alert_count(self, *, alert_type: str | None = None) -> AlertCount:
        """How many **anomaly** alerts exist, the project's limit for them, and whether another fits.

        Mixpanel counts anomaly alerts only (``anomaly_alerts_count``): ordinary custom alerts are not in the
        figure, so it is not ``len(ws.list_alerts())``. ``alert_type`` narrows the count where Mixpanel supports it.
        """
        data = self._http.call(OPS.COUNT, params={"type": alert_type})
        return parse_model(AlertCount, data, what="get_alert_count")

    def get_alert_history(
        self,
        alert_id: int,
        *,
        page_size: int | None = None,
        next_cursor: str | None = None,
        previous_cursor: str | None = None,
        cursor: str | None = None,
    ) -> AlertHistoryResponse:
        """One page of an alert's trigger history; ``cursor`` is the same as ``next_cursor``."""
        aid = check_int_id(alert_id, "alert_id")
        if cursor is not None and next_cursor is not None and cursor != next_cursor:
            raise InputError("pass either cursor or next_cursor (they are the same), not both", field="cursor")
        nxt = next_cursor if next_cursor is not None else cursor
        if nxt is not None and previous_cursor is not None:
            raise InputError("pass next_cursor or previous_cursor, not both", field="previous_cursor")
        query = {"page_size": check_page_size(page_size), "next_cursor": nxt, "previous_cursor": previous_cursor}
        data = self._http.call(OPS.HISTORY, path={"id": aid}, params=query, raw=True)
        # Mixpanel nests the page in the envelope: {"status": "ok", "results": {"results": [...], "pagination": ...}}
        inner = data.get("results") if isinstance(data, dict) else None
        if isinstance(inner, list):  # a single envelope: the body is the page itself
            inner = data
        if not isinstance(inner, dict) or not isinstance(inner.get("results"), list):
            raise InvalidResponseError("unexpected answer from get_alert_history: no results list")
        page = parse_model(AlertHistoryResponse, inner, what="get_alert_history")
        size = check_page_size(page_size)
        return page.with_next(lambda c: self.get_alert_history(aid, page_size=size, next_cursor=c))

    def iter_alert_history(self, alert_id: int, *, page_size: int = 50) -> Iterator[dict[str, Any]]:
        """Every trigger-history entry of an alert, fetching page after page."""
        yield from self.get_alert_history(alert_id, page_size=page_size).iter_items()

    def test_alert(self, params: CreateAlertParams) -> dict[str, Any]:
        """Send one test notification for an alert as ``params`` describes it (nothing is saved)."""
        self._check_report(params.bookmark_id)
        data = self._http.call(OPS.TEST, json_body=body_of(params), natural_key=params.name)
        if not isinstance(data, dict):
            raise InvalidResponseError("unexpected answer from test_alert: expected an object")
        return data

    def get_alert_screenshot_url(self, gcs_key: str) -> AlertScreenshotResponse:
        """A signed https URL for an alert screenshot stored under ``gcs_key``."""
        if not isinstance(gcs_key, str) or not gcs_key.strip():
            raise InputError(f"gcs_key must be a non-empty string, got {gcs_key!r}", field="gcs_key")
        data = self._http.call(OPS.SCREENSHOT, params={"gcs_key": gcs_key})
        return parse_model(AlertScreenshotResponse, data, what="get_alert_screenshot_url")

    def validate_alerts_for_bookmark(
        self, params: ValidateAlertsForBookmarkParams
    ) -> ValidateAlertsForBookmarkResponse:
        """Which of ``params.alert_ids`` would stay valid if their report had ``bookmark_params``."""
        check_int_ids(params.alert_ids, "alert_ids")
        data = self._http.call(OPS.VALIDATE, json_body=body_of(params))
        return parse_model(ValidateAlertsForBookmarkResponse, data, what="validate_alerts_for_bookmark")
