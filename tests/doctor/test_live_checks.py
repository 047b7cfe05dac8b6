"""The live suite's checks pass on the sandbox (so a live failure is a difference, not a broken test)."""

from __future__ import annotations

import mpnb as mp
from mpnb._families import REGISTRY
from tests.live.cycle import check_cycle, check_read


def _no_sleep(seconds: float) -> None:
    """Retries do not wait in tests."""


def test_the_live_checks_pass_on_the_sandbox() -> None:
    ws = mp.Workspace.sandbox(seed=2, sleep=_no_sleep)
    check_read(ws.doctor())
    report = ws.doctor(write=True, confirm_project=ws.target.project_id)
    for family in REGISTRY.names:
        check_cycle(report, family)
    one = ws.doctor(write=True, confirm_project=ws.target.project_id, families=["alerts"])
    check_cycle(one, "alerts")
    assert [n for n, f in one.families.items() if f.get("write")] == ["dashboards", "reports", "alerts"]
