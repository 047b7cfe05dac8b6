"""Raw-HTTP fixtures for sandbox tests: these tests must not import mpnb's client modules."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from mpnb.sandbox import DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxTransport


@pytest.fixture
def sb() -> Sandbox:
    return Sandbox(seed=1)


@pytest.fixture
def raw(sb: Sandbox) -> Iterator[httpx.Client]:
    """httpx straight into the sandbox, authenticated, rooted at /api/app."""
    with httpx.Client(
        transport=SandboxTransport(sb),
        base_url="http://sandbox.localhost/api/app",
        auth=(DEMO_USERNAME, DEMO_SECRET),
    ) as client:
        yield client
