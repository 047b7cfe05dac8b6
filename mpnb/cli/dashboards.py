"""``mpnb dashboards ...``: boards, their cards, blueprints and RCA boards."""

from __future__ import annotations

import click

import mpnb as mp
from mpnb.cli._common import (
    common_options,
    emit,
    get_workspace,
    handle_errors,
    params_or_exit,
    parse_ids,
    parse_json,
    run_delete,
)

__all__ = ["group"]

COLUMNS = ["id", "title", "description", "is_private", "is_favorited", "modified"]


@click.group("dashboards")
def group() -> None:
    """Dashboards (boards), their report and text cards, blueprints and RCA boards."""


@group.command("list")
@click.option("--ids", default=None, help="Comma-separated ids.")
@common_options
@handle_errors
def list_(ids: str | None) -> None:
    """List boards."""
    emit(get_workspace().list_dashboards(ids=parse_ids(ids)), COLUMNS)


@group.command("create")
@click.option("--title", required=True)
@click.option("--description", default=None)
@click.option("--private/--no-private", default=None)
@click.option("--restricted/--no-restricted", default=None)
@click.option("--duplicate", type=int, default=None, help="Copy this board.")
@common_options
@handle_errors
def create(
    title: str, description: str | None, private: bool | None, restricted: bool | None, duplicate: int | None
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
    emit(get_workspace().create_dashboard(params), COLUMNS)


@group.command("get")
@click.argument("dashboard_id", type=int)
@common_options
@handle_errors
def get(dashboard_id: int) -> None:
    """One board with its layout and contents."""
    emit(get_workspace().get_dashboard(dashboard_id), COLUMNS)


@group.command("update")
@click.argument("dashboard_id", type=int)
@click.option("--title", default=None)
@click.option("--description", default=None)
@click.option("--private/--no-private", default=None)
@click.option("--restricted/--no-restricted", default=None)
@common_options
@handle_errors
def update(
    dashboard_id: int,
    title: str | None,
    description: str | None,
    private: bool | None,
    restricted: bool | None,
) -> None:
    """Change a board's title, description or visibility."""
    params = params_or_exit(
        mp.UpdateDashboardParams,
        title=title,
        description=description,
        is_private=private,
        is_restricted=restricted,
    )
    emit(get_workspace().update_dashboard(dashboard_id, params), COLUMNS)


@group.command("delete")
@click.argument("dashboard_id", type=int)
@common_options
@handle_errors
def delete(dashboard_id: int) -> None:
    """Delete a board (and, as Mixpanel does, the reports saved to it); a backup is written first."""
    run_delete("dashboards", [dashboard_id], lambda ws: ws.delete_dashboard(dashboard_id))


@group.command("bulk-delete")
@click.option("--ids", required=True, help="Comma-separated ids.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation on real Mixpanel.")
@common_options
@handle_errors
def bulk_delete(ids: str, yes: bool) -> None:
    """Delete several boards in one request; a backup is written first."""
    idl = parse_ids(ids) or []
    run_delete("dashboards", idl, lambda ws: ws.bulk_delete_dashboards(idl, confirm=True), bulk=True, yes=yes)


def _toggle(name: str, method: str, doc: str) -> None:
    @group.command(name, help=doc)
    @click.argument("dashboard_id", type=int)
    @common_options
    @handle_errors
    def command(dashboard_id: int) -> None:
        getattr(get_workspace(), method)(dashboard_id)
        emit({"dashboard_id": dashboard_id, "done": name})


_toggle("favorite", "favorite_dashboard", "Favorite a board.")
_toggle("unfavorite", "unfavorite_dashboard", "Unfavorite a board.")
_toggle("pin", "pin_dashboard", "Pin a board.")
_toggle("unpin", "unpin_dashboard", "Unpin a board.")


@group.command("add-report")
@click.argument("dashboard_id", type=int)
@click.argument("bookmark_id", type=int)
@common_options
@handle_errors
def add_report(dashboard_id: int, bookmark_id: int) -> None:
    """Put a report on a board (Mixpanel places a linked copy)."""
    emit(get_workspace().add_report_to_dashboard(dashboard_id, bookmark_id), COLUMNS)


@group.command("remove-report")
@click.argument("dashboard_id", type=int)
@click.argument("bookmark_id", type=int)
@common_options
@handle_errors
def remove_report(dashboard_id: int, bookmark_id: int) -> None:
    """Take a report (or its linked copy) off a board."""
    emit(get_workspace().remove_report_from_dashboard(dashboard_id, bookmark_id), COLUMNS)


@group.command("blueprints")
@click.option("--include-reports", is_flag=True)
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
def blueprint_create(template_type: str) -> None:
    """Create a board from a template, e.g. product_analytics."""
    emit(get_workspace().create_blueprint(template_type), COLUMNS)


@group.command("blueprint-config")
@click.argument("dashboard_id", type=int)
@common_options
@handle_errors
def blueprint_config(dashboard_id: int) -> None:
    """A blueprint board's variables and cards."""
    emit(get_workspace().get_blueprint_config(dashboard_id))


@group.command("blueprint-finish")
@click.argument("dashboard_id", type=int)
@click.option("--cards", default=None, help="JSON list of cards; default: the board's current cards.")
@common_options
@handle_errors
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
def blueprint_cohorts(cohorts: str) -> None:
    """Map blueprint cohort placeholders to cohorts."""
    get_workspace().update_blueprint_cohorts(parse_json(cohorts, "--cohorts", kind=list))
    emit({"updated": True})


@group.command("rca")
@click.option("--source-id", type=int, required=True)
@click.option("--source-data", required=True, help='JSON object, e.g. {"type": "anomaly"}.')
@common_options
@handle_errors
def rca(source_id: int, source_data: str) -> None:
    """Create a root-cause-analysis board."""
    data = parse_json(source_data, "--source-data", kind=dict)
    params = mp.CreateRcaDashboardParams(rca_source_id=source_id, rca_source_data=mp.RcaSourceData(**data))
    emit(get_workspace().create_rca_dashboard(params), COLUMNS)


@group.command("erf")
@click.argument("dashboard_id", type=int)
@common_options
@handle_errors
def erf(dashboard_id: int) -> None:
    """A board's ERF metrics."""
    emit(get_workspace().get_dashboard_erf(dashboard_id))


@group.command("update-report-link")
@click.argument("dashboard_id", type=int)
@click.argument("report_link_id", type=int)
@click.option("--type", "link_type", required=True, help="e.g. embedded")
@common_options
@handle_errors
def update_report_link(dashboard_id: int, report_link_id: int, link_type: str) -> None:
    """Change how a report card links."""
    get_workspace().update_report_link(dashboard_id, report_link_id, mp.UpdateReportLinkParams(link_type=link_type))
    emit({"dashboard_id": dashboard_id, "report_link_id": report_link_id, "type": link_type})


@group.command("update-text-card")
@click.argument("dashboard_id", type=int)
@click.argument("text_card_id", type=int)
@click.option("--markdown", required=True)
@common_options
@handle_errors
def update_text_card(dashboard_id: int, text_card_id: int, markdown: str) -> None:
    """Replace a text card's content."""
    get_workspace().update_text_card(dashboard_id, text_card_id, mp.UpdateTextCardParams(markdown=markdown))
    emit({"dashboard_id": dashboard_id, "text_card_id": text_card_id, "updated": True})
