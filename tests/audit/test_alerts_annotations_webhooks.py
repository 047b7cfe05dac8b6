"""Alert, annotation and webhook rules on crafted sandbox states."""

from __future__ import annotations

import json
from typing import Any

import mpnb as mp
from mpnb.audit._core import AuditContext
from mpnb.audit.alerts import orphaned_alert
from tests.audit.conftest import Craft, ago, run

A, B, N, W = "alerts", "bookmarks", "annotations", "webhooks"


def _alert(craft: Craft, aid: int, **changes: Any) -> dict[str, Any]:
    base = min(int(k) for k in craft.table(A))
    return craft.clone(A, base, aid, name=f"Crafted {aid}", **changes)


def test_alert_on_an_invalid_or_unalertable_report(aws: mp.Workspace, craft: Craft) -> None:
    rid = min(int(k) for k in craft.table(B) if craft.rec(B, k)["type"] == "insights")
    _alert(craft, 9002, bookmark={"id": rid, "name": "x", "type": "insights"}, valid=False)
    _alert(craft, 9003, bookmark={"id": rid, "name": "x", "type": "insights"}, valid=True)
    found = run(aws, "orphaned_alert")
    assert found[9002]["evidence"]["reason"] == "invalid" and found[9002]["action"] == "delete"
    assert 9003 not in found
    craft.rec(B, rid)["type"] = "flows"
    assert run(aws, "orphaned_alert")[9003]["evidence"]["reason"] == "report not alertable"


def test_alert_whose_report_is_not_in_the_reports_list(aws: mp.Workspace) -> None:
    """The sandbox hides such alerts (a report's delete takes its alerts); real Mixpanel may not."""
    ctx = AuditContext(aws)
    alerts = ctx.frame("alerts")
    aid = int(alerts.index[0])
    ctx.frames["reports"] = ctx.frame("reports").drop(index=int(alerts.loc[aid, "report_id"]))
    found = {f.id: f for f in orphaned_alert(ctx)}
    assert found[aid].evidence["reason"] == "report gone" and found[aid].action == "delete"


def test_long_paused_alert(aws: mp.Workspace, craft: Craft) -> None:
    _alert(craft, 9001, paused=True, modified=ago(200))
    assert run(aws, "paused_alert")[9001]["action"] == "delete"
    assert 9001 not in run(aws, "paused_alert", days=365)
    craft.rec(A, 9001)["paused"] = False
    assert 9001 not in run(aws, "paused_alert")


def test_live_alert_without_subscribers_is_paused_by_its_plan(aws: mp.Workspace, craft: Craft) -> None:
    _alert(craft, 9001, paused=False, subscriptions=[])
    found = run(aws, "silent_alert")
    assert found[9001]["action"] == "update" and found[9001]["changes"] == {"paused": True}
    plan = aws.audit(rules=["silent_alert"]).plan()
    assert 9001 in plan.updates and plan.updates[9001] == {"paused": True}  # type: ignore[union-attr]
    assert set(plan.apply(progress=False).status) == {"ok"}
    assert craft.rec(A, 9001)["paused"] is True and 9001 not in run(aws, "silent_alert")


def test_alert_that_never_fired(aws: mp.Workspace, craft: Craft) -> None:
    _alert(craft, 9001, paused=False, last_fired=None, created=ago(90))
    assert 9001 in run(aws, "never_fired_alert")
    assert 9001 not in run(aws, "never_fired_alert", min_age_days=120)
    craft.rec(A, 9001)["last_fired"] = ago(3)
    assert 9001 not in run(aws, "never_fired_alert")


def _note(craft: Craft, nid: int, date: str, text: str, tags: list[int]) -> None:
    craft.add(N, nid, {"id": nid, "date": date, "description": text, "user": {"id": 101}, "_tag_ids": tags})


def test_untagged_annotation(aws: mp.Workspace, craft: Craft) -> None:
    tag = int(next(iter(craft.table("annotation_tags"))))
    _note(craft, 9001, "2026-01-02 00:00:00", "Release 9", [])
    _note(craft, 9002, "2026-01-03 00:00:00", "Release 10", [tag])
    found = run(aws, "untagged_annotation")
    assert 9001 in found and 9002 not in found


def test_duplicate_annotations_on_the_same_day_keep_the_oldest(aws: mp.Workspace, craft: Craft) -> None:
    _note(craft, 9001, "2026-02-02 00:00:00", "Launch  of v3", [])
    _note(craft, 9002, "2026-02-02 15:30:00", "launch of v3", [])
    _note(craft, 9003, "2026-02-03 00:00:00", "Launch of v3", [])
    found = run(aws, "duplicate_annotation")
    assert found[9002]["action"] == "delete" and found[9002]["evidence"]["kept"] == 9001
    assert 9001 not in found and 9003 not in found


def test_failing_webhook_runs_only_when_asked_and_costs_one_call_each(aws: mp.Workspace, craft: Craft) -> None:
    seeded = {k for k, w in craft.table(W).items() if w["is_enabled"] and ".invalid/" in w["url"]}
    assert len(seeded) == 1  # the demo data's enabled webhook on a dead host
    made = aws.create_webhook(mp.CreateWebhookParams(name="Dead host", url="https://hooks.dead.invalid/x"))
    assert "failing_webhook" not in set(aws.audit().findings["rule"])
    enabled = sum(bool(w["is_enabled"]) for w in craft.table(W).values())
    before = aws.request_count
    audit = aws.audit(rules=["failing_webhook"], test_webhooks=True)
    assert audit.requests == aws.request_count - before == 1 + enabled  # the list, then one test per webhook
    found = {r["id"]: r for r in audit.findings.to_dict("records")}
    assert set(found) == seeded | {made.id} and found[made.id]["changes"] == {"is_enabled": False}
    assert any(r.startswith("webhook test calls") for r in audit.reads)


def test_unused_webhook(aws: mp.Workspace, craft: Craft) -> None:
    made = aws.create_webhook(mp.CreateWebhookParams(name="Old", url="https://hooks.example.com/old"))
    craft.rec(W, made.id).update(is_enabled=False, modified=ago(100))
    assert run(aws, "unused_webhook")[made.id]["action"] == "delete"
    craft.rec(W, made.id)["is_enabled"] = True
    assert made.id not in run(aws, "unused_webhook")
    assert run(aws, "unused_webhook", unreferenced=True)[made.id]["action"] == "review"
    _alert(craft, 9001, subscriptions=[{"type": "webhook", "value": made.id}])
    assert made.id not in run(aws, "unused_webhook", unreferenced=True)


def test_a_failing_test_call_never_shows_url_credentials(aws: mp.Workspace, monkeypatch: Any) -> None:
    aws.create_webhook(mp.CreateWebhookParams(name="Echo", url="https://hooks.dead.invalid/y"))
    answer = mp.WebhookTestResult(success=False, status_code=401, message="POST https://bob:hunter2@x.example/y: 401")
    monkeypatch.setattr(type(aws), "test_webhook", lambda self, params: answer)
    audit = aws.audit(rules=["failing_webhook"], test_webhooks=True)
    text = json.dumps(audit.findings["evidence"].tolist()) + repr(audit) + audit._repr_html_()
    assert "hunter2" not in text and "bob:" not in text and "https://***@x.example" in text
