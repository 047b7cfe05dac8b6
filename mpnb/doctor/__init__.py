"""The doctor: the check a new user runs once against their project, which proves or refutes every guess
the sandbox makes about Mixpanel (``docs/unverified.md``) and says exactly what differs.

>>> report = ws.doctor()                                  # read-only: credentials, project, one page per family
>>> report = ws.doctor(write=True, confirm_project=1000)  # plus the scratch cycle on entities it makes itself
>>> print(report.summary()); report.paths                 # the .md and .json to share: no secret, no names

Importing this package loads no pandas and no HTTP machinery; a run loads what it needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mpnb.doctor._items import Item, unverified_items
from mpnb.doctor._report import DoctorReport

__all__ = ["DoctorAccess", "DoctorReport", "Item", "unverified_items", "write_plan"]


def write_plan(families: list[str] | None = None) -> list[str]:
    """What ``ws.doctor(write=True)`` would make, a line per family, and what it does with each (sends nothing)."""
    from mpnb.doctor._write import write_plan as plan

    return plan(families)


class DoctorAccess:
    """What the doctor adds to a Workspace: ``ws.doctor()`` (``mpnb.Workspace`` is made of this mixin)."""

    def doctor(
        self: Any,
        *,
        write: bool = False,
        cleanup: bool = False,
        confirm_project: int | str | None = None,
        families: list[str] | None = None,
        report_dir: str | Path | None = None,
    ) -> DoctorReport:
        """Check this target against what mpnb expects; returns the report and writes it to a file.

        Read-only by default: the credentials, region, project and workspaces, the rate-limit headers, and one
        list call per family checked against mpnb's models and Mixpanel's official specs. ``write=True`` (with
        ``confirm_project`` set to this Workspace's project id) also runs a scratch cycle on entities it
        creates and names ``mpnb-doctor-<run id>-...``: create, read back, update, bulk update, a frames
        edit, delete with backup, restore, delete again, and the open questions it can answer safely; it
        deletes everything it made, and first what an interrupted earlier run left. ``cleanup=True`` only
        removes such leftovers. ``families`` limits the scratch cycle (what they are made on comes along).
        The report (``report.paths``: ``$MPNB_HOME/doctor/<time>-<project>.md`` and ``.json``, or
        ``report_dir``) holds counts, field names and types, never a secret or an entity's name.
        """
        from mpnb.doctor._run import run_doctor

        return run_doctor(
            self,
            write=write,
            cleanup=cleanup,
            confirm_project=confirm_project,
            families=families,
            report_dir=report_dir,
        )
