"""Exit codes, confirmation gates, dry runs, --ignore-missing, Ctrl-C and environment faults, on the CLI's sandbox.

The gates guard real Mixpanel only; ``mpnb.cli._run.is_real`` is replaced to exercise them on the sandbox.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Cli, errors_of


@pytest.fixture
def real(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mpnb.cli._run.is_real", lambda ws: True)


def _ids(cli: Cli, family: str) -> list[Any]:
    return [x["id"] for x in cli.json(family, "list")]


def test_a_single_cascading_delete_on_real_mixpanel_needs_yes(cli: Cli, real: None) -> None:
    did = _ids(cli, "dashboards")[0]
    refused = cli("dashboards", "delete", str(did))
    assert refused.exit_code == 8 and "--yes" in refused.stderr and "reports saved to it" in refused.stderr
    assert did in _ids(cli, "dashboards")
    assert cli.json("dashboards", "delete", str(did), "--yes")["deleted"] == [did]
    assert did not in _ids(cli, "dashboards")


def test_a_refused_typed_confirmation_exits_8_and_deletes_nothing(
    cli: Cli, real: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mpnb.cli._run.interactive", lambda: True)
    rid = _ids(cli, "reports")[0]
    refused = cli("reports", "bulk-delete", "--ids", str(rid), input="no\n")
    assert refused.exit_code == 8 and "not confirmed" in refused.stderr and rid in _ids(cli, "reports")
    typed = cli("reports", "bulk-delete", "--ids", str(rid), input="yes\n")
    assert typed.exit_code == 0 and rid not in _ids(cli, "reports")


def test_apply_without_confirmation_exits_8(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = cli.json("annotations", "export", "--format", "json")
    records[0]["description"] = "not yet"
    path = tmp_path / "a.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    no_terminal = cli("annotations", "apply", str(path))
    assert no_terminal.exit_code == 8 and "--yes" in no_terminal.stderr
    monkeypatch.setattr("mpnb.cli._run.interactive", lambda: True)
    said_no = cli("annotations", "apply", str(path), input="no\n")
    assert said_no.exit_code == 8 and "not confirmed" in said_no.stderr
    assert cli.json("annotations", "get", str(records[0]["id"]))["description"] != "not yet"


def test_dry_run_sends_nothing(cli: Cli) -> None:
    aid = _ids(cli, "alerts")[0]
    dry = cli.json("alerts", "delete", str(aid), "--dry-run")
    assert dry == {"would_delete": [aid], "missing": [], "note": "", "dry_run": True}
    upd = cli.json("alerts", "update", str(aid), "--name", "never sent", "--dry-run")
    assert upd["dry_run"] is True and upd["would_send"]["name"] == "never sent"
    assert cli.json("alerts", "get", str(aid))["name"] != "never sent"
    made = cli.json("dashboards", "create", "--title", "dry", "--dry-run")
    assert made["action"] == "create" and "dry" not in [d["title"] for d in cli.json("dashboards", "list")]


def test_dry_run_masks_a_webhook_password(cli: Cli) -> None:
    result = cli(
        "webhooks", "create", "--name", "x", "--url", "https://example.com/h", "--auth-type", "basic",
        "--username", "u", "--password-stdin", "--dry-run", input="Zq9-SECRET-77\n",
    )  # fmt: skip
    assert result.exit_code == 0 and "Zq9-SECRET-77" not in result.output
    assert json.loads(result.stdout)["would_send"]["password"] == "**********"


def test_ignore_missing_makes_a_rerun_succeed(cli: Cli) -> None:
    nid = _ids(cli, "annotations")[0]
    assert cli.json("annotations", "delete", str(nid))["deleted"] == [nid]
    again = cli("annotations", "delete", str(nid))
    assert again.exit_code == 4
    ignored = cli.json("annotations", "delete", str(nid), "--ignore-missing")
    assert ignored == {"deleted": [], "missing": [nid], "backup": None}


def test_bulk_commands_of_families_without_bulk_endpoints(cli: Cli) -> None:
    nids = _ids(cli, "annotations")[:2]
    assert cli.json("annotations", "bulk-delete", "--ids", ",".join(map(str, nids)))["deleted"] == nids
    flags = [f for f in cli.json("flags", "list") if f["status"] == "disabled"][:2]
    entries = json.dumps([{"id": f["id"], "description": "bulk"} for f in flags])
    rows = cli.json("flags", "bulk-update", "--entries", entries)
    assert [r["status"] for r in rows] == ["ok", "ok"]
    assert {cli.json("flags", "get", f["id"])["description"] for f in flags} == {"bulk"}
    alerts = _ids(cli, "alerts")[:2]
    rows = cli.json("alerts", "bulk-update", "--entries", json.dumps([{"id": a, "paused": True} for a in alerts]))
    assert [r["status"] for r in rows] == ["ok", "ok"]
    assert all(cli.json("alerts", "get", str(a))["paused"] for a in alerts)
    exps = _ids(cli, "experiments")[:1]
    rows = cli.json("experiments", "bulk-update", "--entries", json.dumps([{"id": exps[0], "description": "b"}]))
    assert rows[0]["status"] == "ok"
    assert cli.json("flags", "bulk-delete", "--ids", flags[0]["id"])["deleted"] == [flags[0]["id"]]


def test_ctrl_c_mid_apply_says_how_far_and_exits_130(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mpnb.frames._plan import Plan

    records = cli.json("reports", "export", "--format", "json")
    for r in records[:4]:
        r["description"] = "interrupted run"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(records), encoding="utf-8")

    def interrupted(self: Plan, **kw: Any) -> None:
        self.ws.update_bookmark  # noqa: B018 - the run has started
        for rid in list(self.updates)[:2]:
            self.ws.get_bookmark(rid)  # two requests go out, then the user presses Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(Plan, "apply", interrupted)
    result = cli("reports", "apply", str(path), "--yes")
    assert result.exit_code == 130
    line = errors_of(result)[-1]
    assert line.startswith("interrupted:") and "reports apply of 4 rows: 2 requests sent" in line
    assert "backups" in line and os.environ["MPNB_HOME"] in line
    assert "Traceback" not in result.output


def test_ctrl_c_in_a_one_by_one_run_counts_done_and_not_sent(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from mpnb._workspace import Workspace

    calls = {"n": 0}
    original = Workspace.update_alert

    def update(self: Workspace, alert_id: int, params: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return original(self, alert_id, params)

    monkeypatch.setattr(Workspace, "update_alert", update)
    alerts = _ids(cli, "alerts")[:3]
    result = cli("alerts", "bulk-update", "--entries", json.dumps([{"id": a, "paused": True} for a in alerts]))
    assert result.exit_code == 130
    assert "1 done, 1 sent without an answer, 1 not sent" in errors_of(result)[-1]


def test_environment_faults_are_one_line_without_traceback(cli: Cli, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    result = cli("reports", "list", env={"MPNB_HOME": str(blocked / "home")})
    assert result.exit_code == 3 and "MPNB_HOME" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.splitlines()) == 1
    home = tmp_path / "corrupt"
    home.mkdir()
    (home / "sandbox.sqlite3").write_bytes(b"not a database, not JSON either")
    result = cli("reports", "list", env={"MPNB_HOME": str(home)})
    assert result.exit_code == 3 and "delete it" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    fixed = cli("sandbox", "reset", env={"MPNB_HOME": str(home)})  # the documented fix works on it
    assert fixed.exit_code == 0 and "replaced it" in fixed.stderr, fixed.output
    assert cli("reports", "list", env={"MPNB_HOME": str(home)}).exit_code == 0


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["reports", "history", "1", "--limit", "0"], 2, "--limit"),
        (["reports", "apply", "/no/such/file.csv"], 2, "file"),
        (["reports", "get", "99999"], 4, "Report 99999 not found"),
        (["alerts", "update", "1"], 4, "nothing to change"),
        (["reports", "bulk-delete", "--ids", "a,b"], 2, "--ids"),
        (["flags", "history", "x", "--cursor", "abc"], 2, "page number"),
    ],
)
def test_exit_codes_and_user_words(cli: Cli, args: list[str], code: int, needle: str) -> None:
    result = cli(*args)
    assert result.exit_code == code and needle in result.stderr, result.stderr
    assert "Params" not in result.stderr and "Bookmark " not in result.stderr


def test_the_sandbox_is_announced_once_on_stderr(cli: Cli) -> None:
    result = cli("reports", "list")
    notes = [line for line in result.stderr.splitlines() if "local sandbox" in line]
    assert len(notes) == 1 and result.stdout.startswith("[")


def test_backups_list_show_restore(cli: Cli) -> None:
    rid = _ids(cli, "reports")[0]
    deleted = cli.json("reports", "delete", str(rid))
    listed = cli.json("backups", "list")
    assert [b["path"] for b in listed] == [deleted["backup"]] and listed[0]["family"] == "reports"
    shown = cli.json("backups", "show", listed[0]["file"])
    assert {"family": "reports", "role": "deleted", "id": rid} == {k: shown[0][k] for k in ("family", "role", "id")}
    dry = cli.json("restore", deleted["backup"], "--dry-run")
    assert dry[0] == {"family": "reports", "id": rid, "role": "deleted", "action": "recreate", "of": None}
    rows = cli.json("backups", "restore", listed[0]["file"])
    assert rows[0]["old_id"] == rid and rows[0]["status"] == "ok" and rows[0]["new_id"] in _ids(cli, "reports")
    missing = cli("backups", "show", "nope.jsonl")
    assert missing.exit_code == 4 and "backups list" in missing.stderr


def test_restore_ids_restores_only_the_selection(cli: Cli) -> None:
    rids = _ids(cli, "reports")[:2]
    backup = cli.json("reports", "bulk-delete", "--ids", ",".join(map(str, rids)))["backup"]
    result = cli("restore", backup, "--ids", str(rids[0]))
    assert result.exit_code == 0, result.stderr
    rows = [r for r in json.loads(result.stdout) if r["role"] == "entity"]
    assert [r["old_id"] for r in rows] == [rids[0]]
