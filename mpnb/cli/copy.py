"""``mpnb copy``: copy or promote entities to another project (plan printed; ``--yes`` applies).

The target is the same credentials (or the same local sandbox) on ``--to-project-id``; ``mp.copy`` does the
work, so the plan, the id map, the journal that makes a re-run create nothing twice, and the per-row results
are the same as in Python.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from mpnb.cli._common import EXIT, cli_words, common_options, exit_code_of_rows, get_workspace, handle_errors
from mpnb.cli._output import emit, fmt, plain
from mpnb.cli._run import ask_or_exit

__all__ = ["group"]

RESULT_COLUMNS = ["family", "source_id", "name", "action", "status", "target_id", "error"]


def _list(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _ints(values: tuple[str, ...], option: str) -> list[int]:
    out = []
    for v in _list(values):
        if not v.isdigit():
            raise click.BadParameter(f"expected integer ids, got {v!r}", param_hint=option)
        out.append(int(v))
    return out


def _mapping(values: tuple[str, ...]) -> dict[str, dict[Any, Any]]:
    """``family:SOURCE=TARGET`` options -> ``{family: {source: target}}`` (integer ids where they look so)."""
    out: dict[str, dict[Any, Any]] = {}
    for item in values:
        family, sep, pair = item.partition(":")
        src, eq, dst = pair.partition("=")
        if not sep or not eq or not family or not src or not dst:
            raise click.BadParameter(f"expected FAMILY:SOURCE=TARGET, got {item!r}", param_hint="--map")
        out.setdefault(family, {})[int(src) if src.isdigit() else src] = int(dst) if dst.isdigit() else dst
    return out


@click.command("copy")
@click.option("--to-project-id", type=click.IntRange(min=1), required=True, help="The project to copy into.")
@click.option("--to-workspace-id", type=click.IntRange(min=1), default=None, help="A workspace in that project.")
@click.option("--to-region", type=click.Choice(["us", "eu", "in"]), default=None, help="Its region, if it differs.")
@click.option("--dashboards", multiple=True, help="Board ids (comma-separated): with their reports, cards, layout.")
@click.option("--reports", multiple=True, help="Report ids (their boards must exist in the target: see --map).")
@click.option("--cohorts", multiple=True, help="Cohort ids.")
@click.option("--flags", multiple=True, help="Flag keys or ids (created disabled in the target).")
@click.option("--experiments", multiple=True, help="Experiment names or ids (with their flag; created as drafts).")
@click.option("--alerts", multiple=True, help="Alert ids.")
@click.option("--include-alerts", is_flag=True, help="Also copy the alerts on every copied report.")
@click.option("--annotations", default=None, metavar="FROM:TO", help="Annotations between two dates (YYYY-MM-DD).")
@click.option("--no-follow", is_flag=True, help="Do not pull in what the selection references; list it instead.")
@click.option("--map", "maps", multiple=True, metavar="FAMILY:SOURCE=TARGET", help="Use an existing target entity.")
@click.option("--skip-unresolved", is_flag=True, help="Leave out entities whose references point outside the copy.")
@click.option("--overwrite", is_flag=True, help="Also update target entities changed since the last copy.")
@click.option("--yes", "-y", is_flag=True, help="Apply without asking (needed when there is no terminal).")
@click.option("--dry-run", is_flag=True, help="Print the plan and send nothing (exit 0).")
@common_options
@handle_errors
def group(
    to_project_id: int,
    to_workspace_id: int | None,
    to_region: str | None,
    dashboards: tuple[str, ...],
    reports: tuple[str, ...],
    cohorts: tuple[str, ...],
    flags: tuple[str, ...],
    experiments: tuple[str, ...],
    alerts: tuple[str, ...],
    include_alerts: bool,
    annotations: str | None,
    no_follow: bool,
    maps: tuple[str, ...],
    skip_unresolved: bool,
    overwrite: bool,
    yes: bool,
    dry_run: bool,
) -> None:
    """Copy entities (and what they need) to another project: the plan first, references remapped."""
    from mpnb.copying import copy

    span: tuple[str, str] | None = None
    if annotations is not None:
        start, sep, end = annotations.partition(":")
        if not sep or not start or not end:
            raise click.BadParameter("expected FROM:TO, e.g. 2025-01-01:2025-03-31", param_hint="--annotations")
        span = (start, end)
    src = get_workspace()
    region: Any = to_region  # us, eu or in (click checked it)
    dst = src.for_project(to_project_id, workspace_id=to_workspace_id, region=region)
    plan = copy(
        src,
        dst,
        dashboards=_ints(dashboards, "--dashboards"),
        reports=_ints(reports, "--reports"),
        cohorts=_ints(cohorts, "--cohorts"),
        flags=_list(flags),
        experiments=_list(experiments),
        alerts=_ints(alerts, "--alerts"),
        annotations=span,
        include_alerts=include_alerts,
        follow=not no_follow,
        mapping=_mapping(maps) or None,
        overwrite=overwrite,
        skip_unresolved=skip_unresolved,
    )
    as_json = fmt("table") == "json"

    def finish(code: int, result: Any = None) -> None:
        if as_json:
            doc = {
                "plan": plan.to_frame().to_dict("records"),
                "references": plan.refs_frame().to_dict("records"),
                "applied": result is not None,
                "results": None if result is None else result.to_frame().to_dict("records"),
            }
            click.echo(json.dumps(plain(doc), indent=2, ensure_ascii=False))
        elif result is not None:
            emit(result.to_frame().to_dict("records"), RESULT_COLUMNS, default_format="table")
        if code:
            sys.exit(code)

    if not as_json:  # the plan is the answer of a dry run; otherwise it is said on stderr, stdout keeps results
        click.echo(cli_words(repr(plan)), err=not dry_run)
    counts = plan.counts()
    if not (counts["create"] or counts["update"]):
        click.echo("nothing to send: the target already holds this copy", err=True)
        return finish(EXIT["ok"])
    if dry_run:
        click.echo("dry run: nothing sent", err=True)
        return finish(EXIT["ok"])
    if plan.unresolved:
        click.echo(
            "not applied: references point outside the copy; add --map FAMILY:SOURCE=TARGET, drop --no-follow, "
            "or pass --skip-unresolved",
            err=True,
        )
        return finish(EXIT["not_applied"])
    try:
        ask_or_exit(dst.target.label(), "copy", yes)
    except SystemExit:
        return finish(EXIT["not_applied"])
    result = plan.apply(confirm=True)
    click.echo(cli_words(repr(result)), err=True)
    rows = result.to_frame()
    statuses = [s for s in rows.status if s not in ("skipped", "left out")]  # shown, and left alone on purpose
    return finish(exit_code_of_rows(statuses, [str(e) for e in rows.get("error", [])]), result)
