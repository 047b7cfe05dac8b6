"""``mpnb audit`` against the CLI's file-backed sandbox (a private MPNB_HOME per test)."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result

from mpnb.cli import main
from mpnb.cli.audit import FINDINGS_EXIT


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_findings_as_json_exit_with_the_documented_code() -> None:
    res = _run("audit", "--family", "alerts")
    assert res.exit_code == FINDINGS_EXIT == 9  # 8 is "nothing applied" (unconfirmed --fix, below)
    rows = json.loads(res.stdout)
    assert rows and {r["family"] for r in rows} == {"alerts"}
    assert {"id", "name", "rule", "severity", "action", "evidence"} <= set(rows[0])
    assert "requests" in res.stderr


def test_nothing_found_exits_zero_and_csv_and_table_formats() -> None:
    clean = _run("audit", "--rule", "stale_report", "--param", "stale_report.idle_days=100000", "--format", "csv")
    assert clean.exit_code == 0 and clean.stdout.splitlines()[0].startswith("family,id,name,rule")
    table = _run("audit", "--rule", "paused_alert", "--format", "table")
    assert table.exit_code == FINDINGS_EXIT and "paused_alert" in table.stdout and "───" in table.stdout


def test_params_and_bad_input() -> None:
    loose = _run("audit", "--rule", "paused_alert", "--param", "paused_alert.days=10000")
    assert loose.exit_code == 0 and json.loads(loose.stdout) == []
    bad = _run("audit", "--rule", "nope")
    assert bad.exit_code == 4 and "unknown audit rule" in bad.stderr
    malformed = _run("audit", "--param", "days=3")
    assert malformed.exit_code == 2 and "RULE.NAME=VALUE" in malformed.output


def test_fix_prints_the_plan_and_applies_only_with_yes() -> None:
    dry = _run("audit", "--fix", "paused_alert", "--dry-run")
    assert dry.exit_code == 0 and "Plan for alerts" in dry.stdout and "4 deletes" in dry.stdout
    unconfirmed = _run("audit", "--fix", "paused_alert")
    assert unconfirmed.exit_code == 8 and "pass --yes" in unconfirmed.stderr
    assert _run("audit", "--rule", "paused_alert").exit_code == FINDINGS_EXIT  # nothing was applied
    done = _run("audit", "--fix", "paused_alert", "--yes")
    assert done.exit_code == 0 and "delete ok" in done.stdout
    assert _run("audit", "--rule", "paused_alert").exit_code == 0
    review = _run("audit", "--fix", "untitled_report", "--yes")
    assert review.exit_code == 0 and "nothing to apply" in review.stdout


def test_help_documents_every_option_and_the_exit_codes() -> None:
    text = _run("audit", "--help").stdout
    assert "Examples:" in text and "mpnb audit --fix stale_flag --yes" in text and "9 findings" in text
    assert "--dry-run" in text
    for option in ("--family", "--rule", "--param", "--member", "--test-webhooks", "--fix", "--yes", "--format"):
        assert option in text
    listed = json.loads(_run("audit", "--list-rules").stdout)
    assert {r["rule"] for r in listed} >= {"orphaned_alert", "stale_flag", "failing_webhook"}


def test_fix_stale_flag_leaves_out_the_flags_active_experiments_run_on() -> None:
    """Every flag stale: the plan leaves out those active experiments run on, names why, and archives the rest."""
    import mpnb as mp
    from mpnb.sandbox import DEMO_PROJECT_ID, DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxServer
    from tests.audit.conftest import ago
    from tests.cli.conftest import Cli

    box = Sandbox(seed=0)
    for key, flag in list(box.store.table("feature_flags").items()):
        if flag.get("deleted") is None:
            box.store.put("feature_flags", key, dict(flag, status="disabled", modified=ago(200, z=True)))
    server = SandboxServer(box, "127.0.0.1", 0)
    server.start_in_thread()
    try:
        env = {"MPNB_BASE_URL": server.url, "MP_USERNAME": DEMO_USERNAME, "MP_SECRET": DEMO_SECRET}
        env["MP_PROJECT_ID"] = str(DEMO_PROJECT_ID)
        ws = mp.Workspace(base_url=server.url, username=DEMO_USERNAME, secret=DEMO_SECRET, project_id=DEMO_PROJECT_ID)
        backed = {(e.feature_flag or {}).get("id") for e in ws.list_experiments() if e.status == "active"} - {None}
        assert backed, "the demo has active experiments running on flags"
        result = Cli()("audit", "--fix", "stale_flag", "--yes", env=env)
        assert result.exit_code == 0, result.output
        assert "left out: something live depends on them" in result.output and "runs on the flag" in result.output
        after = {f.id: f.status for f in ws.list_feature_flags(include_archived=True)}
        assert all(after[f] == "disabled" for f in backed)
        assert sum(s == "archived" for s in after.values()) >= 1
    finally:
        server.shutdown()
        server.server_close()
