"""mpnb's built-in emulator of Mixpanel's App API: in-process or over loopback HTTP.

>>> from mpnb.sandbox import Sandbox, SandboxTransport
>>> sb = Sandbox(seed=1, size=200)          # isolated, in memory
>>> sb = default_sandbox()                    # the one Python, the CLI and `sandbox serve` share
"""

from __future__ import annotations

from mpnb.sandbox.damage import SandboxStateError
from mpnb.sandbox.default import default_sandbox, default_sandbox_path, sandbox_reset
from mpnb.sandbox.engine import (
    DEMO_PROJECT_ID,
    DEMO_SECRET,
    DEMO_TOKEN,
    DEMO_USERNAME,
    Sandbox,
    SandboxConfig,
)
from mpnb.sandbox.faults import FaultPlan
from mpnb.sandbox.serve import SandboxServer, export_lines
from mpnb.sandbox.transport import SandboxTransport

__all__ = [
    "DEMO_PROJECT_ID",
    "DEMO_SECRET",
    "DEMO_TOKEN",
    "DEMO_USERNAME",
    "FaultPlan",
    "Sandbox",
    "SandboxConfig",
    "SandboxServer",
    "SandboxStateError",
    "SandboxTransport",
    "default_sandbox",
    "default_sandbox_path",
    "export_lines",
    "sandbox_reset",
]
