"""The eight families' entries in the frames table, with the few callables each needs.

Updates without a bulk endpoint are one PATCH per entity (the family's ``OPS.UPDATE``), except flags: one
PUT per flag, filled from the plan's fresh list record instead of a GET per flag, with the flags
slice's writable-field list and ruleset check. Creates go through the seed's ``create_*`` methods.
Entity modules are imported only when a callable runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mpnb.errors import InputError
from mpnb.frames._specs import FamilySpec, Raw, ids_csv

if TYPE_CHECKING:
    from mpnb._workspace import Workspace

__all__ = ["SPECS", "spec_for"]


def _ops(family: str) -> Any:
    return SPECS[family].attr("OPS")


def _patch(family: str, extra: dict[str, Any] | None = None) -> Any:
    """``(ws, id, changes, current) -> answer``: one PATCH of the changed fields."""

    def update(ws: Workspace, eid: Any, changes: dict[str, Any], current: Raw | None) -> Raw | None:
        data = ws._http.call(_ops(family).UPDATE, path={"id": eid}, json_body=dict(changes, **(extra or {})))
        return data if isinstance(data, dict) else None

    return update


def _delete(family: str) -> Any:
    def delete(ws: Workspace, eid: Any) -> None:
        ws._http.call(_ops(family).DELETE, path={"id": eid})

    return delete


def _dump(model: Any, drop: tuple[str, ...] = ()) -> Raw:
    out: Raw = model.model_dump(mode="json", by_alias=True)
    for key in drop:
        out.pop(key, None)
    return out


# -- dashboards and reports ----------------------------------------------------------------------------
def _dashboard_create(ws: Workspace, fields: dict[str, Any]) -> Raw:
    from mpnb.entities.dashboards import CreateDashboardParams

    return _dump(ws.create_dashboard(CreateDashboardParams.model_validate(fields)), ("layout", "contents"))


def _dashboard_update(ws: Workspace, did: Any, changes: dict[str, Any], current: Raw | None) -> Raw | None:
    data = ws._http.call(_ops("dashboards").UPDATE, path={"id": did}, json_body=changes)
    return {k: v for k, v in data.items() if k not in ("layout", "contents")} if isinstance(data, dict) else None


def _dashboard_cascades(ws: Workspace, ids: list[Any]) -> dict[str, list[Raw]]:
    """Reports saved to the boards go with them: one reports list call."""
    wanted = set(ids)
    return {"reports": [r for r in SPECS["reports"].list_raw(ws) if r.get("dashboard_id") in wanted]}


def _reports_query(f: dict[str, Any]) -> dict[str, Any]:
    return {"v": 2, "type": f.get("bookmark_type"), "ids": ids_csv(f["ids"]) if f.get("ids") else None}


def _report_create(ws: Workspace, fields: dict[str, Any]) -> Raw:
    from mpnb.entities.reports import CreateBookmarkParams

    body = {("type" if k == "bookmark_type" else k): v for k, v in fields.items()}
    return _dump(ws.create_bookmark(CreateBookmarkParams.model_validate(body)))


# -- cohorts -----------------------------------------------------------------------------------------------
def _cohorts_query(f: dict[str, Any]) -> dict[str, Any]:
    return {"data_group_id": f.get("data_group_id"), "ids": ids_csv(f["ids"]) if f.get("ids") else None}


def _cohort_create(ws: Workspace, fields: dict[str, Any]) -> Raw:
    from mpnb.entities.cohorts import CreateCohortParams

    return _dump(ws.create_cohort(CreateCohortParams.model_validate(fields)))


def _flat(changes: dict[str, Any]) -> dict[str, Any]:
    """A cohort's ``definition`` travels flattened into the body (as the cohorts slice sends it)."""
    out = {k: v for k, v in changes.items() if k != "definition"}
    out.update(changes.get("definition") or {})
    return out


# -- flags -------------------------------------------------------------------------------------------------
def _flags_query(f: dict[str, Any]) -> dict[str, Any]:
    return {"include_archived": "true" if f.get("include_archived") else None}


def _flag_put(ws: Workspace, fid: Any, changes: dict[str, Any], current: Raw | None) -> Raw | None:
    """The flags slice's safe fill-and-PUT, filled from the plan's fresh list record (no GET per flag)."""
    from mpnb.entities.flags import UpdateFeatureFlagParams

    if current is None:  # not in the fresh read: let the slice read it
        return _dump(ws.update_feature_flag(fid, UpdateFeatureFlagParams.model_validate(changes)))
    data = ws._fill_and_put(fid, current, changes)
    return data if isinstance(data, dict) else None


def _flag_create(ws: Workspace, fields: dict[str, Any]) -> Raw:
    from mpnb.entities.flags import CreateFeatureFlagParams

    return _dump(ws.create_feature_flag(CreateFeatureFlagParams.model_validate(fields)))


# -- experiments, alerts, annotations, webhooks ------------------------------------------------------------
def _archived_query(f: dict[str, Any]) -> dict[str, Any]:
    return {"include_archived": "true" if f.get("include_archived") else None}


def _experiment_create(ws: Workspace, fields: dict[str, Any]) -> Raw:
    from mpnb.entities.experiments import CreateExperimentParams

    return _dump(ws.create_experiment(CreateExperimentParams.model_validate(fields)))


def _alerts_query(f: dict[str, Any]) -> dict[str, Any]:
    return {"bookmark_id": f.get("bookmark_id"), "skip_user_filter": "true"}


def _alert_create(ws: Workspace, fields: dict[str, Any]) -> Raw:
    from mpnb.entities.alerts import CreateAlertParams

    return _dump(ws.create_alert(CreateAlertParams.model_validate(fields)))


def _annotations_query(f: dict[str, Any]) -> dict[str, Any]:
    return {"fromDate": f.get("from_date"), "toDate": f.get("to_date")}


def _annotation_create(ws: Workspace, fields: dict[str, Any]) -> Raw:
    from mpnb.entities.annotations import CreateAnnotationParams

    return _dump(ws.create_annotation(CreateAnnotationParams.model_validate(fields)))


def _webhook_create(ws: Workspace, fields: dict[str, Any]) -> Raw:
    from mpnb.entities.webhooks import CreateWebhookParams

    made = ws.create_webhook(CreateWebhookParams.model_validate(fields))
    listed = SPECS["webhooks"].list_raw(ws)
    return next((r for r in listed if r.get("id") == made.id), {"id": made.id, "name": made.name})


def _archive(method: str) -> Any:
    def archive(ws: Workspace, eid: Any) -> None:
        getattr(ws, method)(eid)

    return archive


SPECS: dict[str, FamilySpec] = {
    "dashboards": FamilySpec(
        name="dashboards",
        module="mpnb.entities.dashboards",
        model="Dashboard",
        update_model="UpdateDashboardParams",
        create_model="CreateDashboardParams",
        list_method="list_dashboards",
        natural_key=("title",),
        bulk_delete_key="dashboard_ids",
        read_only=frozenset({"layout", "content"}),
        create=_dashboard_create,
        update=_dashboard_update,
        delete_one=_delete("dashboards"),
        cascades=_dashboard_cascades,
        lost_on_restore=("original id", "layout (cards come back one per row, widths and text cards are lost)"),
        derived={"owner": "creator_name", "age_days": "created"},
    ),
    "reports": FamilySpec(
        name="reports",
        module="mpnb.entities.reports",
        model="Bookmark",
        update_model="UpdateBookmarkParams",
        create_model="CreateBookmarkParams",
        list_method="list_bookmarks_v2",
        natural_key=("name", "dashboard_id"),
        bulk_update_key="bookmarks",
        bulk_update_model="BulkUpdateBookmarkEntry",
        bulk_delete_key="bookmark_ids",
        list_query=_reports_query,
        filters=("bookmark_type", "ids"),
        create=_report_create,
        update=_patch("reports", {"v": 2}),
        delete_one=_delete("reports"),
        lost_on_restore=("original id", "view counts and history", "linked copies on other boards"),
        derived={"owner": "creator_name", "age_days": "created"},
        create_requests=2,
    ),
    "cohorts": FamilySpec(
        name="cohorts",
        module="mpnb.entities.cohorts",
        model="Cohort",
        update_model="UpdateCohortParams",
        create_model="CreateCohortParams",
        list_method="list_cohorts_full",
        natural_key=("name", "data_group_id"),
        bulk_update_key="cohorts",
        bulk_update_model="BulkUpdateCohortEntry",
        bulk_delete_key="cohort_ids",
        read_only=frozenset({"definition"}),  # the definition's keys are the frame's extra columns
        list_query=_cohorts_query,
        filters=("data_group_id", "ids"),
        update_body=_flat,
        create=_cohort_create,
        update=_patch("cohorts"),
        delete_one=_delete("cohorts"),
        modified="last_edited",
        lost_on_restore=("original id", "count and integrations (recomputed by Mixpanel)"),
        derived={"owner": "created_by.name"},
    ),
    "flags": FamilySpec(
        name="flags",
        module="mpnb.entities.flags",
        model="FeatureFlag",
        update_model="UpdateFeatureFlagParams",
        create_model="CreateFeatureFlagParams",
        list_method="list_feature_flags",
        natural_key=("key",),
        id_type=str,
        read_only=frozenset({"reset_hash_salt"}),
        list_query=_flags_query,
        filters=("include_archived",),
        ids_filter=False,
        fresh_filters={"include_archived": True},
        create=_flag_create,
        update=_flag_put,
        full_update=True,
        delete_one=_delete("flags"),
        archive=_archive("archive_feature_flag"),
        lost_on_restore=("original id", "history", "enabled_at"),
        derived={"owner": "creator_name", "age_days": "created"},
    ),
    "experiments": FamilySpec(
        name="experiments",
        module="mpnb.entities.experiments",
        model="Experiment",
        update_model="UpdateExperimentParams",
        create_model="CreateExperimentParams",
        list_method="list_experiments",
        natural_key=("name",),
        id_type=str,
        read_only=frozenset({"status", "exposures_cache", "results_cache"}),  # status moves by launch/conclude
        list_query=_archived_query,
        filters=("include_archived",),
        ids_filter=False,
        fresh_filters={"include_archived": True},
        create=_experiment_create,
        update=_patch("experiments"),
        delete_one=_delete("experiments"),
        archive=_archive("archive_experiment"),
        lost_on_restore=("original id", "experiment state (it comes back a draft)", "results"),
        derived={"owner": "creator_name"},
        archive_requests=2,
    ),
    "alerts": FamilySpec(
        name="alerts",
        module="mpnb.entities.alerts",
        model="CustomAlert",
        update_model="UpdateAlertParams",
        create_model="CreateAlertParams",
        list_method="list_alerts",
        natural_key=("name",),
        bulk_delete_key="alert_ids",
        list_query=_alerts_query,
        filters=("bookmark_id",),
        ids_filter=False,
        create=_alert_create,
        update=_patch("alerts"),
        delete_one=_delete("alerts"),
        lost_on_restore=("original id", "alert history", "last fired/checked"),
        derived={"report_id": "bookmark.id", "owner": "creator.email", "age_days": "created"},
        create_requests=2,  # the alerts slice checks the report first
    ),
    "annotations": FamilySpec(
        name="annotations",
        module="mpnb.entities.annotations",
        model="Annotation",
        update_model="UpdateAnnotationParams",
        create_model="CreateAnnotationParams",
        list_method="list_annotations",
        natural_key=("date", "description"),
        read_only=frozenset({"tags"}),  # the frame shows tag objects; the update takes tag ids
        list_query=_annotations_query,
        filters=("from_date", "to_date"),
        ids_filter=False,
        create=_annotation_create,
        update=_patch("annotations"),
        delete_one=_delete("annotations"),
        modified=None,
        lost_on_restore=("original id", "author"),
    ),
    "webhooks": FamilySpec(
        name="webhooks",
        module="mpnb.entities.webhooks",
        model="ProjectWebhook",
        update_model="UpdateWebhookParams",
        create_model="CreateWebhookParams",
        list_method="list_webhooks",
        natural_key=("name",),
        id_type=str,
        read_only=frozenset({"auth_type", "username", "password"}),  # credentials: ws.update_webhook
        list_query=lambda f: {},
        filters=(),
        ids_filter=False,
        create=_webhook_create,
        update=_patch("webhooks"),
        update_returns_record=False,
        delete_one=_delete("webhooks"),
        lost_on_restore=("original id", "password (never returned by Mixpanel): Basic auth is off until reset"),
        derived={"age_days": "created"},
        create_requests=2,  # the create answers id and name only: one list call for the rest
    ),
}


def spec_for(family: str) -> FamilySpec:
    try:
        return SPECS[family]
    except KeyError:
        raise InputError(f"unknown family {family!r}; known: {', '.join(SPECS)}", field="family") from None
