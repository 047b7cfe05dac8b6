"""One public door (style habit 2): ``mpnb.__all__`` is sorted and complete, and import stays light."""

from __future__ import annotations

import subprocess
import sys

import mpnb as mp


def test_all_is_sorted_and_resolves() -> None:
    assert mp.__all__ == sorted(mp.__all__)
    for name in mp.__all__:
        assert getattr(mp, name) is not None, name


def test_seed_names_are_public() -> None:
    for name in [
        "Workspace",
        "CreateDashboardParams",
        "UpdateDashboardParams",
        "BlueprintFinishParams",
        "CreateRcaDashboardParams",
        "RcaSourceData",
        "UpdateReportLinkParams",
        "UpdateTextCardParams",
        "CreateBookmarkParams",
        "UpdateBookmarkParams",
        "BulkUpdateBookmarkEntry",
    ]:
        assert name in mp.__all__, name
    for method in [
        "list_dashboards",
        "create_dashboard",
        "get_dashboard",
        "update_dashboard",
        "delete_dashboard",
        "bulk_delete_dashboards",
        "favorite_dashboard",
        "unfavorite_dashboard",
        "pin_dashboard",
        "unpin_dashboard",
        "add_report_to_dashboard",
        "remove_report_from_dashboard",
        "list_blueprint_templates",
        "create_blueprint",
        "get_blueprint_config",
        "update_blueprint_cohorts",
        "finalize_blueprint",
        "create_rca_dashboard",
        "get_bookmark_dashboard_ids",
        "get_dashboard_erf",
        "update_report_link",
        "update_text_card",
        "list_bookmarks_v2",
        "create_bookmark",
        "get_bookmark",
        "update_bookmark",
        "delete_bookmark",
        "bulk_delete_bookmarks",
        "bulk_update_bookmarks",
        "bookmark_linked_dashboard_ids",
        "get_bookmark_history",
        "info",
        "set_workspace_id",
    ]:
        assert callable(getattr(mp.Workspace, method)), method


def test_every_family_module_exports_what_init_reexports() -> None:
    import importlib

    for family in ("dashboards", "reports", "cohorts", "flags", "experiments", "alerts", "annotations", "webhooks"):
        module = importlib.import_module(f"mpnb.entities.{family}")
        public = [n for n in module.__all__ if not n.endswith("Methods")]
        assert set(public) <= set(mp.__all__), family


def test_import_does_not_load_pandas_or_widgets() -> None:
    code = "import sys, mpnb; print('pandas' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
