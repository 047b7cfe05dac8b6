"""``mpnb alerts`` on the CLI's file-backed sandbox: every command, state kept between commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mpnb._backup import Backup
from tests.cli.conftest import Cli, errors_of

COND = '{"type": "absolute", "op": "<", "value": 100}'
SUBS = '[{"type": "email", "value": "me@example.com"}]'


def _report(cli: Cli, kind: str = "insights") -> int:
    return int(cli.json("reports", "list", "--type", kind)[0]["id"])


def test_alerts_round_trip(cli: Cli) -> None:
    seeded = cli.json("alerts", "list")
    assert seeded and {a["bookmark"]["type"] for a in seeded} <= {"insights", "funnels"}
    bid = _report(cli, "funnels")

    made = cli.json(
        "alerts", "create", "--bookmark-id", str(bid), "--name", "Checkout funnel dips", "--condition", COND,
        "--frequency", "daily", "--subscriptions", SUBS, "--notification-windows", '{"enabled": false}',
    )  # fmt: skip
    aid = made["id"]
    assert (made["frequency"], made["paused"], made["bookmark"]["id"]) == (86400, False, bid)
    assert made["notification_windows"] == {"enabled": False}
    assert cli.json("alerts", "get", str(aid))["name"] == "Checkout funnel dips"  # state persisted
    on_report = cli.json("alerts", "list", "--bookmark-id", str(bid), "--skip-user-filter")
    assert aid in [a["id"] for a in on_report] and {a["bookmark"]["id"] for a in on_report} == {bid}

    updated = cli.json("alerts", "update", str(aid), "--paused", "--frequency", "3600", "--name", "Renamed")
    assert (updated["paused"], updated["frequency"], updated["name"]) == (True, 3600, "Renamed")
    assert updated["subscriptions"] == json.loads(SUBS)  # untouched fields stay
    assert cli.json("alerts", "update", str(aid), "--no-paused")["paused"] is False

    deleted = cli.json("alerts", "delete", str(aid))
    assert deleted["deleted"] == [aid] and Path(deleted["backup"]).exists()
    assert cli("alerts", "get", str(aid)).exit_code == 4

    victims = [a["id"] for a in seeded[:2]]
    gone = cli.json("alerts", "bulk-delete", "--ids", ",".join(map(str, victims)))
    assert gone["deleted"] == victims
    backup = Backup.load(gone["backup"])
    assert backup.family == "alerts" and sorted(r["id"] for r in backup.records) == sorted(victims)
    assert not {a["id"] for a in cli.json("alerts", "list")} & set(victims)


def test_seed_monitoring_examples(cli: Cli) -> None:
    count = cli.json("alerts", "count")
    assert set(count) == {"anomaly_alerts_count", "alert_limit", "is_below_limit"}
    anomalies = [a for a in cli.json("alerts", "list") if a["condition"]["type"] == "anomaly"]
    assert count["anomaly_alerts_count"] == len(anomalies)

    fired = next(a for a in cli.json("alerts", "list") if a["last_fired"])  # stands in for the seed's 42
    first = cli("alerts", "history", str(fired["id"]), "--limit", "2")
    page = json.loads(first.stdout)
    assert first.exit_code == 0 and len(page) == 2 and all(isinstance(e, dict) for e in page)
    cursor = first.stderr.split("--cursor ")[1].split()[0]  # "more entries: add --cursor X (or --all)"
    more = cli.json("alerts", "history", str(fired["id"]), "--limit", "2", "--cursor", cursor)
    assert more and more[0] != page[0]
    every = cli.json("alerts", "history", str(fired["id"]), "--all")
    assert len(every) > 2 and every[:2] == page and every[2:4] == more

    bid = _report(cli)  # stands in for the seed's 12345
    before = len(cli.json("alerts", "list"))
    sent = cli.json(
        "alerts", "test", "--bookmark-id", str(bid), "--name", "Test", "--condition", COND,
        "--frequency", "86400", "--subscriptions", SUBS,
    )  # fmt: skip
    assert sent == {"status": "sent"} and len(cli.json("alerts", "list")) == before

    shot = cli.json("alerts", "screenshot", "--gcs-key", "gcs-key-here")
    assert shot["signed_url"].startswith("https://") and "gcs-key-here" in shot["signed_url"]


def test_validate_json_and_table(cli: Cli) -> None:
    ids = [a["id"] for a in cli.json("alerts", "list")[:2]]
    args = ["alerts", "validate", "--alert-ids", ",".join(map(str, ids)), "--bookmark-type", "funnels"]
    out = cli.json(*args, "--bookmark-params", "{}")
    assert [v["alert_id"] for v in out["alert_validations"]] == ids
    assert out["invalid_count"] == sum(1 for v in out["alert_validations"] if not v["valid"])
    table = cli("--format", "table", *args, "--bookmark-params", "{}")
    assert table.exit_code == 0 and table.stdout.splitlines()[0].split() == [
        "alert_id",
        "alert_name",
        "valid",
        "reason",
    ]
    assert cli(*args, "--bookmark-params", "[1]").exit_code == 2


def _refused(cli: Cli, *args: str) -> Any:
    before = len(cli.json("alerts", "list"))
    result = cli("alerts", "create", *args)
    assert len(cli.json("alerts", "list")) == before, "nothing was created"
    return result


def test_refusals_are_one_line_with_distinct_codes(cli: Cli) -> None:
    bid = str(_report(cli))
    base = ["--condition", COND, "--frequency", "daily", "--subscriptions", SUBS]

    wrong_type = _refused(cli, "--bookmark-id", str(_report(cli, "retention")), "--name", "x", *base)
    assert wrong_type.exit_code == 4 and "bookmark_id" in wrong_type.stderr
    missing = _refused(cli, "--bookmark-id", "999999", "--name", "x", *base)
    assert missing.exit_code == 4 and "999999" in missing.stderr and len(errors_of(missing)) == 1
    long_name = _refused(cli, "--bookmark-id", bid, "--name", "n" * 51, *base)
    assert long_name.exit_code == 4 and "name" in long_name.stderr
    bad_mail = _refused(cli, "--bookmark-id", bid, "--name", "x", *base, "--subscriptions", '[{"type": "email"}]')
    assert bad_mail.exit_code == 4 and "subscriptions" in bad_mail.stderr

    bad_json = _refused(cli, "--bookmark-id", bid, "--name", "x", "--condition", "{nope", "--frequency", "daily")
    assert bad_json.exit_code == 2 and "--condition" in bad_json.output
    bad_freq = _refused(cli, "--bookmark-id", bid, "--name", "x", "--condition", COND, "--frequency", "often")
    assert bad_freq.exit_code == 2 and "--frequency" in bad_freq.output

    assert cli("alerts", "screenshot", "--gcs-key", "").exit_code == 4
    assert cli("alerts", "delete", "999999").exit_code == 4
