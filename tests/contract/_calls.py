"""Every id-taking Workspace method, by the id grammar of the argument, with valid other arguments.

The contract tests call each one with bad ids and count requests; ``test_every_id_method_is_listed`` fails
when a new public method takes an id and is missing here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpnb as mp

Call = Callable[[mp.Workspace, Any], Any]
GOOD_UUID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"

_EVENT_UPDATE = mp.UpdateEventDefinitionParams(hidden=True)
_DROP_UPDATE = mp.UpdateDropFilterParams(active=False)
_FLAG_UPDATE = mp.UpdateFeatureFlagParams(
    name="x", key="x", status=mp.FeatureFlagStatus.DISABLED, ruleset={"variants": [], "rollout": []}
)

# (name, argument, call): ``argument`` names the id parameter the call gets wrong.
INT_CALLS: list[tuple[str, str, Call]] = [
    ("get_dashboard", "dashboard_id", lambda ws, i: ws.get_dashboard(i)),
    ("update_dashboard", "dashboard_id", lambda ws, i: ws.update_dashboard(i, mp.UpdateDashboardParams(title="t"))),
    ("delete_dashboard", "dashboard_id", lambda ws, i: ws.delete_dashboard(i)),
    ("favorite_dashboard", "dashboard_id", lambda ws, i: ws.favorite_dashboard(i)),
    ("unfavorite_dashboard", "dashboard_id", lambda ws, i: ws.unfavorite_dashboard(i)),
    ("pin_dashboard", "dashboard_id", lambda ws, i: ws.pin_dashboard(i)),
    ("unpin_dashboard", "dashboard_id", lambda ws, i: ws.unpin_dashboard(i)),
    ("get_blueprint_config", "dashboard_id", lambda ws, i: ws.get_blueprint_config(i)),
    ("get_dashboard_erf", "dashboard_id", lambda ws, i: ws.get_dashboard_erf(i)),
    ("add_report_to_dashboard", "dashboard_id", lambda ws, i: ws.add_report_to_dashboard(i, 1)),
    ("add_report_to_dashboard", "bookmark_id", lambda ws, i: ws.add_report_to_dashboard(1, i)),
    ("remove_report_from_dashboard", "dashboard_id", lambda ws, i: ws.remove_report_from_dashboard(i, 1)),
    ("remove_report_from_dashboard", "bookmark_id", lambda ws, i: ws.remove_report_from_dashboard(1, i)),
    (
        "update_report_link",
        "dashboard_id",
        lambda ws, i: ws.update_report_link(i, 1, mp.UpdateReportLinkParams(type="embedded")),
    ),
    (
        "update_report_link",
        "report_link_id",
        lambda ws, i: ws.update_report_link(1, i, mp.UpdateReportLinkParams(type="embedded")),
    ),
    ("update_text_card", "dashboard_id", lambda ws, i: ws.update_text_card(i, 1, mp.UpdateTextCardParams())),
    ("update_text_card", "text_card_id", lambda ws, i: ws.update_text_card(1, i, mp.UpdateTextCardParams())),
    ("get_bookmark_dashboard_ids", "bookmark_id", lambda ws, i: ws.get_bookmark_dashboard_ids(i)),
    ("list_dashboards", "ids", lambda ws, i: ws.list_dashboards(ids=[i])),
    ("bulk_delete_dashboards", "ids", lambda ws, i: ws.bulk_delete_dashboards([i])),
    ("get_bookmark", "bookmark_id", lambda ws, i: ws.get_bookmark(i)),
    ("update_bookmark", "bookmark_id", lambda ws, i: ws.update_bookmark(i, mp.UpdateBookmarkParams(name="n"))),
    ("delete_bookmark", "bookmark_id", lambda ws, i: ws.delete_bookmark(i)),
    ("bookmark_linked_dashboard_ids", "bookmark_id", lambda ws, i: ws.bookmark_linked_dashboard_ids(i)),
    ("get_bookmark_history", "bookmark_id", lambda ws, i: ws.get_bookmark_history(i)),
    ("iter_bookmark_history", "bookmark_id", lambda ws, i: list(ws.iter_bookmark_history(i))),
    ("list_bookmarks_v2", "ids", lambda ws, i: ws.list_bookmarks_v2(ids=[i])),
    ("bulk_delete_bookmarks", "ids", lambda ws, i: ws.bulk_delete_bookmarks([i])),
    ("get_cohort", "cohort_id", lambda ws, i: ws.get_cohort(i)),
    ("update_cohort", "cohort_id", lambda ws, i: ws.update_cohort(i, mp.UpdateCohortParams(name="n"))),
    ("delete_cohort", "cohort_id", lambda ws, i: ws.delete_cohort(i)),
    ("list_cohorts", "ids", lambda ws, i: ws.list_cohorts(ids=[i])),
    ("list_cohorts_full", "ids", lambda ws, i: ws.list_cohorts_full(ids=[i])),
    ("bulk_delete_cohorts", "ids", lambda ws, i: ws.bulk_delete_cohorts([i])),
    ("get_alert", "alert_id", lambda ws, i: ws.get_alert(i)),
    ("update_alert", "alert_id", lambda ws, i: ws.update_alert(i, mp.UpdateAlertParams(name="n"))),
    ("delete_alert", "alert_id", lambda ws, i: ws.delete_alert(i)),
    ("get_alert_history", "alert_id", lambda ws, i: ws.get_alert_history(i)),
    ("iter_alert_history", "alert_id", lambda ws, i: list(ws.iter_alert_history(i))),
    ("list_alerts", "bookmark_id", lambda ws, i: ws.list_alerts(bookmark_id=i)),
    ("bulk_delete_alerts", "ids", lambda ws, i: ws.bulk_delete_alerts([i])),
    ("get_annotation", "annotation_id", lambda ws, i: ws.get_annotation(i)),
    (
        "update_annotation",
        "annotation_id",
        lambda ws, i: ws.update_annotation(i, mp.UpdateAnnotationParams(description="d")),
    ),
    ("delete_annotation", "annotation_id", lambda ws, i: ws.delete_annotation(i)),
    ("update_lexicon_tag", "tag_id", lambda ws, i: ws.update_lexicon_tag(i, mp.UpdateLexiconTagParams(name="t"))),
    ("update_drop_filter", "drop_filter_id", lambda ws, i: ws.update_drop_filter(i, _DROP_UPDATE)),
    ("delete_drop_filter", "drop_filter_id", lambda ws, i: ws.delete_drop_filter(i)),
    ("update_custom_event", "custom_event_id", lambda ws, i: ws.update_custom_event(i, _EVENT_UPDATE)),
    ("delete_custom_event", "custom_event_id", lambda ws, i: ws.delete_custom_event(i)),
    ("get_custom_property", "custom_property_id", lambda ws, i: ws.get_custom_property(i)),
    (
        "update_custom_property",
        "custom_property_id",
        lambda ws, i: ws.update_custom_property(i, mp.UpdateCustomPropertyParams(name="n")),
    ),
    ("delete_custom_property", "custom_property_id", lambda ws, i: ws.delete_custom_property(i)),
]

# The data dictionary's names (events, properties, tags): text, not blank, at most 255 printable characters.
NAME_CALLS: list[tuple[str, str, Call]] = [
    ("update_event_definition", "event_name", lambda ws, i: ws.update_event_definition(i, _EVENT_UPDATE)),
    ("delete_event_definition", "event_name", lambda ws, i: ws.delete_event_definition(i)),
    ("get_event_definitions", "names", lambda ws, i: ws.get_event_definitions(names=[i])),
    (
        "update_property_definition",
        "property_name",
        lambda ws, i: ws.update_property_definition(i, mp.UpdatePropertyDefinitionParams(hidden=True)),
    ),
    ("get_property_definitions", "names", lambda ws, i: ws.get_property_definitions(names=[i])),
    ("delete_lexicon_tag", "tag_name", lambda ws, i: ws.delete_lexicon_tag(i)),
]

UUID_CALLS: list[tuple[str, str, Call]] = [
    ("get_feature_flag", "flag_id", lambda ws, i: ws.get_feature_flag(i)),
    ("update_feature_flag", "flag_id", lambda ws, i: ws.update_feature_flag(i, _FLAG_UPDATE)),
    ("delete_feature_flag", "flag_id", lambda ws, i: ws.delete_feature_flag(i)),
    ("archive_feature_flag", "flag_id", lambda ws, i: ws.archive_feature_flag(i)),
    ("restore_feature_flag", "flag_id", lambda ws, i: ws.restore_feature_flag(i)),
    ("duplicate_feature_flag", "flag_id", lambda ws, i: ws.duplicate_feature_flag(i)),
    ("set_flag_test_users", "flag_id", lambda ws, i: ws.set_flag_test_users(i, mp.SetTestUsersParams(users={}))),
    ("get_flag_history", "flag_id", lambda ws, i: ws.get_flag_history(i)),
    ("get_experiment", "experiment_id", lambda ws, i: ws.get_experiment(i)),
    ("get_experiment_lifecycle", "experiment_id", lambda ws, i: ws.get_experiment_lifecycle(i)),
    (
        "update_experiment",
        "experiment_id",
        lambda ws, i: ws.update_experiment(i, mp.UpdateExperimentParams(name="n")),
    ),
    ("delete_experiment", "experiment_id", lambda ws, i: ws.delete_experiment(i)),
    ("launch_experiment", "experiment_id", lambda ws, i: ws.launch_experiment(i)),
    ("conclude_experiment", "experiment_id", lambda ws, i: ws.conclude_experiment(i)),
    (
        "decide_experiment",
        "experiment_id",
        lambda ws, i: ws.decide_experiment(i, mp.ExperimentDecideParams(success=True)),
    ),
    ("archive_experiment", "experiment_id", lambda ws, i: ws.archive_experiment(i)),
    ("restore_experiment", "experiment_id", lambda ws, i: ws.restore_experiment(i)),
    (
        "duplicate_experiment",
        "experiment_id",
        lambda ws, i: ws.duplicate_experiment(i, mp.DuplicateExperimentParams(name="n")),
    ),
]

TOKEN_CALLS: list[tuple[str, str, Call]] = [
    ("update_webhook", "webhook_id", lambda ws, i: ws.update_webhook(i, mp.UpdateWebhookParams(name="n"))),
    ("delete_webhook", "webhook_id", lambda ws, i: ws.delete_webhook(i)),
]

ALL_CALLS = INT_CALLS + UUID_CALLS + TOKEN_CALLS + NAME_CALLS
# Methods with an id-like parameter that is not an entity id of the project's data.
# restore(ids=...) selects records inside a backup (unknown ones are refused before any request; see
# tests/contract/test_restore.py); it never puts an id in a URL path.
# for_project(project_id) builds another Workspace (no request): its id check is tested in tests/copying.
NOT_ENTITY_IDS = {"for_project", "restore", "sandbox", "set_workspace_id"}
# Calls where ``None`` is a valid value of the id argument (no filter).
NONE_MEANS_ALL = {"list_alerts"}
