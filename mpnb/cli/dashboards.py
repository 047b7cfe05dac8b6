"""``mpnb dashboards ...``: boards, their cards, blueprints and root-cause-analysis boards."""

from __future__ import annotations

import click

import mpnb as mp
from mpnb.cli._common import (
    common_options,
    emit,
    get_workspace,
    handle_errors,
    id_argument,
    ids_argument,
    params_or_exit,
    parse_ids,
    parse_json,
    resolve_ids,
)
from mpnb.cli._output import list_options
from mpnb.cli._run import change, confirm_or_exit, delete_options, dry_run_option, dry_runnable, get_each, run_delete

__all__ = ["group"]

COLUMNS = ["id", "title", "description", "is_private", "is_favorited", "modified"]


@click.group("dashboards")
def group() -> None:
    """Dashboards (boards), their report and text cards, blueprints and RCA boards."""


@group.command("list")
@click.option("--ids", default=None, help="Comma-separated ids.")
@list_options
@common_options
@handle_errors
def list_(ids: str | None) -> None:
    """List boards."""
    from mpnb.cli._stream import stream_list

    stream_list(get_workspace(), "dashboards", {"ids": parse_ids(ids)}, COLUMNS)


@group.command("create")
@click.option("--title", required=True, help="The board's title.")
@click.option("--description", default=None, help="Free text under the title.")
@click.option("--private/--no-private", default=None, help="Only you can see it.")
@click.option("--restricted/--no-restricted", default=None, help="Others can see it but not edit it.")
@click.option("--duplicate", type=int, default=None, help="Copy this board.")
@dry_run_option
@common_options
@handle_errors
def create(
    title: str,
    description: str | None,
    private: bool | None,
    restricted: bool | None,
    duplicate: int | None,
    dry_run: bool,
) -> None:
    """Create a board."""
    params = params_or_exit(
        mp.CreateDashboardParams,
        title=title,
        description=description,
        is_private=private,
        is_restricted=restricted,
        duplicate=duplicate,
    )
    change(dry_run, "create", params, lambda: get_workspace().create_dashboard(params), COLUMNS)


@group.command("get")
@ids_argument("dashboard_ids", "dashboards")
@common_options
@handle_errors
def get(dashboard_ids: tuple[str, ...]) -> None:
    """One or more: board with its layout and contents."""
    ws = get_workspace()
    get_each(resolve_ids(dashboard_ids, kind=int), lambda i: ws.get_dashboard(i), COLUMNS)


@group.command("update")
@id_argument("dashboard_id", "dashboards")
@click.option("--title", default=None, help="New title.")
@click.option("--description", default=None, help="New description.")
@click.option("--private/--no-private", default=None, help="Only you can see it.")
@click.option("--restricted/--no-restricted", default=None, help="Others can see it but not edit it.")
@dry_run_option
@common_options
@handle_errors
def update(
    dashboard_id: int,
    title: str | None,
    description: str | None,
    private: bool | None,
    restricted: bool | None,
    dry_run: bool,
) -> None:
    """Change a board's title, description or visibility."""
    params = params_or_exit(
        mp.UpdateDashboardParams,
        title=title,
        description=description,
        is_private=private,
        is_restricted=restricted,
    )
    change(dry_run, "update", params, lambda: get_workspace().update_dashboard(dashboard_id, params), COLUMNS)


@group.command("delete")
@ids_argument("dashboard_ids", "dashboards")
@delete_options
@common_options
@handle_errors
def delete(dashboard_ids: tuple[str, ...], yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete a board and, as Mixpanel does, the reports saved to it; a backup is written first."""
    run_delete(
        "dashboards",
        resolve_ids(dashboard_ids, kind=int),
        lambda ws, ids: [ws.delete_dashboard(i) for i in ids],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
        cascade="the reports saved to it are deleted too",
    )


@group.command("bulk-delete")
@click.option("--ids", required=True, help="Comma-separated ids.")
@delete_options
@common_options
@handle_errors
def bulk_delete(ids: str, yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete several boards in one request (with the reports saved to them); a backup is written first."""
    run_delete(
        "dashboards",
        parse_ids(ids) or [],
        lambda ws, idl: ws.bulk_delete_dashboards(idl, confirm=True),
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
        cascade="the reports saved to them are deleted too",
    )


def _toggle(name: str, method: str, doc: str) -> None:
    @group.command(name, help=doc)
    @id_argument("dashboard_id", "dashboards")
    @common_options
    @handle_errors
    @dry_runnable
    def command(dashboard_id: int) -> None:
        getattr(get_workspace(), method)(dashboard_id)
        emit({"dashboard_id": dashboard_id, "done": name})


_toggle("favorite", "favorite_dashboard", "Favorite a board.")
_toggle("unfavorite", "unfavorite_dashboard", "Unfavorite a board.")
_toggle("pin", "pin_dashboard", "Pin a board.")
_toggle("unpin", "unpin_dashboard", "Unpin a board.")


@group.command("add-report")
@id_argument("dashboard_id", "dashboards")
@id_argument("bookmark_id", "reports")
@common_options
@handle_errors
@dry_runnable
def add_report(dashboard_id: int, bookmark_id: int) -> None:
    """Put a report on a board (Mixpanel places a linked copy)."""
    emit(get_workspace().add_report_to_dashboard(dashboard_id, bookmark_id), COLUMNS)


@group.command("remove-report")
@id_argument("dashboard_id", "dashboards")
@id_argument("bookmark_id", "reports")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation on real Mixpanel.")
@common_options
@handle_errors
@dry_runnable
def remove_report(dashboard_id: int, bookmark_id: int, yes: bool) -> None:
    """Take a report (or its linked copy) off a board; on the report's own board this deletes the report."""
    ws = get_workspace()
    what = f"take report {bookmark_id} off board {dashboard_id} (on its own board the report is deleted)"
    confirm_or_exit(ws, what, yes)
    emit(ws.remove_report_from_dashboard(dashboard_id, bookmark_id), COLUMNS)


@group.command("blueprints")
@click.option("--include-reports", is_flag=True, help="Also list each template's reports.")
@common_options
@handle_errors
def blueprints(include_reports: bool) -> None:
    """Blueprint templates."""
    emit(
        get_workspace().list_blueprint_templates(include_reports=include_reports),
        ["name", "title_key", "number_of_reports"],
    )


@group.command("blueprint-create")
@click.argument("template_type")
@common_options
@handle_errors
@dry_runnable
def blueprint_create(template_type: str) -> None:
    """Create a board from a template, e.g. product_analytics."""
    emit(get_workspace().create_blueprint(template_type), COLUMNS)


@group.command("blueprint-config")
@id_argument("dashboard_id", "dashboards")
@common_options
@handle_errors
def blueprint_config(dashboard_id: int) -> None:
    """A blueprint board's variables and cards."""
    emit(get_workspace().get_blueprint_config(dashboard_id))


@group.command("blueprint-finish")
@id_argument("dashboard_id", "dashboards")
@click.option("--cards", default=None, help="JSON list of cards; default: the board's current cards.")
@common_options
@handle_errors
@dry_runnable
def blueprint_finish(dashboard_id: int, cards: str | None) -> None:
    """Finish a blueprint board."""
    ws = get_workspace()
    chosen = parse_json(cards, "--cards", kind=list)
    if chosen is None:
        chosen = ws.get_blueprint_config(dashboard_id).cards
    emit(ws.finalize_blueprint(mp.BlueprintFinishParams(dashboard_id=dashboard_id, cards=chosen)), COLUMNS)


@group.command("blueprint-cohorts")
@click.option("--cohorts", required=True, help='JSON list, e.g. [{"placeholder": "new_users", "cohort_id": 42}].')
@common_options
@handle_errors
@dry_runnable
def blueprint_cohorts(cohorts: str) -> None:
    """Map blueprint cohort placeholders to cohorts."""
    get_workspace().update_blueprint_cohorts(parse_json(cohorts, "--cohorts", kind=list))
    emit({"updated": True})


@group.command("rca")
@click.option("--source-id", type=int, required=True, help="The id of what is analysed (e.g. an alert).")
@click.option("--source-data", required=True, help='JSON object, e.g. {"type": "anomaly"}.')
@common_options
@handle_errors
@dry_runnable
def rca(source_id: int, source_data: str) -> None:
    """Create a root-cause-analysis board."""
    data = parse_json(source_data, "--source-data", kind=dict)
    params = mp.CreateRcaDashboardParams(rca_source_id=source_id, rca_source_data=mp.RcaSourceData(**data))
    emit(get_workspace().create_rca_dashboard(params), COLUMNS)


@group.command("erf")
@id_argument("dashboard_id", "dashboards")
@common_options
@handle_errors
def erf(dashboard_id: int) -> None:
    """A board's ERF metrics."""
    emit(get_workspace().get_dashboard_erf(dashboard_id))


@group.command("update-report-link")
@id_argument("dashboard_id", "dashboards")
@click.argument("report_link_id", type=int)
@click.option("--type", "link_type", required=True, help="How the card links to its report, e.g. embedded.")
@common_options
@handle_errors
@dry_runnable
def update_report_link(dashboard_id: int, report_link_id: int, link_type: str) -> None:
    """Change how a report card links."""
    get_workspace().update_report_link(dashboard_id, report_link_id, mp.UpdateReportLinkParams(link_type=link_type))
    emit({"dashboard_id": dashboard_id, "report_link_id": report_link_id, "type": link_type})


@group.command("update-text-card")
@id_argument("dashboard_id", "dashboards")
@click.argument("text_card_id", type=int)
@click.option("--markdown", required=True, help="The card's new text, in Markdown.")
@common_options
@handle_errors
@dry_runnable
def update_text_card(dashboard_id: int, text_card_id: int, markdown: str) -> None:
    """Replace a text card's content."""
    get_workspace().update_text_card(dashboard_id, text_card_id, mp.UpdateTextCardParams(markdown=markdown))
    emit({"dashboard_id": dashboard_id, "text_card_id": text_card_id, "updated": True})
