"""One public door: ``mpnb.__all__`` is exactly what the package defines, and import stays light."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types

import mpnb as mp

# Names the package module holds on purpose without exporting them: the family mixins, which users reach
# through ``mp.Workspace`` (each is a base class of it), never by name.
_MIXINS = {
    "AlertsMethods",
    "AnnotationsMethods",
    "CohortsMethods",
    "DashboardsMethods",
    "ExperimentsMethods",
    "FlagsMethods",
    "ReportsMethods",
    "WebhooksMethods",
}


def test_all_is_exactly_the_public_names_defined() -> None:
    """As httpx tests its exports: every public member of the module is in ``__all__`` and nothing else is."""
    defined = {
        name
        for name, value in vars(mp).items()
        if (not name.startswith("_") or name == "__version__") and not isinstance(value, types.ModuleType)
    }
    assert set(mp.__all__) == defined - _MIXINS
    assert mp.__all__ == sorted(mp.__all__) and len(set(mp.__all__)) == len(mp.__all__)
    for mixin in _MIXINS:
        assert getattr(mp, mixin) in mp.Workspace.__mro__, mixin


def test_every_family_module_exports_exactly_its_public_classes() -> None:
    for family in ("dashboards", "reports", "cohorts", "flags", "experiments", "alerts", "annotations", "webhooks"):
        module = importlib.import_module(f"mpnb.entities.{family}")
        own = {
            name
            for name, value in vars(module).items()
            if not name.startswith("_")
            and name != "OPS"  # the family's endpoint table, internal by design
            and name.isidentifier()  # not a parametrised generic such as CursorPage[Any]
            and isinstance(value, type)
            and value.__module__.startswith(module.__name__)
        }
        assert own <= set(module.__all__), (family, sorted(own - set(module.__all__)))
        for name in module.__all__:
            assert hasattr(module, name), (family, name)


def test_version_is_single_sourced() -> None:
    from importlib.metadata import version

    assert mp.__version__ == version("mpnb")


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


def test_import_does_not_load_pandas_or_widgets() -> None:
    code = "import sys, mpnb; print('pandas' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
