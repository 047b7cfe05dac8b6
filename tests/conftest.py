"""Test isolation: no MP_*/MPNB_* variables, a private MPNB_HOME, and no connection beyond loopback (S8)."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator

import pytest

import mpnb as mp
from mpnb.sandbox import DEMO_PROJECT_ID, DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxServer

_real_connect = socket.socket.connect
# Captured before any fixture scrubs the environment: only the opt-in live suite (tests/live) reads it.
LIVE_ENV = {k: v for k, v in os.environ.items() if k.startswith(("MP_", "MPNB_"))}


def _guarded_connect(self: socket.socket, address: object) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
        host = str(address[0])
        try:
            ok = ipaddress.ip_address(host).is_loopback
        except ValueError:
            ok = host == "localhost"
        if not ok:
            raise RuntimeError(f"tests may only connect to loopback hosts, not {host!r}")
    _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _isolated(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    for key in list(os.environ):
        if key.startswith(("MP_", "MPNB_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("MPNB_HOME", str(tmp_path_factory.mktemp("mpnb-home")))
    if request.node.get_closest_marker("live") is None:
        monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


def _no_sleep(seconds: float) -> None:
    """Tests never wait out a backoff or Retry-After."""


@pytest.fixture
def ws() -> Iterator[mp.Workspace]:
    """A Workspace on an isolated, seeded, in-process sandbox; retries do not sleep."""
    w = mp.Workspace.sandbox(seed=1, sleep=_no_sleep)
    yield w
    w.close()


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    """A sandbox served over loopback HTTP."""
    srv = SandboxServer(Sandbox(seed=1), "127.0.0.1", 0)
    srv.start_in_thread()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def http_ws(server: SandboxServer) -> Iterator[mp.Workspace]:
    """A Workspace talking to the loopback sandbox through real sockets."""
    w = mp.Workspace(
        base_url=server.url, username=DEMO_USERNAME, secret=DEMO_SECRET, project_id=DEMO_PROJECT_ID, sleep=_no_sleep
    )
    yield w
    w.close()


@pytest.fixture(params=["in-process", "loopback-http"])
def any_ws(request: pytest.FixtureRequest) -> mp.Workspace:
    """The same test through both sandbox doors."""
    name = "ws" if request.param == "in-process" else "http_ws"
    return request.getfixturevalue(name)  # type: ignore[no-any-return]


@pytest.fixture
def pair() -> Iterator[tuple[mp.Workspace, mp.Workspace]]:
    """A copy's two sides: the demo project as the source, a project without reports as the target."""
    src = mp.Workspace.sandbox(seed=1, sleep=lambda s: None)
    dst = mp.Workspace.sandbox(seed=2, size=0, sleep=lambda s: None)
    yield src, dst
    src.close()
    dst.close()
