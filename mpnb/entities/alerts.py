"""Custom alerts: models, endpoint table and ``AlertsMethods``.

An alert watches one saved Insights or Funnels report; mpnb reads the report first, so an alert on a
missing report or on another report type is refused before anything is created.

>>> alert = ws.create_alert(mp.CreateAlertParams(bookmark_id=12345, name="Daily signups drop",
...     condition={"type": "absolute", "op": "<", "value": 100}, frequency=mp.AlertFrequencyPreset.DAILY,
...     paused=False, subscriptions=[{"type": "email", "value": "team@example.com"}]))
>>> ws.get_alert_history(alert.id, page_size=10).pagination.has_more
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import IntEnum
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from mpnb._http import Op, results_of
from mpnb._models import InputModel, ResponseModel, Timestamp, body_of, parse_list, parse_model
from mpnb._paging import CursorPage, check_page_size
from mpnb.entities._base import FamilyBase, check_int_id, check_int_ids
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

ALERT_NAME_MAX = 50
ALERTABLE_REPORT_TYPES = ("insights", "funnels")
# Delivery channels Mixpanel documents for alerts (mixpanel-facts.md §9d).
SUBSCRIPTION_TYPES = ("email", "slack", "webhook")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


class AlertFrequencyPreset(IntEnum):
    """How often an alert is checked, in seconds; an ``int``, so it is sent as the number."""

    HOURLY = 3600
    DAILY = 86400
    WEEKLY = 604800


class AlertBookmark(ResponseModel):
    """The report an alert watches, as Mixpanel embeds it in the alert (``type``: insights or funnels)."""

    id: int
    name: str | None = None
    type: str | None = None


class AlertCreator(ResponseModel):
    """Who created an alert, as Mixpanel embeds it."""

    id: int
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None


class AlertWorkspace(ResponseModel):
    """The workspace an alert belongs to, as Mixpanel embeds it."""

    id: int
    name: str | None = None


class AlertProject(ResponseModel):
    """The project an alert belongs to, as Mixpanel embeds it."""

    id: int
    name: str | None = None


class CustomAlert(ResponseModel):
    """A custom alert as Mixpanel returns it: the watched report, ``condition``, ``frequency`` in seconds
    (86400 is daily), ``paused``, ``subscriptions`` (email, Slack, webhook) and when it last ran and fired.

    ``valid`` is Mixpanel's verdict on whether the watched report still supports the alert.
    """

    id: int
    name: str
    bookmark: AlertBookmark | None = None
    condition: dict[str, Any] = Field(default_factory=dict)
    frequency: int = 0
    paused: bool = False
    subscriptions: list[dict[str, Any]] = Field(default_factory=list)
    notification_windows: dict[str, Any] | None = None
    creator: AlertCreator | None = None
    workspace: AlertWorkspace | None = None
    project: AlertProject | None = None
    created: Timestamp | None = None
    modified: Timestamp | None = None
    last_checked: Timestamp | None = None
    last_fired: Timestamp | None = None
    valid: bool = True
    results: dict[str, Any] | None = None

    @field_validator("created", "modified", "last_checked", "last_fired", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value == "" else value


def _check_subscriptions(value: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    """Each subscription is ``{"type": <channel>, "value": ...}``; email values must look like addresses."""
    if value is None:
        return value
    for i, sub in enumerate(value):
        kind = sub.get("type")
        if kind not in SUBSCRIPTION_TYPES:
            raise ValueError(f"subscriptions[{i}].type must be one of {', '.join(SUBSCRIPTION_TYPES)}, got {kind!r}")
        if "value" not in sub or sub["value"] in (None, ""):
            raise ValueError(f"subscriptions[{i}].value is required (the address, channel or webhook)")
        if kind == "email" and not (isinstance(sub["value"], str) and _EMAIL.match(sub["value"])):
            raise ValueError(f"subscriptions[{i}].value is not an email address: {sub['value']!r}")
    return value


_FREQUENCY_NAMES = {p.name.lower(): int(p) for p in AlertFrequencyPreset}
# Comparison operators seen in Mixpanel's alert conditions: thresholds, and the anomaly band "outside x".
CONDITION_OPS = ("<", "<=", ">", ">=", "==", "!=", "!<=x<=", "<=x<=")


def _check_frequency(value: Any) -> Any:
    """One vocabulary everywhere: ``"hourly"``/``"daily"``/``"weekly"``, the preset, or 3600/86400/604800 s."""
    if value is None:
        return value
    if isinstance(value, str) and value.strip().lower() in _FREQUENCY_NAMES:
        return _FREQUENCY_NAMES[value.strip().lower()]
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and value in _FREQUENCY_NAMES.values():
        return int(value)
    raise ValueError(
        f"frequency must be hourly, daily or weekly (3600, 86400 or 604800 seconds, or mp.AlertFrequencyPreset); "
        f"got {value!r}"
    )


def _check_condition(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """Refuse clear nonsense in an otherwise opaque condition: an unknown ``op``, a non-numeric ``value``."""
    if value is None:
        return value
    kind = value.get("type")
    if kind is not None and (not isinstance(kind, str) or not kind.strip()):
        raise ValueError(f"condition.type must be a name such as 'absolute' or 'anomaly', got {kind!r}")
    if "op" in value and value["op"] not in CONDITION_OPS:
        raise ValueError(f"condition.op must be one of {', '.join(CONDITION_OPS)}; got {value['op']!r}")
    if "value" in value:
        number = value["value"]
        if isinstance(number, bool) or not isinstance(number, (int, float)) or number != number:
            raise ValueError(f"condition.value must be a number (the threshold), got {number!r}")
    keys = value.get("keys")
    if keys is not None and not (
        isinstance(keys, list) and all(isinstance(k, dict) and "header" in k and "value" in k for k in keys)
    ):
        raise ValueError('condition.keys must be a list of {"header": ..., "value": ...} objects')
    return value


def _check_recipients(value: list[dict[str, Any]] | None, info: ValidationInfo) -> list[dict[str, Any]] | None:
    """An alert left running (``paused`` is declared before ``subscriptions``) with no recipient notifies nobody.

    On an update, emptying the list needs ``paused=True`` in the same update.
    """
    if value == [] and info.data.get("paused") is not True:
        raise ValueError(
            "no recipient: subscriptions is empty, so this running alert would notify nobody; add one "
            '(e.g. [{"type": "email", "value": "me@example.com"}]) or set paused=True'
        )
    return value


class CreateAlertParams(InputModel):
    """A new alert (also the body of ``test_alert``); ``frequency`` as hourly/daily/weekly or its seconds."""

    bookmark_id: int = Field(gt=0)
    """Id of the report (insights or funnels) the alert watches."""
    name: str = Field(min_length=1, max_length=ALERT_NAME_MAX)
    """The alert's name (non-empty, length limited)."""
    condition: dict[str, Any]
    """When to notify, e.g. ``{"type": "absolute", "op": "<", "value": 100}``; anomaly conditions also need ``keys``."""
    frequency: int = Field(gt=0)
    """How often Mixpanel checks, in seconds (``mp.AlertFrequencyPreset.DAILY`` is 86400)."""
    paused: bool
    """A paused alert is kept but not checked."""
    subscriptions: list[dict[str, Any]]
    """Who is notified, e.g. ``[{"type": "email", "value": "team@example.com"}]``."""
    notification_windows: dict[str, Any] | None = None
    """Optional quiet hours, in Mixpanel's format."""

    _subscriptions = field_validator("subscriptions")(_check_subscriptions)
    _frequency = field_validator("frequency", mode="before")(_check_frequency)
    _condition = field_validator("condition")(_check_condition)
    _recipients = field_validator("subscriptions")(_check_recipients)


class UpdateAlertParams(InputModel):
    """The fields to PATCH; unset ones stay as they are."""

    name: str | None = Field(default=None, min_length=1, max_length=ALERT_NAME_MAX)
    """The alert's name (non-empty, length limited)."""
    bookmark_id: int | None = Field(default=None, gt=0)
    """Watch another report (insights or funnels)."""
    condition: dict[str, Any] | None = None
    """When to notify, e.g. ``{"type": "absolute", "op": "<", "value": 100}``; anomaly conditions also need ``keys``."""
    frequency: int | None = Field(default=None, gt=0)
    """How often Mixpanel checks, in seconds (``mp.AlertFrequencyPreset.DAILY`` is 86400)."""
    paused: bool | None = None
    """A paused alert is kept but not checked."""
    subscriptions: list[dict[str, Any]] | None = None
    """Who is notified, e.g. ``[{"type": "email", "value": "team@example.com"}]``."""
    notification_windows: dict[str, Any] | None = None
    """Optional quiet hours, in Mixpanel's format."""

    _subscriptions = field_validator("subscriptions")(_check_subscriptions)
    _frequency = field_validator("frequency", mode="before")(_check_frequency)
    _condition = field_validator("condition")(_check_condition)
    _recipients = field_validator("subscriptions")(_check_recipients)


class AlertCount(ResponseModel):
    """``get_alert_count()``'s answer: ``anomaly_alerts_count`` against ``alert_limit``.

    It counts **anomaly alerts only**, not every custom alert, so "x/y alerts" printed from it is the anomaly
    quota; count ``len(ws.list_alerts())`` for all custom alerts.
    """

    anomaly_alerts_count: int
    alert_limit: int
    is_below_limit: bool


class AlertHistoryResponse(CursorPage[dict[str, Any]]):
    """A page of an alert's trigger history: ``.results`` (``.data``), ``.pagination.has_more``, ``.cursor``."""


class AlertScreenshotResponse(ResponseModel):
    """``get_alert_screenshot_url()``'s answer: a short-lived signed URL of the image sent with a notification."""

    signed_url: str


class AlertValidation(ResponseModel):
    """One alert's verdict from ``validate_alerts_for_bookmark``: ``valid``, and ``reason`` when it is not."""

    alert_id: int
    alert_name: str
    valid: bool
    reason: str | None = None


class ValidateAlertsForBookmarkParams(InputModel):
    """Ask Mixpanel whether ``alert_ids`` would still work if their report became ``bookmark_type`` with
    ``bookmark_params`` (check before you edit a watched report). ``alert_ids`` needs at least one id;
    ``bookmark_type`` is ``"insights"`` or ``"funnels"``, the only report types alerts support.
    """

    alert_ids: list[int] = Field(min_length=1)
    """Ids of the alerts to check (at least one)."""
    bookmark_type: Literal["insights", "funnels"]
    """``"insights"`` or ``"funnels"``: the report type the alerts would watch."""
    bookmark_params: dict[str, Any]
    """The report query the alerts would watch."""


class ValidateAlertsForBookmarkResponse(ResponseModel):
    """Per-alert verdicts (``alert_validations``) and how many would break (``invalid_count``)."""

    alert_validations: list[AlertValidation] = Field(default_factory=list)
    invalid_count: int = 0


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


class AlertsMethods(FamilyBase):
    """Alerts: list, create on a report, edit, delete with backup, count, history, test, screenshot, validate."""

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
        data = results_of(data, "list_alerts")
        return [a for a in data if isinstance(a, dict)]

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
