"""The live suite's Workspace: real Mixpanel, only with ``MPNB_LIVE=1`` and MP_* credentials (else skipped)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import mpnb as mp
from mpnb._session import resolve_target
from tests.conftest import LIVE_ENV


@pytest.fixture
def live_ws() -> Iterator[mp.Workspace]:
    if LIVE_ENV.get("MPNB_LIVE") != "1":
        pytest.skip("set MPNB_LIVE=1 and Mixpanel credentials to run the live suite")
    target = resolve_target(env=LIVE_ENV)
    if target is None or not target.is_real:
        pytest.skip("the live suite needs MP_* credentials for real Mixpanel")
    creds = target.credentials
    ws = mp.Workspace(
        username=creds.username,
        secret=creds.secret,
        oauth_token=creds.oauth_token,
        project_id=target.project_id,
        region=target.region,  # type: ignore[arg-type]
        workspace_id=target.workspace_id,
    )
    yield ws
    ws.close()


@pytest.fixture
def live_reports() -> Path:
    """Where the live suite's doctor reports go: the user's own ``$MPNB_HOME/doctor`` (tests use a temporary
    MPNB_HOME for everything else), so they outlive the run and can be shared."""
    return Path(LIVE_ENV.get("MPNB_HOME") or Path.home() / ".mpnb").expanduser() / "doctor"
