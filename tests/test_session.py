"""Target resolution (S2): arguments, MPNB_BASE_URL, MP_*, then the sandbox; partial credentials fail."""

from __future__ import annotations

import pytest

import mpnb as mp
from mpnb._session import normalise_base_url, resolve_target


def test_nothing_set_means_sandbox() -> None:
    assert resolve_target(env={}) is None
    ws = mp.Workspace()
    assert ws.target.kind == "sandbox" and ws.emulator is not None
    assert repr(ws) == "<mpnb.Workspace SANDBOX>"


def test_mp_variables_mean_real_mixpanel_by_region() -> None:
    env = {"MP_USERNAME": "u", "MP_SECRET": "s", "MP_PROJECT_ID": "123", "MP_REGION": "eu", "MP_WORKSPACE_ID": "4"}
    t = resolve_target(env=env)
    assert t is not None and t.kind == "mixpanel" and t.app_url == "https://eu.mixpanel.com/api/app"
    assert (t.project_id, t.workspace_id) == (123, 4)
    assert t.label() == "Mixpanel eu · project 123 · workspace 4"
    assert t.is_real


def test_default_region_is_us_and_token_auth() -> None:
    t = resolve_target(env={"MP_OAUTH_TOKEN": "tok", "MP_PROJECT_ID": "1"})
    assert t is not None and t.app_url == "https://mixpanel.com/api/app"
    assert t.credentials.kind == "oauth_token" and t.credentials.authorization() == "Bearer tok"


def test_base_url_beats_mp_region() -> None:
    env = {"MPNB_BASE_URL": "http://127.0.0.1:9999", "MP_USERNAME": "u", "MP_SECRET": "s", "MP_PROJECT_ID": "1000"}
    t = resolve_target(env=env)
    assert t is not None and t.kind == "url" and t.app_url == "http://127.0.0.1:9999/api/app" and not t.is_real


def test_arguments_beat_environment() -> None:
    env = {"MP_USERNAME": "env", "MP_SECRET": "s", "MP_PROJECT_ID": "1"}
    t = resolve_target(username="arg", secret="x", project_id=2, region="in", env=env)
    assert t is not None and t.credentials.username == "arg" and t.project_id == 2
    assert t.app_url == "https://in.mixpanel.com/api/app"


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"MP_USERNAME": "u", "MP_PROJECT_ID": "1"}, "MP_SECRET"),
        ({"MP_SECRET": "s", "MP_PROJECT_ID": "1"}, "MP_USERNAME"),
        ({"MP_USERNAME": "u", "MP_SECRET": "s"}, "MP_PROJECT_ID"),
        ({"MP_PROJECT_ID": "1"}, "MP_USERNAME"),
        ({"MPNB_BASE_URL": "http://127.0.0.1:1"}, "MP_USERNAME"),
    ],
)
def test_partial_credentials_are_an_error_naming_the_variable(env: dict[str, str], missing: str) -> None:
    with pytest.raises(mp.ConfigError, match=missing):
        resolve_target(env=env)


def test_partial_environment_never_falls_back_to_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MP_USERNAME", "u")
    with pytest.raises(mp.ConfigError, match="MP_SECRET"):
        mp.Workspace()


@pytest.mark.parametrize("bad", ["eu-west", "US1"])
def test_unknown_region(bad: str) -> None:
    with pytest.raises(mp.ConfigError, match="us, eu, in"):
        resolve_target(username="u", secret="s", project_id=1, region=bad)


def test_non_integer_project_id() -> None:
    with pytest.raises(mp.ConfigError, match="MP_PROJECT_ID"):
        resolve_target(env={"MP_USERNAME": "u", "MP_SECRET": "s", "MP_PROJECT_ID": "abc"})


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/api/app"),
        ("http://localhost:8080/api/app/", "http://localhost:8080/api/app"),
        ("https://mixpanel.example.com", "https://mixpanel.example.com/api/app"),
    ],
)
def test_base_url_normalised(url: str, expected: str) -> None:
    assert normalise_base_url(url) == expected


@pytest.mark.parametrize("url", ["http://example.com", "http://10.0.0.5:80", "ftp://127.0.0.1", "not a url"])
def test_plain_http_refused_for_non_loopback(url: str) -> None:
    with pytest.raises(mp.ConfigError, match=r"base_url|MPNB_BASE_URL"):
        normalise_base_url(url)


def test_secrets_never_in_repr_or_info() -> None:
    ws = mp.Workspace(username="svc", secret="TOPSECRET-1", project_id=7, region="us")
    text = repr(ws) + repr(ws.target) + repr(ws.target.credentials) + str(vars(ws.target))
    assert "TOPSECRET-1" not in text
    tok = mp.Workspace(oauth_token="TOKEN-XYZ-9", project_id=7)
    assert "TOKEN-XYZ-9" not in repr(tok) + repr(tok.target) + repr(tok.target.credentials)


def test_set_workspace_id_validates() -> None:
    ws = mp.Workspace.sandbox()
    with pytest.raises(mp.ConfigError, match="workspace_id"):
        ws.set_workspace_id("2")  # type: ignore[arg-type]
    ws.set_workspace_id(2)
    assert ws.workspace_id == 2 and ws.info().target == "SANDBOX"
