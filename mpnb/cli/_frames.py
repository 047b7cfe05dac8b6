"""``mpnb <family> export`` and ``mpnb <family> apply FILE``: the frames journey from the shell.

``export`` writes the family as CSV (default) or JSON for editing (``table``, ``yaml`` and ``ids`` are for
reading; ``--columns`` picks columns, ``id`` always first in a file for apply). ``apply`` reads an edited CSV
or JSON export (``-`` for stdin; told apart by the first character), compares it with one fresh read (a row
whose ``modified`` moved since the export is a conflict) and applies it with ``--yes`` or after a typed
``yes`` on a terminal. Without either nothing is sent and it exits 8; Ctrl-C says how far it got and exits 130.

What goes where: stdout carries only the chosen format (``--format json``/``yaml``: one document with the
plan, whether it was applied and the results; ``csv``/``table``: the result rows, or with ``--dry-run`` the
plan's rows; ``-q``: ids); the text plan goes to stderr, except with ``--dry-run`` and no ``--format``,
where the plan is the answer. Registered on every family's group by ``mpnb/cli/__init__.py``.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import click

from mpnb.cli import _run
from mpnb.cli._common import (
    EXIT,
    Progress,
    cli_words,
    common_options,
    exit_code_of_rows,
    get_workspace,
    handle_errors,
    parse_ids,
    progress,
)
from mpnb.cli._export import export_rows, write_export
from mpnb.cli._files import decode_file, read_file
from mpnb.cli._output import chosen_format, emit, plain

__all__ = ["add_frame_commands", "plan_text"]


def _interactive() -> bool:
    """A person at a terminal can type yes (tests replace this, or ``mpnb.cli._run.interactive``)."""
    return _run.interactive()


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
                {"id": c.id, "field": c.field, "before": c.server, "after": c.after, "conflict": True}
                for c in plan.conflicts
            ],
            "creates": [c.fields for c in plan.creates],
            "deletes": [{"id": d.id, "action": d.action} for d in plan.deletes],
            "already_gone": list(plan.gone),
            "cascades": {k: len(v) for k, v in plan.cascades.items()},
            "invalid": [{"id": k, "error": v} for k, v in plan.invalid.items()],
            "notes": [cli_words(n) for n in plan.notes],
        }
    )
    return out


_CONCURRENCY_NOTE = re.compile(r"run \d+ at a time \(apply\(concurrency=N\) to change\)")
_TAKES = re.compile(r"applying takes ([\d,]+) requests")
_CONFLICT_READ = re.compile(r"(yours .*, server .*), read .*$", re.MULTILINE)


def plan_text(plan: Any, concurrency: int | None) -> str:
    """The plan as the library renders it, in the command line's words: options instead of Python arguments,
    the request count as the floor it is, a conflict as yours against the server's."""
    text = repr(plan)
    n = concurrency or plan.concurrency
    text = _CONCURRENCY_NOTE.sub(f"run {n} at a time (--concurrency N to change)", text)
    text = _TAKES.sub(r"applying takes at least \1 requests", text)
    text = _CONFLICT_READ.sub(r"\1", text)
    return cli_words(text)


def _records(df: Any) -> list[dict[str, Any]]:
    """Result rows as plain records, their messages in the command line's words."""
    from mpnb.frames import plain as cell

    cols = [str(c) for c in df.columns]
    values = [df[c].to_numpy(dtype=object) for c in df.columns]
    index = df.index.to_numpy(dtype=object)
    out = [dict(id=cell(index[i]), **{c: cell(v[i]) for c, v in zip(cols, values)}) for i in range(len(df))]
    for row in out:
        if isinstance(row.get("error"), str):
            row["error"] = cli_words(row["error"])
    return out


def add_frame_commands(group: click.Group, family: str) -> None:
    """Add ``export`` and ``apply`` to ``group`` (the click group of ``family``)."""

    @group.command("export")
    @common_options
    @handle_errors
    def export() -> None:
        """Write every entity of the family for editing and `apply`: CSV (default) or JSON."""
        write_export(family, export_rows(get_workspace(), family))

    for param in export.params:
        if param.name == "fmt" and isinstance(param, click.Option):
            param.help = "csv (default) or json: files for apply; table, yaml or ids: for reading."

    @group.command("apply")
    @click.argument("file", type=click.File("rb"))
    @click.option("--yes", "-y", is_flag=True, help="Apply without asking (needed when there is no terminal).")
    @click.option("--dry-run", is_flag=True, help="Print the plan and send nothing (exit 0).")
    @click.option("--delete", "delete_ids", default=None, help="Ids to delete (comma-separated, or - for stdin).")
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
        """Show what applying FILE (an edited CSV or JSON export; - for stdin) would change, then apply it."""
        from mpnb.frames import make_plan, spec_for

        spec = spec_for(family)
        given = getattr(file, "name", "-")
        name = "stdin" if given in ("<stdin>", "-") else str(given)
        df = read_file(decode_file(file.read(), name), spec)
        ws = get_workspace()
        delete: Any = delete_column or parse_ids(delete_ids, "--delete", kind=spec.id_type)
        plan = make_plan(ws, spec, df, delete=delete, overwrite=overwrite, archive=not no_archive, baseline="fresh")
        chosen = chosen_format()
        text = plan_text(plan, concurrency)
        if plan_out:
            click.echo(f"the whole plan: {plan.to_csv(plan_out)}", err=True)
        applied: dict[str, Any] = {"result": None}

        def finish(code: int) -> None:
            result = applied["result"]
            if chosen in ("json", "yaml"):
                rows = None if result is None else _records(result.set_index("id"))
                doc = {"plan": _plan_json(plan), "applied": result is not None, "results": rows}
                emit(doc)
            elif result is not None:
                emit(_records(result.set_index("id")), ["id", "action", "status", "error"], default_format="csv")
            elif chosen in ("csv", "table", "ids"):
                emit(plan.to_frame().to_dict("records"), None, default_format="csv")
            if code:
                sys.exit(code)

        # the plan is the answer when nothing will be sent (a dry run, an empty plan, no --yes and no terminal);
        # else it is said on stderr and stdout keeps the results
        answer = chosen is None and (dry_run or plan.is_empty or (not yes and not _interactive()))
        if chosen not in ("json", "yaml"):
            click.echo(text, err=not answer)
        if plan.is_empty:
            if plan.conflicts or plan.invalid:
                click.echo(
                    f"nothing applied: {len(plan.conflict_ids)} conflict and {len(plan.invalid)} invalid rows "
                    "(re-export, or --overwrite to send conflicting rows anyway)",
                    err=True,
                )
                return finish(EXIT["rate_limited"] if plan.conflicts else EXIT["invalid"])
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
            try:
                _ask(str(plan.target), f"apply this plan to {family}")
            except SystemExit:
                return finish(EXIT["not_applied"])
        total = len(plan.creates) + len(plan.updates) + len(plan.deletes)
        before = ws.request_count
        run = Progress(total, f"{family} apply", str(ws.backups.folder), request_count=lambda: ws.request_count)
        with progress(run):
            result = plan.apply(
                confirm=True,
                batch_size=batch_size,
                concurrency=concurrency,
                progress=sys.stderr.isatty(),
                allow_mass_delete=allow_mass_delete,
            )
        applied["result"] = result
        from mpnb.frames import results_text

        sent = ws.request_count - before
        click.echo(f"{results_text(result, str(plan.target))} {sent:,} requests sent.", err=True)
        if plan.deletes:
            click.echo(f"backups: {ws.backups.folder}", err=True)
        errors = [str(e) for e in result["error"] if e is not None]
        return finish(exit_code_of_rows([str(s) for s in result["status"]], errors))

    for param in apply.params:
        if param.name == "fmt" and isinstance(param, click.Option):
            param.help = (
                "json or yaml: one document (plan, applied, results); csv, table or ids: the results (with "
                "--dry-run, the plan's rows); the text plan goes to stderr"
            )


def _ask(label: str, what: str) -> None:
    """A typed ``yes`` at a terminal (the module's ``_interactive`` is what tests replace)."""
    if not _interactive():
        click.echo(f"not applied: pass --yes to {what} on {label} (no terminal to confirm on)", err=True)
        sys.exit(EXIT["not_applied"])
    answer = click.prompt(f"{what} on {label}: type yes to go ahead", default="", show_default=False, err=True)
    if str(answer).strip().lower() != "yes":
        click.echo(f"not applied: not confirmed ({what} on {label})", err=True)
        sys.exit(EXIT["not_applied"])
