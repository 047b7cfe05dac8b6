"""``mpnb <family> export`` and ``mpnb <family> apply FILE``: the frames journey from the shell.

``export`` writes the family as CSV (or JSON) to stdout. ``apply`` reads an edited file, compares it with
one fresh read (a row whose ``modified`` moved since the export is a conflict), prints the plan, and
applies it only with ``--yes`` or after a typed ``yes`` on a terminal. Registered on every family's group
by ``mpnb/cli/__init__.py``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from mpnb.cli._common import EXIT, common_options, get_workspace, handle_errors, parse_ids

__all__ = ["add_frame_commands"]


def _interactive() -> bool:
    """A person at a terminal can type yes (tests replace this)."""
    return sys.stdin.isatty()


def _fmt() -> str:
    return str((click.get_current_context().find_root().obj or {}).get("format") or "csv")


def add_frame_commands(group: click.Group, family: str) -> None:
    """Add ``export`` and ``apply`` to ``group`` (the click group of ``family``)."""

    @group.command("export")
    @common_options
    @handle_errors
    def export() -> None:
        """Write every entity of the family as CSV (default) or JSON, for editing and `apply`."""
        from mpnb.frames._compare import plain
        from mpnb.frames._csv import write_csv

        ws = get_workspace()
        df = getattr(ws, family).frame()
        if _fmt() == "json":
            records = [dict(id=plain(i), **{str(k): plain(v) for k, v in row.items()}) for i, row in df.iterrows()]
            click.echo(json.dumps(records, indent=1, ensure_ascii=False))
        else:
            click.echo(write_csv(df), nl=False)

    @group.command("apply")
    @click.argument("file", type=click.File("r", encoding="utf-8"))
    @click.option("--yes", is_flag=True, help="Apply without asking (needed when there is no terminal).")
    @click.option("--delete", "delete_ids", default=None, help="Comma-separated ids to delete.")
    @click.option("--delete-column", default=None, help="A true/false column of the file marking rows to delete.")
    @click.option("--overwrite", is_flag=True, help="Also send changes to rows the server changed since the export.")
    @click.option("--no-archive", is_flag=True, help="Delete flags and experiments instead of archiving them.")
    @click.option("--batch-size", type=int, default=None, help="Entities per bulk request.")
    @click.option("--concurrency", type=int, default=None, help="Requests in flight where there is no bulk endpoint.")
    @common_options
    @handle_errors
    def apply(
        file: Any,
        yes: bool,
        delete_ids: str | None,
        delete_column: str | None,
        overwrite: bool,
        no_archive: bool,
        batch_size: int | None,
        concurrency: int | None,
    ) -> None:
        """Show what applying FILE (an edited export) would change, then apply it."""
        from mpnb.frames._csv import read_csv
        from mpnb.frames._families import spec_for
        from mpnb.frames._plan import make_plan

        spec = spec_for(family)
        df = read_csv(file.read(), spec)
        ws = get_workspace()
        delete: Any = delete_column or parse_ids(delete_ids, "--delete")
        plan = make_plan(ws, spec, df, delete=delete, overwrite=overwrite, archive=not no_archive, baseline="fresh")
        click.echo(repr(plan))
        if plan.is_empty:
            if plan.conflicts or plan.invalid:
                click.echo(
                    f"nothing applied: {len(plan.conflict_ids)} conflict and {len(plan.invalid)} invalid rows "
                    "(re-export, or --overwrite to force)",
                    err=True,
                )
                sys.exit(EXIT["error"])
            return
        if not yes:
            if not _interactive():
                click.echo("not applied: pass --yes to apply (no terminal to confirm on)", err=True)
                return
            answer = click.prompt(f"apply to {plan.target}? type yes", default="", show_default=False)
            if str(answer).strip().lower() != "yes":
                click.echo("not applied", err=True)
                return
        result = plan.apply(confirm=True, batch_size=batch_size, concurrency=concurrency, progress=sys.stderr.isatty())
        from mpnb.frames._csv import write_csv

        click.echo(write_csv(result.set_index("id")), nl=False)
        statuses = set(result["status"])
        if "unknown" in statuses:
            sys.exit(EXIT["unknown"])
        if statuses - {"ok"}:
            sys.exit(EXIT["error"])
