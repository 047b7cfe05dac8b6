"""``mpnb backups list|show|restore`` (and ``mpnb restore FILE``): the backups every delete writes first.

Backups live in ``$MPNB_HOME/backups`` as JSON-lines files; ``restore`` recreates what one holds through
``Workspace.restore`` (new ids: Mixpanel cannot bring an old id back) and prints one row per entity.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from mpnb._families import REGISTRY
from mpnb.cli._common import (
    Progress,
    common_options,
    exit_code_of_rows,
    get_workspace,
    handle_errors,
    parse_ids,
    progress,
)
from mpnb.cli._output import emit
from mpnb.cli._run import confirm_or_exit
from mpnb.errors import InputError

__all__ = ["group", "restore_command"]


def _folder() -> Path:
    from mpnb._backup import Backups

    return Backups().folder


def _complete_files(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from click.shell_completion import CompletionItem

    try:
        names = [p.name for p in _folder().iterdir() if p.name.startswith(incomplete)]
    except OSError:
        return []
    return [CompletionItem(n) for n in sorted(names)]


def _load(file: str) -> Any:
    """A backup by path, or by file name inside the backups folder."""
    from mpnb._backup import Backup

    path = Path(file)
    if not path.exists() and (_folder() / file).exists():
        path = _folder() / file
    if not path.exists():
        raise InputError(f"no backup file {file}; `mpnb backups list` shows them", field="file")
    try:
        return Backup.load(path)
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path} is not an mpnb backup ({exc})", field="file") from None


def _row(backup: Any) -> dict[str, Any]:
    return {
        "file": Path(backup.path).name,
        "family": backup.family,
        "target": backup.target,
        "entities": len(backup.records),
        "with_them": sum(len(v) for v in backup.cascades.values()) + len(backup.dependants),  # as `show` lists
        "taken_at": backup.taken_at,
        "path": backup.path,
    }


@click.group("backups")
def group() -> None:
    """Backups written before every delete: list, show and restore them."""


@group.command("list")
@click.option("--family", type=click.Choice(REGISTRY.names), default=None, help="Only backups of this family.")
@common_options
@handle_errors
def list_(family: str | None) -> None:
    """List backups, oldest first."""
    from mpnb._backup import Backups

    rows = []
    for path in Backups().list(family):
        try:
            rows.append(_row(_load(str(path))))
        except InputError as exc:
            click.echo(f"warning: skipped {path.name}: {exc}", err=True)
    emit(rows, ["file", "family", "entities", "with_them", "target", "taken_at"])


@group.command("show")
@click.argument("file", shell_complete=_complete_files)
@common_options
@handle_errors
def show(file: str) -> None:
    """The entities a backup holds, one row each (what was deleted, and what went with it)."""
    backup = _load(file)
    rows = []
    for line in backup.lines()[1:]:
        record = line.get("record") or line.get("dependant") or {}
        name = record.get("name") or record.get("title") or record.get("description")
        rows.append({"family": line["family"], "role": line["role"], "id": record.get("id"), "name": name})
    emit(rows, ["family", "role", "id", "name"])


def _restore(file: str, ids: str | None, yes: bool, dry_run: bool) -> None:
    backup = _load(file)
    ws = get_workspace()
    kwargs: dict[str, Any] = {}
    if ids is not None:
        kind = int if REGISTRY.get(backup.family).id_kind == "int" else str
        kwargs["ids"] = parse_ids(ids, kind=kind)
    if dry_run:
        emit(_dry_rows(backup, kwargs.get("ids")), ["family", "id", "role", "action", "of"])
        return
    confirm_or_exit(ws, f"restore {len(backup.records)} {backup.family} from {Path(str(backup.path)).name}", yes)
    total = len(backup.records) + sum(len(v) for v in backup.cascades.values()) + len(backup.dependants)
    run = Progress(
        total, f"restore of {Path(str(backup.path)).name}", str(_folder()), request_count=lambda: ws.request_count
    )
    with progress(run):
        result = ws.restore(backup, progress=sys.stderr.isatty(), **kwargs)  # no bar drawn into a file or pipe
    emit(result.rows, ["family", "old_id", "new_id", "status", "lost"])
    code = exit_code_of_rows([str(r.get("status")) for r in result.rows], [str(r.get("detail")) for r in result.rows])
    if code:
        sys.exit(code)


def _dry_rows(backup: Any, wanted: list[Any] | None) -> list[dict[str, Any]]:
    """What a restore would do, row for row as it reports: the entities and what went with them (recreated),
    and the dependants (re-linked, placed back or listed)."""
    rows: list[dict[str, Any]] = []
    held = {(fam, r.get("id")) for fam, rs in [(backup.family, backup.records), *backup.cascades.items()] for r in rs}
    for line in backup.lines()[1:]:
        if "record" in line:
            rid = line["record"].get("id")
            if line["role"] == "deleted" and wanted is not None and rid not in wanted:
                continue
            rows.append({"family": line["family"], "id": rid, "role": line["role"], "action": "recreate", "of": None})
        elif "dependant" in line:
            d = line["dependant"]
            if (d.get("family"), d.get("id")) in held:
                continue  # cascaded and listed as a dependant: restored once, as an entity
            if wanted is not None and d.get("of_family") == backup.family and d.get("of_id") not in wanted:
                continue
            of = f"{d.get('of_family')} {d.get('of_id')}" if d.get("of_id") is not None else None
            rows.append(
                {
                    "family": d.get("family"),
                    "id": d.get("id"),
                    "role": "dependant",
                    "action": d.get("restore"),
                    "of": of,
                }
            )
    return rows


_FILE = click.argument("file", shell_complete=_complete_files)
_IDS = click.option("--ids", default=None, help="Comma-separated ids of the backup to restore (default: all).")
_YES = click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation on real Mixpanel.")
_DRY = click.option("--dry-run", is_flag=True, help="List what would be recreated and send nothing.")


@group.command("restore")
@_FILE
@_IDS
@_YES
@_DRY
@common_options
@handle_errors
def restore(file: str, ids: str | None, yes: bool, dry_run: bool) -> None:
    """Recreate what a backup holds (they get new ids); FILE is a path or a name from `backups list`."""
    _restore(file, ids, yes, dry_run)


@click.command("restore")
@_FILE
@_IDS
@_YES
@_DRY
@common_options
@handle_errors
def restore_command(file: str, ids: str | None, yes: bool, dry_run: bool) -> None:
    """Recreate what a backup holds (the same as `mpnb backups restore`)."""
    _restore(file, ids, yes, dry_run)
