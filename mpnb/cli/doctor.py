"""``mpnb doctor``: the check a new user runs once against their project (read-only unless ``--write``).

Exit codes: 0 everything as mpnb expects; 9 differences (an item refuted, or answers mpnb's models or the
official specs do not expect: the report says which); 1 a check or a scratch step failed, or scratch
entities are left; 8 a write run not confirmed; the usual codes of ``mpnb`` otherwise.
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from mpnb.cli._common import EXIT, get_workspace, handle_errors
from mpnb.cli._run import interactive
from mpnb.cli._target import target_options

__all__ = ["group"]

EPILOG = """
\b
What it does:
  read-only (default)  credentials, region, project, workspaces, rate-limit
                       headers; one list call per family, checked against
                       mpnb's models and Mixpanel's official specs
  --write              also a scratch cycle per family on entities it makes
                       and names mpnb-doctor-<run id>-...: create, read back,
                       update, bulk update, a frames edit, delete with backup,
                       restore, delete again; then it deletes all it made
  --cleanup            only removes what an interrupted earlier run left
\b
The report ($MPNB_HOME/doctor/<time>-<project>.md and .json) holds counts,
field names and types, never a secret or an entity's name: share it.
\b
Exit codes: 0 as expected; 9 differences found; 1 a step failed or scratch
entities are left; 8 not confirmed; 3 auth; 130 interrupted (it still cleans up).
"""


def _raise_interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """A ``kill`` (SIGTERM) cleans up like Ctrl-C does; SIGKILL cannot: the next run sweeps then."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    except ValueError:  # not the main thread (e.g. a test runner): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _confirmed_project(ws: Any, given: int | None, what: str) -> int:
    """The project id, typed by the user or given as --yes-i-mean-project; exit 8 otherwise."""
    pid, label = ws.target.project_id, ws.target.label()
    if given is None and interactive():
        typed = click.prompt(
            f"{what} makes, changes and deletes scratch entities in project {pid} ({label}); "
            "type the project id to go ahead",
            default="",
            show_default=False,
            err=True,
        )
        given = int(typed) if str(typed).strip().isdigit() else None
    if given is None:
        click.echo(f"not run: {what} on {label} needs --yes-i-mean-project {pid} (no terminal to confirm on)", err=True)
        sys.exit(EXIT["not_applied"])
    if given != pid:
        click.echo(f"not run: --yes-i-mean-project {given} does not name the target, project {pid} ({label})", err=True)
        sys.exit(EXIT["not_applied"])
    return int(pid)


def _dry_run(ws: Any, write: bool, cleanup: bool, families: list[str] | None) -> bool:
    """Say what a write or cleanup run would do; the run itself stays read-only (returns False)."""
    from mpnb.doctor import write_plan

    if write:
        click.echo(f"dry run: --write on {ws.target.label()} would make, named mpnb-doctor-<run id>-...:", err=True)
        for line in write_plan(families):
            click.echo(f"  {line}", err=True)
    if write or cleanup:
        click.echo("and first delete what earlier interrupted runs left (counted below); nothing is sent now", err=True)
    return False


@click.command("doctor", epilog=EPILOG)
@click.option("--write", is_flag=True, help="Also run the scratch cycle on entities it makes (asks first).")
@click.option("--cleanup", is_flag=True, help="Only remove what an interrupted earlier run left (asks first).")
@click.option(
    "--yes-i-mean-project",
    "project",
    type=int,
    default=None,
    metavar="ID",
    help="Confirm --write or --cleanup without a prompt by naming the target's project id.",
)
@click.option("--family", "families", multiple=True, help="Limit the scratch cycle to this family (repeatable).")
@click.option("--report-dir", type=click.Path(file_okay=False), default=None, help="Write the report here.")
@click.option("--dry-run", is_flag=True, help="Read only, and say what --write or --cleanup would make or delete.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON instead of the short verdict.")
@target_options
@handle_errors
def group(
    write: bool,
    cleanup: bool,
    project: int | None,
    families: tuple[str, ...],
    report_dir: str | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Check the target against what mpnb expects (read-only unless --write); print a verdict, save a report."""
    ws = get_workspace()
    confirm = None
    if dry_run:
        write = cleanup = _dry_run(ws, write, cleanup, list(families) or None)
    elif write or cleanup:
        confirm = _confirmed_project(ws, project, "mpnb doctor --write" if write else "mpnb doctor --cleanup")
    with _terminate_as_interrupt():
        report = ws.doctor(
            write=write,
            cleanup=cleanup,
            confirm_project=confirm,
            families=list(families) or None,
            report_dir=report_dir,
        )
    fmt = (click.get_current_context().find_root().obj or {}).get("format")
    click.echo(json.dumps(report.data, indent=1) if as_json or fmt == "json" else report.summary())
    if report.verdict != "ok":
        sys.exit(EXIT["error"] if report.verdict == "errors" else EXIT["findings"])
