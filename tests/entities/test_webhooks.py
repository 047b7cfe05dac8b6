"""The exact request of every webhooks operation (W1-W5), and the client's URL and credential rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest
import respx

import mpnb as mp
from tests.helpers import APP, PID, body_of, mock_delete_reads, ok, real_ws

H = {
    "id": "wh-uuid-123",
    "name": "Ops",
    "url": "https://example.com/hook",
    "is_enabled": True,
    "auth_type": "basic",
    "created": "2026-01-01T00:00:00",
    "modified": "2026-01-02T00:00:00Z",
    "creator_id": 7,
    "creator_name": "Ana",
}
MUTATED = {"id": "wh-uuid-123", "name": "Ops"}


def _basic(**kw: Any) -> dict[str, Any]:
    return {"auth_type": mp.WebhookAuthType.BASIC, "username": "ops", "password": "pw-1", **kw}


CASES: list[tuple[str, Callable[[mp.Workspace], Any], str, str, Any, Any]] = [
    ("W1 list", lambda ws: ws.list_webhooks(), "GET", "webhooks/", None, [H]),
    (
        "W2 create",
        lambda ws: ws.create_webhook(mp.CreateWebhookParams(name="Ops", url="https://example.com/hook")),
        "POST",
        "webhooks/",
        {"name": "Ops", "url": "https://example.com/hook"},
        MUTATED,
    ),
    (
        "W2 create basic",
        lambda ws: ws.create_webhook(mp.CreateWebhookParams(name="Ops", url="https://example.com/hook", **_basic())),
        "POST",
        "webhooks/",
        {"name": "Ops", "url": "https://example.com/hook", "auth_type": "basic", "username": "ops", "password": "pw-1"},
        MUTATED,
    ),
    (
        "W3 update",
        lambda ws: ws.update_webhook("wh-uuid-123", mp.UpdateWebhookParams(name="Ops 2", is_enabled=False)),
        "PATCH",
        "webhooks/wh-uuid-123/",
        {"name": "Ops 2", "is_enabled": False},
        MUTATED,
    ),
    (
        "W3 update credentials",
        lambda ws: ws.update_webhook("wh-uuid-123", mp.UpdateWebhookParams(password="pw-2")),
        "PATCH",
        "webhooks/wh-uuid-123/",
        {"password": "pw-2"},
        MUTATED,
    ),
    ("W4 delete", lambda ws: ws.delete_webhook("wh-uuid-123"), "DELETE", "webhooks/wh-uuid-123/", None, {}),
    (
        "W5 test",
        lambda ws: ws.test_webhook(mp.WebhookTestParams(url="https://example.com/hook", name="Ops", **_basic())),
        "POST",
        "webhooks/test/",
        {"url": "https://example.com/hook", "name": "Ops", "auth_type": "basic", "username": "ops", "password": "pw-1"},
        {"success": True, "status_code": 200, "message": "ok"},
    ),
]


@pytest.mark.parametrize(("name", "call", "method", "rel", "body", "answer"), CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize(
    ("workspace_id", "prefix"), [(None, f"/projects/{PID}"), (3, "/workspaces/3")], ids=["project", "workspace"]
)
def test_request_shape(
    name: str,
    call: Callable[[mp.Workspace], Any],
    method: str,
    rel: str,
    body: Any,
    answer: Any,
    workspace_id: int | None,
    prefix: str,
    tmp_path: Path,
) -> None:
    """Scope "maybe" (S4) and the catalog's trailing slashes (§1.4)."""
    path = f"/api/app{prefix}/{rel}"
    with respx.mock(assert_all_called=False) as router:
        router.get(f"https://mixpanel.com/api/app{prefix}/webhooks/").mock(return_value=ok([H]))  # delete's backup
        route = router.route(method=method, url=f"https://mixpanel.com{path}").mock(return_value=ok(answer))
        mock_delete_reads(router, "webhooks", workspace_id=workspace_id)
        call(real_ws(workspace_id=workspace_id, backup_dir=tmp_path))
    assert route.called
    req = route.calls.last.request
    assert (req.method, req.url.path, dict(req.url.params)) == (method, path, {})
    assert body_of(req) == body


def test_answers_parse() -> None:
    with respx.mock() as router:
        router.get(f"{APP}/projects/{PID}/webhooks/").mock(return_value=ok([H, dict(H, id="b", auth_type=None)]))
        hooks = real_ws().list_webhooks()
    assert hooks[0].auth_type == mp.WebhookAuthType.BASIC and hooks[1].auth_type is None
    assert hooks[0].created is not None and hooks[0].created.tzinfo is None  # naive stays naive (S5)
    assert hooks[0].modified is not None and hooks[0].modified.utcoffset() is not None


def test_failed_connectivity_is_a_result_not_an_error() -> None:
    failed = {"success": False, "status_code": 500, "message": "Connection refused"}
    with respx.mock() as router:
        router.post(f"{APP}/projects/{PID}/webhooks/test/").mock(return_value=ok(failed))
        result = real_ws().test_webhook(mp.WebhookTestParams(url="https://down.example.com/"))
    assert (result.success, result.status_code, result.message) == (False, 500, "Connection refused")


@pytest.mark.parametrize("url", ["http://example.com/hook", "ftp://example.com", "example.com/hook", "https://", 5])
@pytest.mark.parametrize("model", [mp.CreateWebhookParams, mp.UpdateWebhookParams, mp.WebhookTestParams])
def test_url_must_be_https(model: type[pydantic.BaseModel], url: Any) -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        model.model_validate({"name": "Ops", "url": url})
    assert info.value.errors()[0]["loc"] == ("url",)


def test_https_url_error_says_https() -> None:
    with pytest.raises(pydantic.ValidationError, match="https://"):
        mp.CreateWebhookParams(name="Ops", url="http://example.com/hook")


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"username": "u", "password": "p"}, "need auth_type"),
        ({"auth_type": "basic", "username": "u"}, "needs both"),
        ({"auth_type": "basic", "password": "p"}, "needs both"),
        ({"auth_type": "basic", "username": "u", "password": ""}, "needs both"),
        ({"auth_type": "digest", "username": "u", "password": "p"}, "auth_type"),
    ],
)
def test_credentials_rules(kw: dict[str, Any], message: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=message):
        mp.CreateWebhookParams(name="Ops", url="https://example.com", **kw)


def test_update_may_rotate_credentials_without_auth_type() -> None:
    params = mp.UpdateWebhookParams(username="new", password="rotated")
    assert params.auth_type is None and params.password is not None
    with pytest.raises(pydantic.ValidationError, match="needs both"):
        mp.UpdateWebhookParams(auth_type=mp.WebhookAuthType.BASIC, username="u")


def test_password_is_secret_in_the_model() -> None:
    params = mp.CreateWebhookParams(name="Ops", url="https://example.com", **_basic(password="Canary-991"))
    assert "Canary-991" not in repr(params) + str(params) + repr(params.model_dump()) + params.model_dump_json()
    assert isinstance(params.password, pydantic.SecretStr)


def test_empty_update_and_bad_ids_send_nothing() -> None:
    with respx.mock() as router:
        with pytest.raises(mp.InputError, match="nothing to update"):
            real_ws().update_webhook("wh-1", mp.UpdateWebhookParams())
        for bad in ("", "a/b", 5):
            with pytest.raises(mp.InputError, match="webhook_id"):
                real_ws().delete_webhook(bad)  # type: ignore[arg-type]
    assert not router.calls


def test_delete_backup_never_holds_a_password(tmp_path: Path) -> None:
    """Mixpanel does not return passwords; if a server ever did, the backup still would not keep it."""
    leaky = dict(H, password="Canary-991", nested={"secret": "Canary-991", "keep": 1})
    with respx.mock() as router:
        router.get(f"{APP}/projects/{PID}/webhooks/").mock(return_value=ok([leaky, dict(H, id="other")]))
        delete = router.delete(f"{APP}/projects/{PID}/webhooks/wh-uuid-123/").mock(return_value=ok({}))
        mock_delete_reads(router, "webhooks")
        ws = real_ws(backup_dir=tmp_path)
        ws.delete_webhook("wh-uuid-123")
    assert delete.called
    backup = ws.backups.latest("webhooks")
    assert backup is not None and backup.path is not None
    assert [r["id"] for r in backup.records] == ["wh-uuid-123"] and backup.records[0]["nested"] == {"keep": 1}
    assert "Canary-991" not in Path(backup.path).read_text()


def test_delete_of_unknown_id_sends_no_delete(tmp_path: Path) -> None:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{APP}/projects/{PID}/webhooks/").mock(return_value=ok([H]))
        delete = router.delete(f"{APP}/projects/{PID}/webhooks/nope/").mock(return_value=ok({}))
        with pytest.raises(mp.NotFoundError, match="nope"):
            real_ws(backup_dir=tmp_path).delete_webhook("nope")
    assert not delete.called


def test_failed_create_names_the_webhook_not_the_password() -> None:
    with respx.mock() as router:
        post = router.post(f"{APP}/projects/{PID}/webhooks/").mock(return_value=httpx.Response(503, json={}))
        with pytest.raises(mp.OutcomeUnknownError) as info:
            real_ws().create_webhook(mp.CreateWebhookParams(name="Ops", url="https://e.com", **_basic(password="Cn-7")))
    assert post.call_count == 1  # a create is not retried after a 5xx (S7)
    assert "Ops" in str(info.value) and "Cn-7" not in str(info.value) + repr(info.value)
