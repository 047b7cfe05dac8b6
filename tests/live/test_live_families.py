"""Opt-in: the doctor's scratch cycle on real Mixpanel, family by family, and its read-only checks.

``MPNB_LIVE=1 ... pytest -m live tests/live``. Each test runs ``ws.doctor(write=True, ...)`` for one family
(and what it is made on: a report needs a board), on entities named ``mpnb-doctor-<run id>-...`` that it
deletes again, and fails on any step that did not go as on the sandbox. The report files land in your
``$MPNB_HOME/doctor``: share them (they hold no secret and no names).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import mpnb as mp
from mpnb._families import REGISTRY
from tests.live.cycle import check_cycle, check_read

pytestmark = pytest.mark.live


def test_live_doctor_reads_every_family(live_ws: mp.Workspace, live_reports: Path) -> None:
    check_read(live_ws.doctor(report_dir=live_reports))


@pytest.mark.parametrize("family", REGISTRY.names)
def test_live_scratch_cycle(live_ws: mp.Workspace, live_reports: Path, family: str) -> None:
    pid = live_ws.target.project_id
    report = live_ws.doctor(write=True, confirm_project=pid, families=[family], report_dir=live_reports)
    check_cycle(report, family)
