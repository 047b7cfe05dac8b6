"""Custom alert models: the alert Mixpanel returns, the params of create/update (with the checks of
frequency, condition and subscriptions), count, history page, screenshot and validation answers.

``AlertsMethods`` in ``mpnb.entities.alerts`` sends them; that module's ``__all__`` exports them.
"""

from __future__ import annotations

import re
from enum import IntEnum
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from mpnb._models import InputModel, ResponseModel, Timestamp
from mpnb._paging import CursorPage

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
