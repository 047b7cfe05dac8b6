"""``mpnb alerts ...``: custom alerts on insights and funnels reports."""

from __future__ import annotations

from typing import Any

import click

import mpnb as mp
from mpnb.cli._common import (
    as_object,
    common_options,
    emit,
    emit_pages,
    get_workspace,
    handle_errors,
    id_argument,
    ids_argument,
    page_options,
    params_or_exit,
    parse_entries,
    parse_ids,
    parse_json,
    resolve_ids,
)
from mpnb.cli._output import fmt, list_options
from mpnb.cli._run import change, delete_options, dry_run_option, get_each, run_delete, run_each

__all__ = ["group"]

COLUMNS = ["id", "name", "bookmark", "frequency", "paused", "valid", "last_fired"]
PRESETS = {p.name.lower(): int(p) for p in mp.AlertFrequencyPreset}


def _frequency(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """Seconds, or a preset name: hourly, daily, weekly."""
    if value is None:
        return None
    text = value.strip().lower()
    if text in PRESETS:
        return PRESETS[text]
    try:
        return int(text)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is neither a number of seconds nor one of {', '.join(PRESETS)}", ctx, param
        ) from None


FREQ_HELP = "Seconds (3600, 86400, 604800) or hourly/daily/weekly."


@click.group("alerts")
def group() -> None:
    """Custom alerts on saved insights and funnels reports."""


@group.command("list")
@click.option("--bookmark-id", type=int, default=None, help="Only the alerts on this report.")
@click.option("--skip-user-filter", is_flag=True, default=None, help="Also alerts other people made.")
@list_options
@common_options
@handle_errors
def list_(bookmark_id: int | None, skip_user_filter: bool | None) -> None:
    """List alerts."""
    emit(get_workspace().list_alerts(bookmark_id=bookmark_id, skip_user_filter=skip_user_filter), COLUMNS)


def _alert_fields(condition: str | None, subscriptions: str | None, notification_windows: str | None) -> dict[str, Any]:
    return {
        "condition": parse_json(condition, "--condition", kind=dict),
        "subscriptions": parse_json(subscriptions, "--subscriptions", kind=list),
        "notification_windows": parse_json(notification_windows, "--notification-windows", kind=dict),
    }


@group.command("create")
@click.option("--bookmark-id", type=int, required=True, help="The insights or funnels report to watch.")
@click.option("--name", required=True, help="At most 50 characters.")
@click.option("--condition", required=True, help='JSON object, e.g. {"type": "absolute", "op": "<", "value": 100}.')
@click.option("--frequency", required=True, callback=_frequency, help=FREQ_HELP)
@click.option("--paused/--no-paused", default=False, show_default=True, help="Create it paused.")
@click.option("--subscriptions", default="[]", help='JSON list, e.g. [{"type": "email", "value": "me@example.com"}].')
@click.option("--notification-windows", default=None, help="JSON object.")
@dry_run_option
@common_options
@handle_errors
def create(
    bookmark_id: int,
    name: str,
    condition: str,
    frequency: int,
    paused: bool,
    subscriptions: str,
    notification_windows: str | None,
    dry_run: bool,
) -> None:
    """Create an alert on a report."""
    fields = _alert_fields(condition, subscriptions, notification_windows)
    params = params_or_exit(
        mp.CreateAlertParams, bookmark_id=bookmark_id, name=name, frequency=frequency, paused=paused, **fields
    )
    change(dry_run, "create", params, lambda: get_workspace().create_alert(params), COLUMNS)


@group.command("get")
@ids_argument("alert_ids", "alerts")
@common_options
@handle_errors
def get(alert_ids: tuple[str, ...]) -> None:
    """One or more: alert."""
    ws = get_workspace()
    get_each(resolve_ids(alert_ids, kind=int), lambda i: ws.get_alert(i), COLUMNS)


@group.command("update")
@id_argument("alert_id", "alerts")
@click.option("--name", default=None, help="New name (at most 50 characters).")
@click.option("--bookmark-id", type=int, default=None, help="Watch another report.")
@click.option("--condition", default=None, help="JSON object.")
@click.option("--frequency", default=None, callback=_frequency, help=FREQ_HELP)
@click.option("--paused/--no-paused", default=None, help="Pause or resume it.")
@click.option("--subscriptions", default=None, help="JSON list.")
@click.option("--notification-windows", default=None, help="JSON object.")
@dry_run_option
@common_options
@handle_errors
def update(
    alert_id: int,
    name: str | None,
    bookmark_id: int | None,
    condition: str | None,
    frequency: int | None,
    paused: bool | None,
    subscriptions: str | None,
    notification_windows: str | None,
    dry_run: bool,
) -> None:
    """Change the given fields of an alert."""
    fields = _alert_fields(condition, subscriptions, notification_windows)
    params = params_or_exit(
        mp.UpdateAlertParams, name=name, bookmark_id=bookmark_id, frequency=frequency, paused=paused, **fields
    )
    change(dry_run, "update", params, lambda: get_workspace().update_alert(alert_id, params), COLUMNS)


@group.command("delete")
@ids_argument("alert_ids", "alerts")
@delete_options
@common_options
@handle_errors
def delete(alert_ids: tuple[str, ...], yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete an alert; a backup is written first."""
    run_delete(
        "alerts",
        resolve_ids(alert_ids, kind=int),
        lambda ws, ids: [ws.delete_alert(i) for i in ids],
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
    )


@group.command("bulk-delete")
@click.option("--ids", required=True, help="Comma-separated ids.")
@delete_options
@common_options
@handle_errors
def bulk_delete(ids: str, yes: bool, dry_run: bool, ignore_missing: bool) -> None:
    """Delete several alerts in one request; a backup is written first."""
    idl = parse_ids(ids) or []
    run_delete(
        "alerts",
        idl,
        lambda ws, ids: ws.bulk_delete_alerts(ids, confirm=True),
        yes=yes,
        dry_run=dry_run,
        ignore_missing=ignore_missing,
    )


@group.command("bulk-update")
@click.option("--entries", required=True, help='JSON list, e.g. [{"id": 3, "paused": true}].')
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation on real Mixpanel.")
@dry_run_option
@common_options
@handle_errors
def bulk_update(entries: str, yes: bool, dry_run: bool) -> None:
    """Update several alerts (one request each: Mixpanel has no bulk update for alerts)."""
    by_id = {i: params_or_exit(mp.UpdateAlertParams, **f) for i, f in parse_entries(entries, int).items()}
    run_each("alerts", list(by_id), "update", lambda ws, i: ws.update_alert(i, by_id[i]), yes=yes, dry_run=dry_run)


@group.command("count")
@click.option("--type", "alert_type", default=None, help="Alert type to count (default: anomaly).")
@common_options
@handle_errors
def count(alert_type: str | None) -> None:
    """Anomaly alerts in use, the project's limit, and whether another fits."""
    emit(get_workspace().get_alert_count(alert_type=alert_type))


@group.command("history")
@id_argument("alert_id", "alerts")
@page_options
@common_options
@handle_errors
def history(alert_id: int, limit: int, all_pages: bool, cursor: str | None) -> None:
    """An alert's trigger history, newest first."""
    ws = get_workspace()

    def fetch(at: str | None, size: int) -> tuple[list[dict[str, Any]], str | None]:
        page = ws.get_alert_history(alert_id, page_size=size, next_cursor=at)
        more = page.pagination.cursor if page.pagination.has_more else None
        return [as_object(e) for e in page.data], more

    emit_pages(fetch, limit=limit, all_pages=all_pages, cursor=cursor, columns=["id", "timestamp", "fired", "value"])


@group.command("test")
@click.option("--bookmark-id", type=int, required=True, help="The insights or funnels report to watch.")
@click.option("--name", required=True, help="At most 50 characters.")
@click.option("--condition", required=True, help="JSON object.")
@click.option("--frequency", required=True, callback=_frequency, help=FREQ_HELP)
@click.option("--subscriptions", default="[]", help="JSON list of who gets the test notification.")
@click.option("--notification-windows", default=None, help="JSON object.")
@common_options
@handle_errors
def test(
    bookmark_id: int,
    name: str,
    condition: str,
    frequency: int,
    subscriptions: str,
    notification_windows: str | None,
) -> None:
    """Send a test notification for an alert as described (nothing is saved)."""
    fields = _alert_fields(condition, subscriptions, notification_windows)
    params = params_or_exit(
        mp.CreateAlertParams, bookmark_id=bookmark_id, name=name, frequency=frequency, paused=False, **fields
    )
    emit(get_workspace().test_alert(params))


@group.command("screenshot")
@click.option("--gcs-key", required=True, help="The screenshot's storage key (from the alert's history).")
@common_options
@handle_errors
def screenshot(gcs_key: str) -> None:
    """A signed URL for an alert screenshot."""
    emit(get_workspace().get_alert_screenshot_url(gcs_key))


@group.command("validate")
@click.option("--alert-ids", required=True, help="Comma-separated ids.")
@click.option("--bookmark-type", type=click.Choice(["insights", "funnels"]), required=True, help="The report's type.")
@click.option("--bookmark-params", required=True, help="The report's params as they would become, a JSON object.")
@common_options
@handle_errors
def validate(alert_ids: str, bookmark_type: str, bookmark_params: str) -> None:
    """Would these alerts stay valid if their report had these params?"""
    params = params_or_exit(
        mp.ValidateAlertsForBookmarkParams,
        alert_ids=parse_ids(alert_ids, "--alert-ids"),
        bookmark_type=bookmark_type,
        bookmark_params=parse_json(bookmark_params, "--bookmark-params", kind=dict),
    )
    result = get_workspace().validate_alerts_for_bookmark(params)
    # JSON keeps invalid_count; a table, CSV or ids is one row per alert
    emit(result if fmt() == "json" else result.alert_validations, ["alert_id", "alert_name", "valid", "reason"])
