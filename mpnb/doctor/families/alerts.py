"""Alerts: the count's fields, the history's paging; scratch: a paused alert with no subscriptions on the
scratch report, and whether an alert outlives its report's delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mpnb.doctor._cycle import Cycle
from mpnb.doctor._kit import FamilyDoctor, Raw, Scratch, Verdict, check
from mpnb.doctor._scratch import MISSING_INT, new_report
from mpnb.doctor._shapes import keys_of, payload
from mpnb.entities.alerts import CreateAlertParams, UpdateAlertParams

Probe = Callable[[str, Callable[[], Any]], Any]


def _count_and_history(ws: Any, records: list[Raw], probe: Probe) -> list[Verdict]:
    count = probe("get_alert_count", ws.get_alert_count)
    body = payload(count)
    keys = keys_of(body)
    claim = "the alert count is the anomaly quota: anomaly_alerts_count and alert_limit"
    holds = isinstance(body, dict) and {"anomaly_alerts_count", "alert_limit"} <= set(body)
    if records:
        probe("get_alert_history", lambda: ws.get_alert_history(records[0]["id"], page_size=1))
    out = [check("Doc-b", claim, holds, f"count answer keys {keys}")]
    shot = payload(probe("get_alert_screenshot_url", lambda: ws.get_alert_screenshot_url("mpnb-doctor-no-such-key")))
    url = shot.get("signed_url") if isinstance(shot, dict) else None
    seen = "a signed https URL" if isinstance(url, str) and url.startswith("https://") else f"answer: {keys_of(shot)}"
    claim = "any non-empty screenshot key gets a signed URL (none is stored under the one asked for)"
    return [*out, check("A-g", claim, "signed" in seen, seen)]


def _params(cycle: Cycle, name: str, report: Any) -> CreateAlertParams:
    return CreateAlertParams(
        bookmark_id=report,
        name=name,
        condition={"type": "absolute", "op": "<", "value": 0},
        frequency=604800,
        paused=True,
        subscriptions=[],
    )


def _create(cycle: Cycle) -> Any:
    params = _params(cycle, cycle.name("alert"), cycle.first("reports"))
    eid = cycle.create("alerts", params.name, lambda: cycle.ws.create_alert(params).id)
    cycle.note(check("V-i", "a paused alert with no subscriptions is accepted", True, "created"))
    return eid


def _value(cycle: Cycle, step: str) -> str:
    return cycle.name(f"alert-{step}")  # the name is the label: it keeps the run's tag


def _update(cycle: Cycle, eid: Any, value: Any) -> None:
    cycle.ws.update_alert(eid, UpdateAlertParams(name=value))


def _delete(ws: Any, eid: Any) -> None:
    ws.delete_alert(eid)


def _report_deleted(cycle: Cycle) -> list[Verdict]:
    """A-h and AU-e: an alert on a report that is then deleted: still listed, or gone with it?"""
    ws = cycle.ws
    report = new_report(cycle, "report-alerted", cycle.first("dashboards"))
    params = _params(cycle, cycle.name("alert-orphan"), report)
    alert = cycle.create("alerts", params.name, lambda: ws.create_alert(params).id, main=False)
    cycle.delete("reports", report, lambda w, rid: w.delete_bookmark(rid))
    listed = [a for a in cycle.again(lambda: ws.records("alerts").read_all()) if a.get("id") == alert]
    valid = f" (valid: {listed[0].get('valid')})" if listed and "valid" in listed[0] else ""
    seen = f"the alert is still listed{valid}" if listed else "the alert is gone from the list"
    return [
        check("A-h", "deleting a report removes its alerts", not listed, seen),
        check("AU-e", "an alert on a deleted report still appears in the alert list", bool(listed), seen),
    ]


DOCTOR = FamilyDoctor(
    family="alerts",
    missing=lambda ws: ws.get_alert(MISSING_INT),
    reads=(_count_and_history,),
    scratch=Scratch(
        needs=("reports",),
        create=_create,
        edit="name",
        value=_value,
        update=_update,
        delete=_delete,
        questions=(_report_deleted,),
        items=("V-i", "A-h", "AU-e"),
        what="a paused alert with no subscriptions on the scratch report (and one whose report it deletes)",
    ),
    items=("Doc-b", "A-g"),
)
