"""``mpnb webhooks`` on the CLI's file-backed sandbox, and how it takes the Basic-auth password (S8)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from mpnb.sandbox import default_sandbox
from mpnb.sandbox.routes.webhooks import password_matches
from tests.cli.conftest import Cli

CANARY = "Zq9-CLI-CANARY-4410"
BASE = ("--name", "Ops", "--url", "https://example.com/hook")


def _home() -> Path:
    return Path(os.environ["MPNB_HOME"])


def _stored(webhook_id: str) -> dict[str, Any]:
    record = default_sandbox().store.get("webhooks", webhook_id)
    assert record is not None
    return record


def _made(result: Result) -> str:
    assert result.exit_code == 0, result.output
    webhook_id: str = json.loads(result.stdout)["id"]
    return webhook_id


def test_webhooks_round_trip(cli: Cli) -> None:
    made = cli.json("webhooks", "create", *BASE)
    assert set(made) == {"id", "name"}
    listed = {w["id"]: w for w in cli.json("webhooks", "list")}
    assert listed[made["id"]]["is_enabled"] is True and listed[made["id"]]["auth_type"] is None
    assert cli.json("webhooks", "update", made["id"], "--no-enabled", "--name", "Ops paused")["name"] == "Ops paused"
    assert {w["id"]: w for w in cli.json("webhooks", "list")}[made["id"]]["is_enabled"] is False
    ok = cli("webhooks", "test", "--url", "https://example.com/hook")
    assert ok.exit_code == 0 and json.loads(ok.stdout)["success"] is True
    failed = cli("webhooks", "test", "--url", "https://hooks.gone.invalid/x")
    assert failed.exit_code == 1 and json.loads(failed.stdout)["success"] is False
    deleted = cli.json("webhooks", "delete", made["id"])
    assert Path(deleted["backup"]).exists()
    assert made["id"] not in {w["id"] for w in cli.json("webhooks", "list")}


def test_http_url_is_refused_naming_url(cli: Cli) -> None:
    result = cli("webhooks", "create", "--name", "Ops", "--url", "http://example.com/hook")
    assert result.exit_code == 4 and "url" in result.stderr and "https" in result.stderr


def test_password_by_hidden_prompt(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mpnb.cli._run.interactive", lambda: True)
    result = cli(
        "webhooks", "create", *BASE, "--auth-type", "basic", "--username", "ops", input=f"{CANARY}\n{CANARY}\n"
    )
    wid = _made(result)
    assert "password" in result.stderr.lower() and CANARY not in result.output
    assert password_matches(_stored(wid)["_password_hash"], CANARY)


def test_password_from_stdin(cli: Cli) -> None:
    result = cli(
        "webhooks",
        "create",
        *BASE,
        "--auth-type",
        "basic",
        "--username",
        "ops",
        "--password-stdin",
        input=f"{CANARY}\n",
    )
    assert password_matches(_stored(_made(result))["_password_hash"], CANARY) and CANARY not in result.output


def test_password_from_environment(cli: Cli) -> None:
    env = {"MPNB_WEBHOOK_PASSWORD": CANARY}
    result = cli("webhooks", "create", *BASE, "--auth-type", "basic", "--username", "ops", env=env)
    assert password_matches(_stored(_made(result))["_password_hash"], CANARY) and CANARY not in result.output


def test_environment_password_is_not_sent_unless_wanted(cli: Cli) -> None:
    result = cli("webhooks", "create", *BASE, env={"MPNB_WEBHOOK_PASSWORD": CANARY})
    assert _stored(_made(result)).get("_password_hash") is None


def test_password_value_flag_works_but_warns(cli: Cli) -> None:
    result = cli("webhooks", "create", *BASE, "--auth-type", "basic", "--username", "ops", "--password", CANARY)
    assert password_matches(_stored(_made(result))["_password_hash"], CANARY)
    assert "shell history" in result.stderr and CANARY not in result.output


def test_bare_password_on_update_prompts(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mpnb.cli._run.interactive", lambda: True)
    wid = _made(cli("webhooks", "create", *BASE, "--auth-type", "basic", "--username", "ops", input="first\nfirst\n"))
    result = cli("webhooks", "update", wid, "--password", input=f"{CANARY}\n{CANARY}\n")
    assert result.exit_code == 0, result.output
    assert password_matches(_stored(wid)["_password_hash"], CANARY)


def test_two_password_sources_are_a_usage_error(cli: Cli) -> None:
    result = cli(
        "webhooks", "create", *BASE, "--auth-type", "basic", "--username", "u", "--password", "x", "--password-stdin"
    )
    assert result.exit_code == 2 and "not both" in result.stderr


def test_password_appears_in_no_output_state_or_backup(cli: Cli) -> None:
    """The CLI side of the leak test: every command that takes the password, then every place it could land."""
    outputs: list[Result] = []
    env = {"MPNB_WEBHOOK_PASSWORD": CANARY}
    outputs.append(cli("webhooks", "create", *BASE, "--auth-type", "basic", "--username", "ops", env=env))
    wid = _made(outputs[-1])
    outputs.append(
        cli(
            "webhooks",
            "update",
            wid,
            "--auth-type",
            "basic",
            "--username",
            "ops2",
            "--password-stdin",
            input=f"{CANARY}\n",
        )
    )
    outputs.append(
        cli("webhooks", "test", "--url", "https://down.invalid/", "--auth-type", "basic", "--username", "u", env=env)
    )
    outputs.append(
        cli(
            "webhooks",
            "create",
            "--name",
            "x",
            "--url",
            "http://e.com",
            "--auth-type",
            "basic",
            "--username",
            "u",
            env=env,
        )
    )
    outputs.append(cli("webhooks", "update", "no-such-id", "--password-stdin", input=f"{CANARY}\n"))
    outputs.append(cli("webhooks", "list", "--format", "csv"))
    outputs.append(cli("webhooks", "delete", wid))
    assert [r.exit_code for r in outputs] == [0, 0, 1, 4, 4, 0, 0]
    texts = [r.output + r.stderr for r in outputs]
    texts += [p.read_bytes().decode("utf-8", "replace") for p in _home().rglob("*") if p.is_file()]
    assert any("sandbox.sqlite3" in str(p) for p in _home().rglob("*")) and any("Ops" in t for t in texts)
    assert [t for t in texts if CANARY in t] == []


def test_basic_auth_without_password_or_terminal_is_a_usage_error(cli: Cli) -> None:
    result = cli("webhooks", "create", *BASE, "--auth-type", "basic", "--username", "ops")
    assert result.exit_code == 2 and "--password-stdin" in result.stderr and "Warning" not in result.output
    assert cli.json("webhooks", "list") == [] or all(w["name"] != "Ops" for w in cli.json("webhooks", "list"))


def test_webhooks_get(cli: Cli) -> None:
    wid = _made(cli("webhooks", "create", *BASE))
    got = cli.json("webhooks", "get", wid)
    assert got["id"] == wid and got["url"] == "https://example.com/hook"
    missing = cli("webhooks", "get", "no-such-webhook")
    assert missing.exit_code == 4 and "webhooks list" in missing.stderr
