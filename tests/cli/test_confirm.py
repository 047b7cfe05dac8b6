"""Confirmation by destination: only the built-in sandbox and a loopback server skip it; every other target,
``MPNB_BASE_URL=https://eu.mixpanel.com`` included, is real. One property decides (``Target.is_real``), for the
CLI and for Python's ``confirm=True`` alike, and every question names the target."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import mpnb as mp
from mpnb._session import resolve_target, sandbox_target
from mpnb.sandbox import DEMO_PROJECT_ID, DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxServer
from tests.cli.conftest import Cli

CREDS = {"username": "x", "secret": "y", "project_id": 1}


@pytest.mark.parametrize(
    ("base_url", "real"),
    [
        ("https://eu.mixpanel.com", True),
        ("https://mixpanel.com/api/app", True),
        ("https://proxy.example.com", True),
        ("https://10.0.0.5:8443", True),
        ("http://127.0.0.1:8765", False),
        ("http://localhost:8765", False),
        ("http://[::1]:8765", False),
    ],
)
def test_a_base_url_is_real_unless_it_is_loopback(base_url: str, real: bool) -> None:
    target = resolve_target(base_url=base_url, **CREDS)  # type: ignore[arg-type]
    assert target is not None and target.is_real is real
    assert resolve_target(region="eu", **CREDS).is_real  # type: ignore[arg-type, union-attr]
    assert not sandbox_target("http://sandbox.invalid/api/app").is_real


def test_mpnb_base_url_to_real_mixpanel_asks_before_a_delete_and_sends_nothing(cli: Cli) -> None:
    env = {"MPNB_BASE_URL": "https://eu.mixpanel.com", "MP_USERNAME": "x", "MP_SECRET": "y", "MP_PROJECT_ID": "1"}
    result = cli("reports", "delete", "1", env=env)  # no terminal, no --yes; the test may not connect outside
    assert result.exit_code == 8, result.output
    assert "--yes" in result.stderr and "https://eu.mixpanel.com" in result.stderr
    bulk = cli("reports", "bulk-delete", "--ids", "1,2", env=env)
    assert bulk.exit_code == 8 and "https://eu.mixpanel.com" in bulk.stderr


def test_python_confirm_follows_the_same_rule() -> None:
    ws = mp.Workspace(base_url="https://eu.mixpanel.com", **CREDS)  # type: ignore[arg-type]
    with pytest.raises(mp.InputError) as info:
        ws.bulk_delete_bookmarks([1, 2])  # refused before any request (none could leave this test)
    assert info.value.field == "confirm" and "eu.mixpanel.com" in str(info.value)


@pytest.fixture
def served() -> Iterator[SandboxServer]:
    srv = SandboxServer(Sandbox(seed=1), "127.0.0.1", 0)
    srv.start_in_thread()
    yield srv
    srv.shutdown()
    srv.server_close()


def test_a_loopback_sandbox_needs_no_confirmation(cli: Cli, served: SandboxServer) -> None:
    env = {
        "MPNB_BASE_URL": served.url,
        "MP_USERNAME": DEMO_USERNAME,
        "MP_SECRET": DEMO_SECRET,
        "MP_PROJECT_ID": str(DEMO_PROJECT_ID),
    }
    aid = cli.json("annotations", "list", env=env)[0]["id"]
    done = cli("annotations", "delete", str(aid), env=env)
    assert done.exit_code == 0, done.output
    info = cli.json("inspect", "info", env=env)
    assert info["confirmations"] == "off" and info["kind"] == "url"


def test_inspect_info_says_whether_confirmations_are_on(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli.json("inspect", "info")["confirmations"] == "off"
    from mpnb._session import Target

    monkeypatch.setattr(Target, "is_real", property(lambda self: True))
    on = cli.json("inspect", "info")
    assert on["confirmations"] == "on" and "--yes" in on["confirmations_note"]


def test_every_question_names_the_target(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mpnb.cli._run.interactive", lambda: True)
    monkeypatch.setattr("mpnb.cli._run.is_real", lambda ws: True)
    rid = cli.json("reports", "list")[0]["id"]
    asked = cli("reports", "delete", str(rid), input="no\n")
    assert asked.exit_code == 8 and "SANDBOX" in asked.stderr.split("type yes")[0]
    monkeypatch.setattr("mpnb.cli.audit._interactive", lambda: True)
    fix = cli("audit", "--fix", "paused_alert", input="no\n")
    assert fix.exit_code == 8 and "on SANDBOX" in fix.stderr
