"""What the live suite asserts of a doctor run, kept apart so the sandbox tests run the same checks."""

from __future__ import annotations

import mpnb as mp
from mpnb._families import REGISTRY
from mpnb.doctor.families import DOCTORS

STEPS = ("create", "read back", "update", "bulk update", "frames edit", "delete", "restore", "delete again")


def check_read(report: mp.DoctorReport) -> None:
    """Every family was listed, and nothing failed."""
    assert report.data["checks"]["credentials"]["ok"], report.summary()
    assert all(f["list"]["ok"] for f in report.families.values()), report.summary()
    assert report.data["errors"] == [], report.summary()


def check_cycle(report: mp.DoctorReport, family: str) -> None:
    """The family's scratch cycle went through every step, nothing is left, and every item got a verdict."""
    fam = REGISTRY.get(family)
    if DOCTORS[family].scratch is None:  # a family without a scratch cycle (no delete, or real data at stake)
        assert "write" not in report.families[family], (family, report.families[family])
        return
    steps = report.families[family]["write"]
    for step in STEPS:
        if step == "bulk update" and fam.bulk_update_key is None:
            assert steps[step].startswith("skipped"), (family, steps)
        else:
            assert steps[step] == "ok", (family, step, steps, report.paths)
    assert all(v == "ok" for k, v in steps.items() if k not in STEPS), (family, steps)
    assert report.leftovers == 0 and report.data["errors"] == [], report.summary()
    assert {i["verdict"] for i in report.items} <= {"confirmed", "refuted", "not tested"}
