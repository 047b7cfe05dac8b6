"""``AlertForm``: create an alert on a saved Insights/Funnels report, or edit one (Mixpanel's validate call).

>>> form = AlertForm(ws)                       # create mode
>>> form.search.value = "signup"; form.report.value = form.report.options[0][1]
>>> form.name.value = "Signups dropped"; form.subscriptions.value = "team@example.com"
>>> form.create.click(); form.created          # the CustomAlert, or the error in form.status
>>> AlertForm(ws, alert_id=7)                  # edit mode: Validate asks Mixpanel, Save PATCHes

The logic lives in plain functions (``report_matches``, ``subscriptions_from_text``, ``build_condition``); the
widget only reads its controls, builds ``CreateAlertParams``/``UpdateAlertParams`` and shows the outcome.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from mpnb.entities.alerts_models import (
    ALERT_NAME_MAX,
    ALERTABLE_REPORT_TYPES,
    AlertFrequencyPreset,
    CreateAlertParams,
    CustomAlert,
    UpdateAlertParams,
    ValidateAlertsForBookmarkParams,
)
from mpnb.entities.reports import Bookmark
from mpnb.errors import InputError, OutcomeUnknownError
from mpnb.widgets._base import Confirm, FieldErrors, Shell, esc, split_list

if TYPE_CHECKING:
    from mpnb import Workspace

__all__ = ["AlertForm", "build_condition", "report_label", "report_matches", "subscriptions_from_text"]

MAX_MATCHES = 50
CONDITION_TYPES = ("absolute", "anomaly")
OPERATORS = ("<", "<=", ">", ">=")
ANOMALY_OP = "!<=x<="
CUSTOM = 0  # the frequency dropdown's "custom (seconds)" entry
FREQUENCIES = [("hourly", int(AlertFrequencyPreset.HOURLY)), ("daily", int(AlertFrequencyPreset.DAILY))]
FREQUENCIES += [("weekly", int(AlertFrequencyPreset.WEEKLY)), ("custom (seconds)", CUSTOM)]


def report_label(b: Bookmark) -> str:
    """What tells look-alike reports apart: board, owner, views and last edit, then type and id."""
    board = f"board {b.dashboard_id}" if b.dashboard_id is not None else "no board"
    owner = b.creator_name or b.creator_email or "owner unknown"
    edited = f"edited {str(b.modified)[:10]}" if b.modified else "never edited"
    views = f"{b.total_view_count or 0:,} views"
    return f"{b.name} · {board} · {owner} · {views} · {edited}  [{b.bookmark_type} #{b.id}]"


def report_matches(reports: list[Bookmark], query: str, limit: int = MAX_MATCHES) -> list[tuple[str, int]]:
    """Alertable reports whose name, owner or id contains ``query`` (case-insensitive), as (label, id), at most
    ``limit``: a search box over any number of reports, never a dropdown of all of them."""
    q = query.strip().lower()
    out: list[tuple[str, int]] = []
    for b in reports:
        if b.bookmark_type not in ALERTABLE_REPORT_TYPES:
            continue
        if q and q not in b.name.lower() and q != str(b.id) and q not in (b.creator_name or "").lower():
            continue
        out.append((report_label(b), b.id))
        if len(out) >= limit:
            break
    return out


def subscriptions_from_text(text: str, keep: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Email addresses (comma or newline separated) as subscriptions, then ``keep`` (e.g. Slack ones not shown).

    Addresses are validated by ``CreateAlertParams`` itself, so the rule lives in one place.
    """
    return [*({"type": "email", "value": e} for e in split_list(text)), *(keep or [])]


def build_condition(
    kind: str, op: str, value: float | None, series: str, base: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The alert's condition object; ``base`` (an edited alert's) keeps fields this form does not show.

    Series keys are the report's series names; when the text is unchanged from ``base``'s, its keys are kept
    as they were (their headers may differ from their values).
    """
    cond = dict(base or {})
    old_keys = cond.get("keys") or []
    shown = ", ".join(str(k.get("value")) for k in old_keys if isinstance(k, dict))
    cond["type"] = kind
    if kind == "anomaly":
        cond["op"] = ANOMALY_OP
        cond.pop("value", None)
    else:
        cond["op"] = op
        if value is not None:
            cond["value"] = int(value) if float(value).is_integer() else value
    names = split_list(series)
    if series.strip() != shown or not old_keys:
        cond["keys"] = [{"header": n, "value": n} for n in names]
    if not cond.get("keys"):
        cond.pop("keys", None)
    if kind == "anomaly" and not cond.get("keys"):
        cond["keys"] = [{"header": "$event", "value": "$overall"}]
    return cond


class AlertForm(w.VBox, Shell):  # type: ignore[misc]
    """Create (or, with ``alert_id``, edit) one alert. Events: created, saved, validated, test_sent."""

    EVENTS = ("created", "saved", "validated", "test_sent")

    def __init__(self, ws: Workspace, alert_id: int | None = None) -> None:
        self._init_shell()
        self.ws = ws
        self.alert: CustomAlert | None = ws.get_alert(alert_id) if alert_id is not None else None
        self.created: CustomAlert | None = None
        self._reports: list[Bookmark] | None = None
        self.search = w.Text(description="Report", placeholder="search insights/funnels reports by name or id")
        self.report = w.Select(options=[], rows=6, description="")
        self.matches = w.HTML(value="")
        self.name = w.Text(description="Name", placeholder=f"at most {ALERT_NAME_MAX} characters")
        self.name_count = w.HTML(value=f"0/{ALERT_NAME_MAX}")
        self.condition_type = w.Dropdown(options=list(CONDITION_TYPES), value="absolute", description="Condition")
        self.operator = w.Dropdown(options=list(OPERATORS), value="<", description="Operator")
        self.value = w.FloatText(value=100.0, description="Value")
        self.series = w.Text(description="Series", placeholder="series names, comma separated (optional)")
        self.frequency = w.Dropdown(options=FREQUENCIES, value=int(AlertFrequencyPreset.DAILY), description="Every")
        self.frequency_seconds = w.IntText(value=int(AlertFrequencyPreset.DAILY), description="Seconds", disabled=True)
        self.paused = w.Checkbox(value=False, description="Paused")
        self.subscriptions = w.Textarea(description="Emails", placeholder="one address per line")
        self.kept_subscriptions: list[dict[str, Any]] = []
        self.kept_note = w.HTML(value="")
        self.validate = w.Button(description="Validate", icon="check")
        self.send_test = w.Button(description="Send test", icon="paper-plane")
        self.create = w.Button(description="Save" if self.alert else "Create", button_style="primary")
        self.save = self.create  # the same button; "save" reads better in edit mode
        self.new = w.Button(description="New alert")
        self.confirm = Confirm()
        self.confirm.on_cancel(lambda: self.say("Cancelled; no test sent.", "info"))
        self.errors = FieldErrors(
            ["bookmark_id", "name", "condition", "frequency", "subscriptions"],
            {"report": "bookmark_id"},
        )
        self._busy_buttons = [self.validate, self.send_test, self.create, self.new]
        self.search.observe(lambda _c: self.refresh_matches(), names="value")
        self.name.observe(lambda _c: self._count(), names="value")
        self.frequency.observe(lambda _c: self._frequency_changed(), names="value")
        self.condition_type.observe(lambda _c: self._condition_changed(), names="value")
        self.validate.on_click(lambda _b: self.run("Validate", self._validate))
        self.send_test.on_click(lambda _b: self.run("Send test", self._ask_test))
        self.create.on_click(lambda _b: self.run("Save" if self.alert else "Create", self._submit))
        self.new.on_click(lambda _b: self.reset())
        if self.alert is not None:
            self._fill(self.alert)
        else:
            self.refresh_matches()
        e = self.errors
        super().__init__(
            children=[
                w.HTML(value=f"<b>{'Edit alert #' + str(self.alert.id) if self.alert else 'New alert'}</b>"),
                self.search,
                self.matches,
                self.report,
                e["bookmark_id"],
                w.HBox(children=[self.name, self.name_count]),
                e["name"],
                w.HBox(children=[self.condition_type, self.operator, self.value]),
                self.series,
                e["condition"],
                w.HBox(children=[self.frequency, self.frequency_seconds]),
                e["frequency"],
                self.paused,
                self.subscriptions,
                self.kept_note,
                e["subscriptions"],
                w.HBox(children=[self.validate, self.send_test, self.create, self.new]),
                self.confirm,
                self.status,
            ]
        )

    # -- hooks -------------------------------------------------------------------------------------------
    def on_created(self, callback: Any, remove: bool = False) -> None:
        """Call ``callback`` after an alert is created; ``remove=True`` unhooks it."""
        self.on("created", callback, remove)

    def on_saved(self, callback: Any, remove: bool = False) -> None:
        """Call ``callback`` after an edited alert is saved; ``remove=True`` unhooks it."""
        self.on("saved", callback, remove)

    def on_validated(self, callback: Any, remove: bool = False) -> None:
        """Call ``callback`` after Validate has checked the alert; ``remove=True`` unhooks it."""
        self.on("validated", callback, remove)

    def on_test_sent(self, callback: Any, remove: bool = False) -> None:
        """Call ``callback`` after a test notification was sent; ``remove=True`` unhooks it."""
        self.on("test_sent", callback, remove)

    # -- view updates ------------------------------------------------------------------------------------
    def _count(self) -> None:
        n = len(self.name.value)
        color = "#cf222e" if n > ALERT_NAME_MAX else "#555"
        self.name_count.value = f"<span style='color:{color}'>{n}/{ALERT_NAME_MAX}</span>"

    def _frequency_changed(self) -> None:
        custom = self.frequency.value == CUSTOM
        self.frequency_seconds.disabled = not custom
        if not custom:
            self.frequency_seconds.value = self.frequency.value

    def _condition_changed(self) -> None:
        anomaly = self.condition_type.value == "anomaly"
        self.operator.disabled = self.value.disabled = anomaly

    def reports(self) -> list[Bookmark]:
        """The project's reports, read once (one list call); ``refresh_matches(reload=True)`` reads again."""
        if self._reports is None:
            self._reports = self.ws.list_bookmarks_v2()
        return self._reports

    def refresh_matches(self, reload: bool = False) -> None:
        """Show at most 50 alertable reports matching the search box (never a dropdown of every report)."""

        def go() -> None:
            if reload:
                self._reports = None
            found = report_matches(self.reports(), self.search.value, MAX_MATCHES + 1)
            more = len(found) > MAX_MATCHES
            current = self.report.value
            options = found[:MAX_MATCHES]
            if current is not None and current not in [v for _, v in options]:
                options.insert(0, next(((lbl, v) for lbl, v in self.report.options if v == current), ("?", current)))
            self.report.options = options
            self.report.value = current if current is not None else None
            n = len(found[:MAX_MATCHES])
            self.matches.value = f"<i>{n}{'+' if more else ''} matching report{'' if n == 1 and not more else 's'}</i>"

        self.run("Search", go)

    def _fill(self, alert: CustomAlert) -> None:
        if alert.bookmark is not None:
            label = f"{alert.bookmark.name}  [{alert.bookmark.type} #{alert.bookmark.id}]"
            self.report.options = [(label, alert.bookmark.id)]
            self.report.value = alert.bookmark.id
        self.name.value = alert.name
        cond = alert.condition
        if cond.get("type") not in CONDITION_TYPES:
            self.condition_type.options = [*CONDITION_TYPES, cond.get("type")]
        self.condition_type.value = cond.get("type") or "absolute"
        if cond.get("op") in OPERATORS:
            self.operator.value = cond["op"]
        if isinstance(cond.get("value"), (int, float)):
            self.value.value = float(cond["value"])
        self.series.value = ", ".join(str(k.get("value")) for k in cond.get("keys") or [] if isinstance(k, dict))
        presets = [v for _, v in FREQUENCIES]
        self.frequency.value = alert.frequency if alert.frequency in presets else CUSTOM
        self.frequency_seconds.value = alert.frequency
        self.paused.value = alert.paused
        emails = [s for s in alert.subscriptions if s.get("type") == "email"]
        self.kept_subscriptions = [s for s in alert.subscriptions if s.get("type") != "email"]
        self.subscriptions.value = "\n".join(str(s.get("value")) for s in emails)
        if self.kept_subscriptions:
            kept = ", ".join(f"{s.get('type')}: {s.get('value')}" for s in self.kept_subscriptions)
            self.kept_note.value = f"<i>also kept (not editable here): {esc(kept)}</i>"
        self._count()
        self._condition_changed()

    def reset(self) -> None:
        """Start another alert: forget the one created (the double-click guard) and clear the status."""
        self.created, self.uncertain = None, None
        self.errors.clear()
        self.say("")

    # -- params ------------------------------------------------------------------------------------------
    def _seconds(self) -> int:
        if self.frequency.value != CUSTOM:
            return int(self.frequency.value)
        seconds = int(self.frequency_seconds.value)
        if seconds <= 0:
            raise InputError(f"frequency must be a positive number of seconds, not {seconds}", field="frequency")
        return seconds

    def params(self) -> CreateAlertParams:
        """The form as ``CreateAlertParams`` (the same model ``ws.create_alert`` takes); errors go next to fields."""
        self.errors.clear()
        if self.report.value is None:
            self.errors.set("bookmark_id", "pick a report (search above)")
            raise InputError("no report picked: search and pick an insights or funnels report", field="bookmark_id")
        base = self.alert.condition if self.alert else None
        value = None if self.condition_type.value == "anomaly" else self.value.value
        kind, op, series = self.condition_type.value, self.operator.value, self.series.value
        try:
            return CreateAlertParams(
                bookmark_id=self.report.value,
                name=self.name.value.strip(),
                condition=build_condition(kind, op, value, series, base),
                frequency=self._seconds(),
                paused=self.paused.value,
                subscriptions=self._subscriptions(),
                notification_windows=self.alert.notification_windows if self.alert else None,
            )
        except Exception as exc:
            self.errors.show(exc)
            raise

    def _subscriptions(self) -> list[dict[str, Any]]:
        """Typed addresses plus the kept non-email ones; an edited alert's own list when the addresses are unchanged."""
        if self.alert is not None:
            emails = [str(s.get("value")) for s in self.alert.subscriptions if s.get("type") == "email"]
            if split_list(self.subscriptions.value) == emails:
                return list(self.alert.subscriptions)
        return subscriptions_from_text(self.subscriptions.value, self.kept_subscriptions)

    def _report(self, bookmark_id: int) -> Bookmark:
        """The picked report, checked to be one an alert can watch."""
        report = self.ws.get_bookmark(bookmark_id)
        if report.bookmark_type not in ALERTABLE_REPORT_TYPES:
            msg = f"report #{bookmark_id} is a {report.bookmark_type} report; alerts watch only insights and funnels"
            self.errors.set("bookmark_id", msg)
            raise InputError(msg, field="bookmark_id")
        return report

    # -- actions -----------------------------------------------------------------------------------------
    def _validate(self) -> None:
        params = self.params()
        report = self._report(params.bookmark_id)
        lines = [f"OK: the alert is valid; report #{report.id} ({report.name}) is of type {report.bookmark_type}."]
        if self.alert is not None:
            check = self.ws.validate_alerts_for_bookmark(
                ValidateAlertsForBookmarkParams(
                    alert_ids=[self.alert.id],
                    bookmark_type=report.bookmark_type,
                    bookmark_params=report.params or {},
                )
            )
            bad = [v for v in check.alert_validations if not v.valid]
            if bad:
                self.say(f"Mixpanel says the alert would be invalid: {bad[0].reason or 'no reason given'}", "error")
                self._fire("validated", check)
                return
            lines.append("Mixpanel's validate-alerts-for-report check passed.")
        self.say(" ".join(lines), "ok")
        self._fire("validated", params)

    def _ask_test(self) -> None:
        params = self.params()
        emails = [str(s["value"]) for s in params.subscriptions]
        if not emails:
            self.errors.set("subscriptions", "add at least one recipient for the test")
            raise InputError("no recipients: add at least one email address", field="subscriptions")
        where = self.ws.target.label()
        real = " On real Mixpanel they really get it." if self.ws.target.is_real else ""
        self.say("Waiting for your confirmation: Yes or Cancel above.", "busy")
        self.confirm.ask(
            f"Send a test notification of {esc(params.name)!s} to {esc(', '.join(emails))!s} ({esc(where)!s})?{real}",
            lambda: self.run("Send test", lambda: self._send_test(params)),
        )

    def _send_test(self, params: CreateAlertParams) -> None:
        answer = self.ws.test_alert(params)
        recipients = ", ".join(str(s["value"]) for s in params.subscriptions)
        self.say(f"Test notification sent to {recipients} ({answer.get('status', 'ok')}).", "ok")
        self._fire("test_sent", answer)

    def _submit(self) -> None:
        if self.alert is not None:
            self._save(self.alert)
            return
        if self.created is not None:
            self.say(
                f"Already created alert #{self.created.id} ({self.created.name}); nothing sent. "
                "Click 'New alert' to make another.",
                "info",
            )
            return
        self._refuse_if_uncertain("New alert")
        params = self.params()
        try:
            alert = self.ws.create_alert(params)  # it checks the report's type itself (one GET)
        except InputError as exc:
            self.errors.show(exc)
            raise
        except OutcomeUnknownError:
            self.uncertain = f"the last create may have made alert {params.name!r} (ws.list_alerts())"
            raise
        self.created = alert
        self.say(f"Created alert #{alert.id} ({alert.name}) on report #{params.bookmark_id}.", "ok")
        self._fire("created", alert)

    def _save(self, alert: CustomAlert) -> None:
        p = self.params()
        changes = UpdateAlertParams(**p.model_dump(exclude_none=True))
        old: dict[str, Any] = {"bookmark_id": alert.bookmark.id if alert.bookmark else None, "name": alert.name}
        old |= {"condition": alert.condition, "frequency": alert.frequency, "paused": alert.paused}
        old |= {"subscriptions": alert.subscriptions, "notification_windows": alert.notification_windows}
        changed = {k for k in changes.model_fields_set if getattr(changes, k) != old.get(k)}
        if not changed:
            self.say(f"Alert #{alert.id}: nothing changed; nothing sent.", "info")
            return
        if "bookmark_id" in changed:
            self._report(p.bookmark_id)
        update = UpdateAlertParams(**{k: getattr(changes, k) for k in changed})
        self.alert = self.ws.update_alert(alert.id, update)
        self.say(f"Saved alert #{alert.id}: {', '.join(sorted(changed))}.", "ok")
        self._fire("saved", self.alert)
