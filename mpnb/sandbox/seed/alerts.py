"""Demo data of the sandbox's alerts: deterministic, realistically messy."""

from __future__ import annotations

import random
from typing import Any

from mpnb.sandbox.routes.alerts import (
    ALERTABLE,
    ANOMALY_LIMIT,
    BOOKMARKS,
    NAME_MAX,
    _anomaly_count,
    _series,
    make_alert,
)
from mpnb.sandbox.seed import PEOPLE, Seeder

__all__ = ["AFTER", "seed"]

AFTER = ("reports",)  # the reports to watch

TEAM_INBOXES = ["growth@example.com", "oncall@example.com", "product-team@example.com", "cfo@example.com"]
SLACK = ["#growth-alerts", "#kpi-watch", "#incidents"]
FREQUENCIES = [3600, 86400, 86400, 86400, 604800]
NAME_PATTERNS = ["{r} dropped", "{r} below target", "Spike in {r}", "{r} - weekly check", "ALERT: {r}"]
ANOMALY_NAMES = ["{r} anomaly", "Unusual {r}"]


def _condition(rng: random.Random, report: dict[str, Any], anomaly: bool) -> dict[str, Any]:
    show = _series(report.get("params") or {})
    header = sorted(show)[0] if show else "$event"
    if anomaly:
        return {
            "type": "anomaly",
            "keys": [{"header": "$event", "value": "$overall"}],
            "op": "!<=x<=",
            "confidence": rng.choice([0.95, 0.99]),
            "trainingMode": rng.choice(["agile", "robust"]),
        }
    return {
        "type": "absolute",
        "keys": [{"header": header, "value": header}],
        "op": rng.choice(["<", ">", "<", "<="]),
        "value": rng.choice([10, 50, 100, 250, 1000, 5000]),
    }


def _history(s: Seeder, rng: random.Random, a: dict[str, Any], days: int, n: int) -> None:
    entries = []
    for k in range(n):
        fired = rng.random() < 0.35
        value = round(rng.uniform(0, 2000), 1)
        entry: dict[str, Any] = {
            "id": k + 1,
            "timestamp": s.days_ago(max(0.0, days - k * days / max(1, n))),
            "fired": fired,
            "value": value,
            "condition": a["condition"].get("op"),
        }
        if fired:
            entry["screenshot_gcs_key"] = f"alerts/{a['id']}/{k + 1}.png"
            entry["notified"] = [sub["value"] for sub in a["subscriptions"]]
        entries.append(entry)
    a["_history"] = entries
    if entries:
        a["last_checked"] = entries[-1]["timestamp"]
        fired_at = [e["timestamp"] for e in entries if e["fired"]]
        a["last_fired"] = fired_at[-1] if fired_at else None
        a["results"] = {"last_value": entries[-1]["value"], "fired": entries[-1]["fired"]}


def seed(s: Seeder) -> None:
    """Alerts on several insights/funnels reports: paused and live, thresholds and anomalies, some noisy."""
    # A private RNG: other families' demo data must not shift when this one changes.
    rng = random.Random(f"alerts:{s.config.seed}")
    reports = [b for b in s.store.table(BOOKMARKS).values() if b.get("type") in ALERTABLE]
    if not reports:
        return
    watched = rng.sample(reports, min(len(reports), max(3, s.size // 8)))
    workspace = next(({"id": w["id"], "name": w["name"]} for w in s.config.workspaces if w.get("is_default")), None)
    anomalies = _anomaly_count(s.ctx)  # counted once: every alert seeded here watches a live report
    for i in range(max(4, s.size // 5)):
        report = watched[i % len(watched)]
        room = anomalies < ANOMALY_LIMIT - 5  # leave room to create a few more
        anomaly = room and report["type"] == "insights" and rng.random() < 0.3
        anomalies += anomaly
        name = rng.choice(ANOMALY_NAMES if anomaly else NAME_PATTERNS).format(r=report["name"])[:NAME_MAX]
        subs: list[dict[str, Any]] = [{"type": "email", "value": rng.choice(TEAM_INBOXES)}]
        if rng.random() < 0.3:
            subs.append({"type": "slack", "value": rng.choice(SLACK)})
        if i % 7 == 3:
            subs = []  # like alerts made by scripts: nobody is told
        body = {
            "name": name,
            "condition": _condition(rng, report, anomaly),
            "frequency": rng.choice(FREQUENCIES),
            "paused": i % 3 == 1,
            "subscriptions": subs,
        }
        if rng.random() < 0.25:
            body["notification_windows"] = {
                "enabled": True,
                "windows": [
                    {"start_day": d, "start_time": "09:00", "end_day": d, "end_time": "18:00"} for d in range(5)
                ],
            }
        a = make_alert(s.ctx, body, report, project_id=s.config.project_id, workspace=workspace)
        pid, full, email = PEOPLE[rng.randrange(len(PEOPLE))]
        first, _, last = full.partition(" ")
        age = rng.randint(3, 400)
        a.update(
            creator={"id": pid, "first_name": first, "last_name": last, "email": email},
            project={"id": s.config.project_id, "name": "Demo Project"},
            created=s.days_ago(age),
            modified=s.days_ago(rng.randint(0, age)),
            valid=i % 11 != 5,  # the report changed under it
        )
        if not a["paused"] or i % 2 == 0:
            _history(s, rng, a, age, rng.randint(0, 45) if i % 4 else rng.randint(25, 45))
