"""``mpnb <family> export`` and ``mpnb <family> apply FILE``: the frames journey from the shell.

``export`` writes the family as CSV (default) or JSON for editing (``table`` and ``ids`` are for reading).
``apply`` reads an edited CSV or JSON export (told apart by its first character), compares it with one
fresh read (a row whose ``modified`` moved since the export is a conflict), prints the plan (text, or
JSON with ``--format json``), and applies it with ``--yes`` or after a typed ``yes`` on a terminal.
Without either nothing is sent and it exits 8; Ctrl-C says how far it got and exits 130. Registered on
every family's group by ``mpnb/cli/__init__.py``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from mpnb.cli import _run
from mpnb.cli._common import EXIT, Progress, common_options, get_workspace, handle_errors, parse_ids, progress
from mpnb.cli._output import emit, fmt, plain, utc_text
from mpnb.errors import InputError

__all__ = ["add_frame_commands", "records_to_csv"]


def _interactive() -> bool:
    """A person at a terminal can type yes (tests replace this, or ``mpnb.cli._run.interactive``)."""
    return _run.interactive()


def _records(df: Any) -> list[dict[str, Any]]:
    from mpnb.frames import plain as cell

    return [dict(id=cell(i), **{str(k): cell(v) for k, v in row.items()}) for i, row in df.iterrows()]


def _utc_columns(df: Any) -> Any:
    """Zoned datetime columns as ``...Z`` text (``+00:00`` otherwise), the CLI's one date style.

    Columns the server sends without a zone stay as they are: ``apply`` compares them with a fresh read,
    and a zone added here would read back as a different value (a false conflict).
    """
    import pandas as pd

    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = [None if pd.isna(v) else utc_text(v.to_pydatetime()) for v in out[col]]
    return out


def _quoted(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (dict, list)):
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    else:
        text = str(value)
    return '"' + text.replace('"', '""') + '"'


def records_to_csv(records: Any) -> str:
    """A JSON export (an array of objects) as the CSV dialect ``apply`` reads: null stays null, "" stays ""."""
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise InputError(
            "a JSON file for apply must be an array of objects, as `export --format json` writes", field="file"
        )
    header = list(dict.fromkeys(["id", *(k for r in records for k in r)]))
    lines = [",".join(header)]
    for r in records:
        lines.append(",".join(_quoted(r.get(c)) if c != "id" else _id_cell(r.get("id")) for c in header))
    return "\n".join(lines) + "\n"


def _id_cell(value: Any) -> str:
    if value is None:
        return ""
    return _quoted(value) if isinstance(value, str) else str(value)


def read_file(text: str, spec: Any) -> Any:
    """A frame from CSV or JSON text (JSON when it starts with ``[``)."""
    from mpnb.frames import read_csv

    body = text.lstrip("\ufeff").lstrip()
    if body.startswith("["):
        try:
            records = json.loads(body)
        except json.JSONDecodeError as exc:
            raise InputError(f"the file is not valid JSON ({exc.msg}, line {exc.lineno})", field="file") from None
        return read_csv(records_to_csv(records), spec)
    return read_csv(text, spec)


def _plan_json(plan: Any) -> dict[str, Any]:
    out: dict[str, Any] = plain(
        {
            "family": plan.family,
            "target": plan.target,
            "counts": plan.counts(),
            "changes": [
                {"id": c.id, "field": c.field, "before": c.before, "after": c.after, "conflict": False}
                for c in plan.changes
            ]
            + [
                {"id": c.id, "field": c.field, "before": c.before, "after": c.after, "conflict": True}
                for c in plan.conflicts
            ],
            "creates": [c.fields for c in plan.creates],
            "deletes": [{"id": d.id, "action": d.action} for d in plan.deletes],
            "already_gone": list(plan.gone),
            "cascades": {k: len(v) for k, v in plan.cascades.items()},
            "invalid": [{"id": k, "error": v} for k, v in plan.invalid.items()],
            "notes": list(plan.notes),
        }
    )
    return out


def add_frame_commands(group: click.Group, family: str) -> None:
    """Add ``export`` and ``apply`` to ``group`` (the click group of ``family``)."""

    @group.command("export")
    @common_options
    @handle_errors
    def export() -> None:
        """Write every entity of the family for editing and `apply`: CSV (default) or JSON."""
        from mpnb.frames import write_csv

        df = _utc_columns(getattr(get_workspace(), family).frame())
        chosen = fmt("csv")
        if chosen == "csv":
            click.echo(write_csv(df), nl=False)
        elif chosen == "json":
            click.echo(json.dumps(_records(df), indent=1, ensure_ascii=False))
        else:
            emit(_records(df), ["id", "name", "title", "description", "modified"], default_format="csv")

    for param in export.params:
        if param.name == "fmt" and isinstance(param, click.Option):
            param.help = "csv (default) or json: files for apply; table or ids: for reading."

    @group.command("apply")
    @click.argument("file", type=click.File("r", encoding="utf-8"))
    @click.option("--yes", "-y", is_flag=True, help="Apply without asking (needed when there is no terminal).")
    @click.option("--dry-run", is_flag=True, help="Print the plan and send nothing (exit 0).")
    @click.option("--delete", "delete_ids", default=None, help="Comma-separated ids to delete.")
    @click.option("--delete-column", default=None, help="A true/false column of the file marking rows to delete.")
    @click.option("--overwrite", is_flag=True, help="Also send changes to rows the server changed since the export.")
    @click.option("--no-archive", is_flag=True, help="Delete flags and experiments instead of archiving them.")
    @click.option("--batch-size", type=click.IntRange(min=1), default=None, help="Entities per bulk request.")
    @click.option(
        "--allow-mass-delete",
        is_flag=True,
        help="Needed to delete more than 100 rows or more than a tenth of the family in one apply.",
    )
    @click.option(
        "--plan-out",
        type=click.Path(dir_okay=False, writable=True),
        default=None,
        help="Also write the whole plan (every row, not the printed sample) to this CSV file.",
    )
    @click.option(
        "--concurrency",
        type=click.IntRange(min=1),
        default=None,
        help="Requests in flight where there is no bulk endpoint.",
    )
    @common_options
    @handle_errors
    def apply(
        file: Any,
        yes: bool,
        dry_run: bool,
        delete_ids: str | None,
        delete_column: str | None,
        overwrite: bool,
        no_archive: bool,
        batch_size: int | None,
        allow_mass_delete: bool,
        plan_out: str | None,
        concurrency: int | None,
    ) -> None:
        """Show what applying FILE (an edited CSV or JSON export) would change, then apply it."""
        from mpnb.frames import make_plan, spec_for, write_csv

        spec = spec_for(family)
        df = read_file(file.read(), spec)
        ws = get_workspace()
        delete: Any = delete_column or parse_ids(delete_ids, "--delete", kind=spec.id_type)
        plan = make_plan(ws, spec, df, delete=delete, overwrite=overwrite, archive=not no_archive, baseline="fresh")
        as_json = fmt("table") == "json"
        if not as_json:
            click.echo(repr(plan))
        if plan_out:
            click.echo(f"the whole plan: {plan.to_csv(plan_out)}", err=True)

        def finish(code: int, result: Any = None) -> None:
            """With --format json, one document: the plan, whether it was applied, one result row per entity."""
            if as_json:
                rows = None if result is None else _records(result.set_index("id"))
                doc = {"plan": _plan_json(plan), "applied": result is not None, "results": rows}
                click.echo(json.dumps(plain(doc), indent=2, ensure_ascii=False))
            elif result is not None:
                click.echo(write_csv(result.set_index("id")), nl=False)
            if code:
                sys.exit(code)

        if plan.is_empty:
            if plan.conflicts or plan.invalid:
                click.echo(
                    f"nothing applied: {len(plan.conflict_ids)} conflict and {len(plan.invalid)} invalid rows "
                    "(re-export, or --overwrite to force)",
                    err=True,
                )
                return finish(EXIT["error"])
            return finish(EXIT["ok"])
        if dry_run:
            click.echo("dry run: nothing sent", err=True)
            return finish(EXIT["ok"])
        if plan.mass_delete and not allow_mass_delete:
            deleting = sum(1 for d in plan.deletes if d.action == "delete")
            click.echo(
                f"not applied: this deletes {deleting} of {plan.family_size} {family}; check the plan, then pass "
                "--allow-mass-delete",
                err=True,
            )
            return finish(EXIT["not_applied"])
        if not yes:
            if not _interactive():
                click.echo("not applied: pass --yes to apply (no terminal to confirm on)", err=True)
                return finish(EXIT["not_applied"])
            answer = click.prompt(f"apply to {plan.target}? type yes", default="", show_default=False, err=True)
            if str(answer).strip().lower() != "yes":
                click.echo("not applied: not confirmed", err=True)
                return finish(EXIT["not_applied"])
        total = len(plan.creates) + len(plan.updates) + len(plan.deletes)
        run = Progress(total, f"{family} apply", str(ws.backups.folder), request_count=lambda: ws.request_count)
        with progress(run):
            result = plan.apply(
                confirm=True,
                batch_size=batch_size,
                concurrency=concurrency,
                progress=sys.stderr.isatty(),
                allow_mass_delete=allow_mass_delete,
            )
        from mpnb.frames import results_text

        click.echo(results_text(result, str(plan.target)), err=True)
        if plan.deletes:
            click.echo(f"backups: {ws.backups.folder}", err=True)
        statuses = set(result["status"])
        code = EXIT["unknown"] if "unknown" in statuses else EXIT["error"] if statuses - {"ok"} else EXIT["ok"]
        return finish(code, result)

    for param in apply.params:
        if param.name == "fmt" and isinstance(param, click.Option):
            param.help = "json: one document (plan, applied, results); otherwise a text plan, then CSV results."
