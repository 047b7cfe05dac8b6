"""The seed's Webhooks section through the Workspace (in-process and loopback), and the password-leak test (S8)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pydantic
import pytest

import mpnb as mp
from mpnb.sandbox import Sandbox

CANARY = "Zq9-CANARY-7731"  # short: pydantic trims long inputs in error texts, which could hide a leak


def _sandbox_of(ws: mp.Workspace, request: pytest.FixtureRequest) -> Sandbox:
    if ws.emulator is not None:
        return ws.emulator
    server = request.getfixturevalue("server")
    sandbox: Sandbox = server.sandbox
    return sandbox


def test_seed_webhooks_section(any_ws: mp.Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    ws = any_ws
    before = {w.id for w in ws.list_webhooks()}

    result = ws.create_webhook(
        mp.CreateWebhookParams(
            name="Pipeline webhook",
            url="https://example.com/webhook",
        )
    )
    print(f"Created webhook {result.id}")

    # With basic auth
    result = ws.create_webhook(
        mp.CreateWebhookParams(
            name="Authenticated webhook",
            url="https://example.com/webhook",
            auth_type=mp.WebhookAuthType.BASIC,
            username="user",
            password="secret",
        )
    )
    assert capsys.readouterr().out.startswith("Created webhook ")
    assert result.name == "Authenticated webhook"

    listed = {w.id: w for w in ws.list_webhooks()}
    assert len(set(listed) - before) == 2
    assert listed[result.id].auth_type == mp.WebhookAuthType.BASIC and listed[result.id].is_enabled

    # Update, Delete
    changed = ws.update_webhook(result.id, mp.UpdateWebhookParams(name="Renamed webhook", is_enabled=False))
    assert (changed.id, changed.name) == (result.id, "Renamed webhook")
    after = {w.id: w for w in ws.list_webhooks()}[result.id]
    assert after.name == "Renamed webhook" and after.is_enabled is False
    ws.delete_webhook(result.id)
    assert result.id not in {w.id for w in ws.list_webhooks()}
    backup = ws.backups.latest("webhooks")
    assert backup is not None and backup.records[0]["name"] == "Renamed webhook"

    # Test Connectivity
    ok = ws.test_webhook(mp.WebhookTestParams(url="https://example.com/webhook"))
    assert ok.success and ok.status_code == 200
    failed = ws.test_webhook(mp.WebhookTestParams(url="https://hooks.unreachable.invalid/x"))
    assert not failed.success and failed.message


def test_http_urls_are_refused_before_sending(ws: mp.Workspace) -> None:
    assert ws.emulator is not None
    sent = len(ws.emulator.requests)
    for model in (mp.CreateWebhookParams, mp.WebhookTestParams):
        with pytest.raises(pydantic.ValidationError, match="url"):
            model(name="x", url="http://example.com/webhook")
    hook = ws.list_webhooks()[0]
    with pytest.raises(pydantic.ValidationError, match="https"):
        ws.update_webhook(hook.id, mp.UpdateWebhookParams(url="http://example.com/webhook"))
    assert len(ws.emulator.requests) == sent + 1  # only the list call


def test_unknown_webhook_is_not_found(ws: mp.Workspace) -> None:
    with pytest.raises(mp.NotFoundError):
        ws.update_webhook("00000000-0000-4000-8000-000000000000", mp.UpdateWebhookParams(name="x"))
    with pytest.raises(mp.NotFoundError, match="nothing was deleted"):
        ws.delete_webhook("00000000-0000-4000-8000-000000000000")


def test_password_never_leaks(
    any_ws: mp.Workspace, request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    """Create, update and test with a distinctive password; then look for it everywhere it could surface."""
    caplog.set_level(logging.DEBUG)
    ws = any_ws
    sandbox = _sandbox_of(ws, request)
    texts: list[str] = []

    params = mp.CreateWebhookParams(
        name="Leak check",
        url="https://example.com/h",
        auth_type=mp.WebhookAuthType.BASIC,
        username="u",
        password=CANARY,
    )
    texts += [repr(params), str(params), repr(params.model_dump()), params.model_dump_json()]
    made = ws.create_webhook(params)
    texts.append(repr(made))
    update = mp.UpdateWebhookParams(password=CANARY + "-rotated", username="u2")
    texts.append(repr(update))
    texts.append(repr(ws.update_webhook(made.id, update)))
    probe = mp.WebhookTestParams(url="https://x.invalid/h", auth_type="basic", username="u", password=CANARY)
    texts += [repr(probe), repr(ws.test_webhook(probe))]
    texts.append(repr(ws.list_webhooks()))

    # Errors: client-side validation, server refusals and an ambiguous failure all carry the password.
    attempts = [
        lambda: mp.CreateWebhookParams(name="x", url="http://e.com", auth_type="basic", username="u", password=CANARY),
        lambda: mp.CreateWebhookParams(pasword=CANARY),  # type: ignore[call-arg]
        lambda: mp.CreateWebhookParams(name="x", url="https://e.com", password=CANARY),
        lambda: mp.WebhookTestParams(url="https://e.com", auth_type="basic", password=CANARY),
        lambda: ws.update_webhook("00000000-0000-4000-8000-000000000000", mp.UpdateWebhookParams(password=CANARY)),
    ]
    for attempt in attempts:
        with pytest.raises((ValueError, mp.MpnbError)) as info:
            attempt()
        texts += [str(info.value), repr(info.value)]
        if isinstance(info.value, mp.APIError):
            texts.append(json.dumps(info.value.to_dict()) + repr(info.value.details))
    sandbox.faults.queue(["drop_after"])
    with pytest.raises(mp.OutcomeUnknownError) as unknown:
        ws.create_webhook(params)
    texts += [str(unknown.value), repr(unknown.value)]

    ws.delete_webhook(made.id)
    backup = ws.backups.latest("webhooks")
    assert backup is not None and backup.path is not None
    texts.append(Path(backup.path).read_text(encoding="utf-8"))
    texts.append(json.dumps(sandbox.store.to_json()))
    texts += [r.getMessage() for r in caplog.records] + [str(r.args) for r in caplog.records]

    assert any("Leak check" in t for t in texts)  # the haystack is real
    leaked = [t for t in texts if CANARY in t]
    assert leaked == []
