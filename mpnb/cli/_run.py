"""The safety gates and run helpers of changing commands: confirmation on real Mixpanel, dry runs, deletes
through the one delete path (``--yes``, ``--dry-run``, ``--ignore-missing``), and one-request-per-id runs
that report how far they got on Ctrl-C.
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

import click
import pydantic

from mpnb import errors
from mpnb.cli._common import EXIT, Progress, get_workspace, one_line, progress, user_words
from mpnb.cli._errors import exit_code
from mpnb.cli._output import emit

__all__ = [
    "ask_or_exit",
    "change",
    "confirm_or_exit",
    "delete_options",
    "dry_run_option",
    "dry_runnable",
    "get_each",
    "interactive",
    "is_real",
    "run_delete",
    "run_each",
]

F = TypeVar("F", bound=Callable[..., Any])


def interactive() -> bool:
    """A person at a terminal can type yes (tests replace this)."""
    return sys.stdin.isatty()


def is_real(ws: Any) -> bool:
    """Requests leave this machine (``Target.is_real``, the one decision; tests replace this to exercise the
    gates on the sandbox)."""
    return bool(ws.target.is_real)


def ask_or_exit(label: str, what: str, yes: bool) -> None:
    """``--yes``, or a typed ``yes`` at a terminal; otherwise stop with exit 8 (nothing done). The question and
    the refusal both name the target."""
    if yes:
        return
    if not interactive():
        click.echo(f"not applied: pass --yes to {what} on {label} (no terminal to confirm on)", err=True)
        sys.exit(EXIT["not_applied"])
    answer = click.prompt(f"{what} on {label}: type yes to go ahead", default="", show_default=False, err=True)
    if str(answer).strip().lower() != "yes":
        click.echo(f"not applied: not confirmed ({what} on {label})", err=True)
        sys.exit(EXIT["not_applied"])


def confirm_or_exit(ws: Any, what: str, yes: bool) -> None:
    """Against a real destination (anything but the local or a loopback sandbox: ``Target.is_real``), need
    ``--yes`` or a typed ``yes``; otherwise stop with exit 8 (nothing done)."""
    if is_real(ws):
        ask_or_exit(ws.target.label(), what, yes)


def get_each(ids: list[Any], fetch: Callable[[Any], Any], columns: list[str]) -> None:
    """``get 3 4 5``: one object for one id, a list for several; an id that fails is one line on stderr (the
    others are still printed) and the exit code is that of the first failure."""
    if len(ids) == 1:
        emit(fetch(ids[0]), columns)
        return
    found: list[Any] = []
    code = 0
    for i in ids:
        try:
            found.append(fetch(i))
        except (errors.MpnbError, pydantic.ValidationError) as exc:
            click.echo(f"error: {one_line(exc)}", err=True)
            code = code or exit_code(exc)
    emit(found, columns)
    if code:
        sys.exit(code)


def delete_options(fn: F) -> F:
    """``--yes``, ``--dry-run`` and ``--ignore-missing``, the same on every delete."""
    fn = click.option(
        "--ignore-missing", is_flag=True, help="An id that is already gone is not an error (it is listed as missing)."
    )(fn)
    fn = click.option("--dry-run", is_flag=True, help="Show what would be deleted and send nothing.")(fn)
    fn = click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation on real Mixpanel.")(fn)
    return fn


def _existing(ws: Any, family: str, ids: list[Any]) -> set[Any]:
    """The ids of ``ids`` the server still has (one list call)."""
    records = ws.records(family)
    found, _ = records.read_ids(ids)
    have = {records.family_entry.id_of(r) for r in found}
    return {i for i in ids if i in have}


def run_delete(
    family: str,
    ids: list[Any],
    action: Callable[[Any, list[Any]], object],
    *,
    yes: bool = False,
    dry_run: bool = False,
    ignore_missing: bool = False,
    cascade: str | None = None,
) -> None:
    """Delete ``ids`` through ``action(ws, ids)`` (the one delete path, which backs up first).

    Against real Mixpanel it asks first (or needs ``--yes``), single deletes included; ``cascade`` names
    what goes with the delete, shown in the question and the dry run.
    """
    ws = get_workspace()
    missing: list[Any] = []
    if ignore_missing or dry_run:
        have = _existing(ws, family, ids)
        missing = [i for i in ids if i not in have]
        if ignore_missing:
            ids = [i for i in ids if i in have]
    what = f"delete {len(ids)} {family}" + (f" ({cascade})" if cascade else "")
    if dry_run:
        emit({"would_delete": ids, "missing": missing, "note": cascade or "", "dry_run": True})
        return
    if not ids:
        emit({"deleted": [], "missing": missing, "backup": None})
        return
    confirm_or_exit(ws, what, yes)
    run = Progress(len(ids), f"delete {family}", str(ws.backups.folder), request_count=lambda: ws.request_count)
    with warnings.catch_warnings(record=True) as caught, progress(run):
        warnings.simplefilter("always")
        action(ws, ids)
    for w in caught:
        click.echo(f"warning: {user_words(str(w.message))}", err=True)
    backup = ws.backups.latest(family)
    emit({"deleted": ids, "missing": missing, "backup": backup.path if backup else None})


def run_each(
    family: str, ids: list[Any], what: str, action: Callable[[Any, Any], Any], *, yes: bool, dry_run: bool
) -> None:
    """One request per id where Mixpanel has no bulk endpoint: one result row each; Ctrl-C says how far."""
    ws = get_workspace()
    if dry_run:
        emit([{"id": i, "action": what, "status": "planned"} for i in ids])
        return
    confirm_or_exit(ws, f"{what} {len(ids)} {family}", yes)
    rows: list[dict[str, Any]] = []
    run = Progress(len(ids), f"{what} {family}", str(ws.backups.folder))
    with progress(run):
        for i in ids:
            run.sent += 1
            try:
                action(ws, i)
                rows.append({"id": i, "action": what, "status": "ok", "error": None})
            except errors.OutcomeUnknownError as exc:
                rows.append({"id": i, "action": what, "status": "unknown", "error": one_line(exc)})
            except (errors.MpnbError, pydantic.ValidationError) as exc:
                rows.append({"id": i, "action": what, "status": "error", "error": one_line(exc)})
            run.done += 1
    emit(rows, ["id", "action", "status", "error"])
    statuses = {r["status"] for r in rows}
    if "unknown" in statuses:
        sys.exit(EXIT["unknown"])
    if statuses - {"ok"}:
        sys.exit(EXIT["invalid"])


def dry_run_option(fn: F) -> F:
    return click.option("--dry-run", is_flag=True, help="Show what would be sent and send nothing.")(fn)


def change(dry_run: bool, action: str, params: Any, call: Callable[[], Any], columns: list[str] | None = None) -> None:
    """Send a create or update, or with ``--dry-run`` print what would be sent (secrets masked)."""
    if dry_run:
        emit({"dry_run": True, "action": action, "would_send": params})
        return
    emit(call(), columns)


def dry_runnable(fn: F) -> F:
    """``--dry-run`` for a command that changes something: print what it would do with which arguments."""

    @functools.wraps(fn)
    def wrapper(*args: Any, dry_run: bool = False, **kwargs: Any) -> Any:
        if dry_run:
            name = click.get_current_context().info_name
            emit({"dry_run": True, "action": name, "would_send": kwargs})
            return None
        return fn(*args, **kwargs)

    return dry_run_option(wrapper)  # type: ignore[return-value]
