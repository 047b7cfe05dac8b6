"""Planted secrets never appear in a repr, an exception, a DEBUG log, a traceback with locals, or a file.

The secrets: a service-account secret, an OAuth token, a webhook password and a password in a base URL's
userinfo; plus the Basic header they make. Tracebacks are rendered as IPython's verbose mode does, with
every local of every frame (``traceback.TracebackException(..., capture_locals=True)``).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest
import respx

import mpnb as mp
from mpnb._models import body_of
from mpnb.sandbox import SandboxServer
from tests.helpers import APP, PID, nothing_uses_it

SECRET = "pl4nted-S3CRET-x9q"
TOKEN = "pl4nted-T0KEN-y8r"
PASSWORD = "pl4nted-PASS-z7s"
URLPASS = "pl4nted-URLPW-w6t"
USER = "svc.planted"
BASIC = base64.b64encode(f"{USER}:{SECRET}".encode()).decode()
FORBIDDEN = (SECRET, TOKEN, PASSWORD, URLPASS, BASIC, f"Bearer {TOKEN}")
CHECKED: dict[str, int] = {"texts": 0, "tracebacks": 0, "files": 0}


def _clean(text: str, where: str) -> None:
    CHECKED["texts"] += 1
    for secret in FORBIDDEN:
        assert secret not in text, f"a planted secret leaked into {where}"


MPNB_DIR = str(Path(mp.__file__).parent)


def _traceback_text(exc: BaseException) -> str:
    """The traceback with locals, keeping mpnb's frames: the caller's own frames hold what it passed in."""
    CHECKED["tracebacks"] += 1
    tb = traceback.TracebackException(type(exc), exc, exc.__traceback__, capture_locals=True)
    ours = [f for f in tb.stack if f.filename.startswith(MPNB_DIR)]
    assert ours or exc.__traceback__ is None or not any(f.filename.startswith(MPNB_DIR) for f in tb.stack)
    tb.stack = traceback.StackSummary.from_list(ours)
    return "".join(tb.format())


def _raised(fn: Callable[[], Any], kind: type[BaseException] = mp.MpnbError) -> BaseException:
    with pytest.raises(kind) as info:
        fn()
    return info.value


def _check_exception(exc: BaseException, where: str) -> None:
    texts = [str(exc), repr(exc), _traceback_text(exc)]
    if hasattr(exc, "to_dict"):
        texts.append(json.dumps(exc.to_dict(), default=str))
    cause = exc.__cause__ or exc.__context__
    if cause is not None:
        texts.append(_traceback_text(cause))
    for text in texts:
        _clean(text, where)


@pytest.fixture
def real() -> Iterator[mp.Workspace]:
    ws = mp.Workspace(username=USER, secret=SECRET, project_id=PID, region="us", max_requests_per_minute=None)
    ws._http._sleep = lambda seconds: None
    yield ws
    ws.close()


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(401, json={"error": "bad credentials"}),
        httpx.Response(403, json={"error": "no"}),
        httpx.Response(404, json={"error": "gone"}),
        httpx.Response(429, json={"error": "slow down"}, headers={"Retry-After": "0"}),
        httpx.Response(500, json={"error": "boom"}),
        httpx.Response(302, headers={"Location": "https://elsewhere.example/x"}),
        httpx.Response(200, content=b"not json"),
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
    ],
    ids=["401", "403", "404", "429", "500", "302", "not-json", "connect", "read-timeout"],
)
def test_service_account_secret_in_no_error_or_traceback(
    real: mp.Workspace, answer: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with respx.mock() as router:
        route = router.get(f"{APP}/projects/{PID}/dashboards")
        route.mock(side_effect=answer) if isinstance(answer, Exception) else route.mock(return_value=answer)
        exc = _raised(real.list_dashboards)
        assert router.calls, "the request must have been made"
        sent = router.calls[0].request.headers["Authorization"]
        assert sent == f"Basic {BASIC}", "the secret must still reach the request"
    _check_exception(exc, f"{type(exc).__name__}")
    _clean("\n".join(r.getMessage() for r in caplog.records), "DEBUG logs")
    _clean(repr(real) + repr(real.target) + repr(real._http.__dict__), "reprs")


def test_oauth_token_in_no_error_or_traceback(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    ws = mp.Workspace(oauth_token=TOKEN, project_id=PID, region="eu", max_requests_per_minute=None)
    ws._http._sleep = lambda seconds: None
    eu = "https://eu.mixpanel.com/api/app"
    with respx.mock() as router:
        router.get(f"{eu}/projects/{PID}/bookmarks").mock(return_value=httpx.Response(500, json={"error": "x"}))
        exc = _raised(ws.list_bookmarks_v2)
        assert router.calls[0].request.headers["Authorization"] == f"Bearer {TOKEN}"
    _check_exception(exc, "ServerError with a token")
    _clean(repr(ws) + repr(vars(ws)) + repr(ws._http.__dict__), "reprs")
    _clean("\n".join(r.getMessage() for r in caplog.records), "DEBUG logs")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"username": USER, "secret": SECRET, "project_id": "not-a-number"},
        {"username": USER, "secret": SECRET, "project_id": PID, "region": "mars"},
        {"secret": SECRET, "project_id": PID},
        {"oauth_token": TOKEN, "project_id": None},
        {"username": USER, "secret": SECRET, "project_id": PID, "base_url": f"https://u:{URLPASS}@proxy.example"},
        {"username": USER, "secret": SECRET, "project_id": PID, "base_url": f"http://u:{URLPASS}@example.com"},
        {"username": USER, "secret": SECRET, "project_id": PID, "base_url": f"ftp://u:{URLPASS}@example.com"},
        {"username": USER, "secret": SECRET, "project_id": PID, "base_url": f"https://u:{URLPASS}@[::1"},
    ],
)
def test_config_errors_echo_no_secret(kwargs: dict[str, Any]) -> None:
    exc = _raised(lambda: mp.Workspace(**kwargs), mp.ConfigError)
    _check_exception(exc, "ConfigError")


def test_env_base_url_userinfo_is_refused_unechoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPNB_BASE_URL", f"http://admin:{URLPASS}@127.0.0.1:9/")
    monkeypatch.setenv("MP_USERNAME", USER)
    monkeypatch.setenv("MP_SECRET", SECRET)
    monkeypatch.setenv("MP_PROJECT_ID", "1")
    exc = _raised(mp.Workspace, mp.ConfigError)
    assert "user:password@" in str(exc) and "***@127.0.0.1" in str(exc)
    _check_exception(exc, "ConfigError from MPNB_BASE_URL")


def test_repr_of_half_built_workspace_never_raises() -> None:
    ws = mp.Workspace.__new__(mp.Workspace)
    assert "not connected" in repr(ws)


def _webhook_params() -> mp.CreateWebhookParams:
    return mp.CreateWebhookParams(
        name="Ops hook",
        url="https://hooks.example.com/in",
        auth_type=mp.WebhookAuthType.BASIC,
        username="ops",
        password=PASSWORD,
    )


def test_webhook_password_masked_until_the_request(ws: mp.Workspace, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    params = _webhook_params()
    body = body_of(params)
    for text in (repr(params), str(params), params.model_dump_json(), json.dumps(body, default=str), repr(body)):
        _clean(text, "webhook params")
    made = ws.create_webhook(params)
    assert made.id
    bad = _raised(
        lambda: mp.CreateWebhookParams(name="x", url="ftp://a", auth_type="basic", username="u", password=PASSWORD),
        Exception,
    )
    _check_exception(bad, "webhook validation error")
    # a failed create and a failed update: the password is in no local of any frame
    ws.emulator.faults.queue(["500"])  # type: ignore[union-attr]
    exc = _raised(lambda: ws.create_webhook(params))
    _check_exception(exc, "failed webhook create")
    update = mp.UpdateWebhookParams(auth_type=mp.WebhookAuthType.BASIC, username="ops", password=PASSWORD)
    exc = _raised(lambda: ws.update_webhook("00000000-0000-4000-8000-000000000000", update))
    _check_exception(exc, "failed webhook update")
    ws.delete_webhook(made.id)
    _clean("\n".join(r.getMessage() for r in caplog.records), "DEBUG logs")


def test_webhook_password_reaches_the_request_body() -> None:
    from tests.helpers import real_ws

    ws = real_ws()
    with respx.mock() as router:
        route = router.post(f"{APP}/projects/{PID}/webhooks/").mock(
            return_value=httpx.Response(200, json={"status": "ok", "results": {"id": "w1", "name": "Ops hook"}})
        )
        ws.create_webhook(_webhook_params())
        assert json.loads(route.calls[0].request.content)["password"] == PASSWORD


@pytest.mark.filterwarnings("ignore:cohort .* is referenced by")
def test_no_secret_in_any_file_under_mpnb_home(tmp_path: Path) -> None:
    """Every write path of the client layer (backups of every family, state) with all secrets in play."""
    state = tmp_path / "state.json"
    with mp.Workspace.sandbox(seed=2, state=state, backup_dir=Path(os.environ["MPNB_HOME"]) / "backups") as ws:
        ws._http._sleep = lambda seconds: None
        made = ws.create_webhook(_webhook_params())
        ws.update_webhook(made.id, mp.UpdateWebhookParams(username="ops2", password=PASSWORD))
        ws.delete_webhook(made.id)
        ws.delete_bookmark(ws.list_bookmarks_v2()[0].id)
        ws.delete_cohort(ws.list_cohorts()[0].id)
        ws.delete_alert(ws.list_alerts()[0].id)
    for root in (Path(os.environ["MPNB_HOME"]), tmp_path):
        for path in root.rglob("*"):
            if path.is_file():
                CHECKED["files"] += 1
                _clean(path.read_bytes().decode("utf-8", "replace"), str(path))
    assert CHECKED["files"] >= 4


_NEW_CUSTOM_EVENT = mp.CreateCustomEventParams(name="C", alternatives=["A"])
_HIDE_A = mp.BulkEventUpdate(name="A", hidden=True)


@pytest.mark.parametrize(
    ("method", "path", "call"),
    [
        ("POST", "custom_events/", lambda ws: ws.create_custom_event(_NEW_CUSTOM_EVENT)),
        ("PATCH", "data-definitions/events/", lambda ws: ws.bulk_update_event_definitions([_HIDE_A])),
        ("DELETE", "data-definitions/events/", lambda ws: ws.delete_event_definition("A")),
        ("POST", "data-definitions/tags/", lambda ws: ws.delete_lexicon_tag("A")),
        ("DELETE", "data-definitions/events/drop-filters/", lambda ws: ws.delete_drop_filter(1)),
    ],
    ids=["form-create", "bulk-patch", "delete-with-body", "delete-by-post", "drop-filter-delete"],
)  # fmt: skip
def test_the_dictionary_paths_keep_the_secret_out(
    real: mp.Workspace, method: str, path: str, call: Callable[[mp.Workspace], Any], caplog: pytest.LogCaptureFixture
) -> None:
    """The data dictionary's other ways of sending (a form body, bodies on DELETE, a delete by POST) fail
    without the service-account secret in any error, local or log; their backups hold none either."""
    caplog.set_level(logging.DEBUG)
    base = f"{APP}/projects/{PID}/"
    rows = {"data-definitions/events/": [{"id": 1, "name": "A"}], "data-definitions/tags/": ["A"],
            "data-definitions/events/drop-filters/": [{"id": 1, "event_name": "x", "filters": []}]}  # fmt: skip
    with respx.mock(assert_all_called=False) as router:
        for where, answer in rows.items():
            router.get(base + where).mock(return_value=httpx.Response(200, json={"status": "ok", "results": answer}))
        nothing_uses_it(router)  # a delete reads who uses the entry, for its backup
        router.route(method=method, url=base + path).mock(return_value=httpx.Response(500, json={"error": "boom"}))
        exc = _raised(lambda: call(real))
    _check_exception(exc, f"failed {method} {path}")
    _clean("\n".join(r.getMessage() for r in caplog.records), "DEBUG logs")
    for file in Path(os.environ["MPNB_HOME"]).rglob("*"):
        if file.is_file():
            CHECKED["files"] += 1
            _clean(file.read_bytes().decode("utf-8", "replace"), str(file))


def test_loopback_debug_logs_hold_no_secret(server: SandboxServer, caplog: pytest.LogCaptureFixture) -> None:
    """Over a real socket, httpx and httpcore log at DEBUG too: none of it may carry the header."""
    caplog.set_level(logging.DEBUG)
    ws = mp.Workspace(username=USER, secret=SECRET, project_id=1, base_url=server.url)
    exc = _raised(ws.list_dashboards, mp.AuthenticationError)  # wrong credentials for the sandbox
    _check_exception(exc, "loopback 401")
    ws.close()
    _clean("\n".join(r.getMessage() for r in caplog.records), "DEBUG logs over loopback")


def test_env_secrets_stay_out_of_tracebacks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A target read from MP_* that fails to resolve: no frame keeps the environment's values."""
    monkeypatch.setenv("MP_USERNAME", USER)
    monkeypatch.setenv("MP_SECRET", SECRET)
    monkeypatch.setenv("MP_PROJECT_ID", "1")
    monkeypatch.setenv("MP_REGION", "mars")
    exc = _raised(mp.Workspace, mp.ConfigError)
    _check_exception(exc, "ConfigError from MP_*")
    monkeypatch.setenv("MP_OAUTH_TOKEN", TOKEN)
    monkeypatch.setenv("MP_PROJECT_ID", "one")
    _check_exception(_raised(mp.Workspace, mp.ConfigError), "ConfigError from MP_OAUTH_TOKEN")


TESTS_DIR = str(Path(__file__).resolve().parents[1])


def _every_frame_text(exc: BaseException) -> str:
    """The traceback with the locals of every frame but the test's own: pydantic's and mpnb's alike, as
    ``rich``'s ``show_locals`` or pytest's ``--showlocals`` would print them."""
    CHECKED["tracebacks"] += 1
    tb = traceback.TracebackException(type(exc), exc, exc.__traceback__, capture_locals=True)
    tb.stack = traceback.StackSummary.from_list([f for f in tb.stack if not f.filename.startswith(TESTS_DIR)])
    assert tb.stack, "the error must come from library frames"
    return "".join(tb.format())


@pytest.mark.parametrize(
    "build",
    [
        lambda: mp.CreateWebhookParams(name="x", url="ftp://a", auth_type="basic", username="u", password=PASSWORD),
        lambda: mp.CreateWebhookParams(name="", url="https://a.example", auth_type="basic", password=PASSWORD),
        lambda: mp.UpdateWebhookParams(url="http://a", password=PASSWORD, surprise=1),
        lambda: mp.WebhookTestParams.model_validate({"url": "nope", "username": "u", "password": PASSWORD}),
        lambda: mp.CreateWebhookParams.model_validate({"name": "x", "url": "https://a.example", "password": PASSWORD}),
    ],
    ids=["bad-url", "empty-name", "unknown-field", "model_validate", "no-auth-type"],
)
def test_a_failed_webhook_validation_keeps_the_password_out_of_every_frame(build: Callable[[], Any]) -> None:
    exc = _raised(build, Exception)
    _clean(_every_frame_text(exc), "a webhook validation traceback with locals (pydantic's frames too)")


def test_a_failed_assignment_keeps_the_password_out_of_every_frame() -> None:
    params = mp.WebhookTestParams(url="https://a.example")

    def assign() -> None:
        params.password = PASSWORD  # type: ignore[assignment]  # refused: a password needs Basic auth

    _clean(_every_frame_text(_raised(assign, Exception)), "assignment traceback")
    made = _webhook_params()
    made.password = PASSWORD  # type: ignore[assignment]
    assert isinstance(made.password, pydantic.SecretStr) and PASSWORD not in repr(made)


def test_a_dict_handed_to_create_webhook_stays_out_of_the_wrapper_frame(ws: mp.Workspace) -> None:
    data = {"name": "x", "url": "https://a.example", "auth_type": "basic", "username": "u", "password": PASSWORD}
    exc = _raised(lambda: ws.create_webhook(data))  # type: ignore[arg-type]
    assert isinstance(exc, mp.InputError)
    _clean(_every_frame_text(exc), "the params-type check's frame")


@pytest.mark.parametrize("variable", ["MP_OAUTH_TOKEN", "MP_SECRET"])
def test_a_non_utf8_byte_in_a_credential_is_one_line_and_exit_3(variable: str, tmp_path: Path) -> None:
    """The variable holds a byte that is not UTF-8: one line naming the variable (never its value), exit 3."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("MP_")}
    env_b = {k.encode(): v.encode() for k, v in env.items()}
    env_b[b"MP_PROJECT_ID"] = b"1"
    env_b[b"MP_USERNAME"] = USER.encode()
    env_b[variable.encode()] = (TOKEN if variable == "MP_OAUTH_TOKEN" else SECRET).encode() + b"\xff"
    result = subprocess.run(
        [sys.executable, "-m", "mpnb.cli", "reports", "list"], env=env_b, capture_output=True, timeout=60
    )
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 3, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and variable in err
    assert "not UTF-8" in err
    _clean(err, "the CLI's error line")


def test_a_credential_that_cannot_be_sent_is_a_config_error_without_the_value() -> None:
    exc = _raised(lambda: mp.Workspace(oauth_token=TOKEN + "\udcff", project_id=1), mp.ConfigError)
    assert "not UTF-8" in str(exc) and "position" in str(exc)
    _check_exception(exc, "an unsendable token")
    _clean(_every_frame_text(exc), "an unsendable token, every frame")
    exc = _raised(lambda: mp.Workspace(oauth_token="tok en", project_id=1), mp.ConfigError)
    assert "HTTP header" in str(exc)
    exc = _raised(lambda: mp.Workspace(username=USER, secret=SECRET + "\udcfe", project_id=1), mp.ConfigError)
    _check_exception(exc, "an unsendable secret")
