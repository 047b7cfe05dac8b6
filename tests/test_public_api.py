"""One public door: ``mpnb.__all__`` is exactly what the package defines, and import stays light."""

from __future__ import annotations

import ast
import importlib
import inspect
import pydoc
import re
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import mpnb as mp

# Names the package module holds on purpose without exporting them: the family mixins, which users reach
# through ``mp.Workspace`` (each is a base class of it), never by name, and the registry of families they
# come with (``mpnb/_families.py``).
_REGISTRY = {"FamilyMethods", "REGISTRY"}
_MIXINS = {
    "AlertsMethods",
    "AnnotationsMethods",
    "CohortsMethods",
    "DashboardsMethods",
    "ExperimentsMethods",
    "FlagsMethods",
    "ReportsMethods",
    "WebhooksMethods",
    "EventsMethods",
    "PropertiesMethods",
    "LexiconTagsMethods",
    "DropFiltersMethods",
    "CustomEventsMethods",
    "CustomPropertiesMethods",
}


def test_all_is_exactly_the_public_names_defined() -> None:
    """As httpx tests its exports: every public member of the module is in ``__all__`` and nothing else is."""
    defined = {
        name
        for name, value in vars(mp).items()
        if (not name.startswith("_") or name == "__version__") and not isinstance(value, types.ModuleType)
    }
    assert set(mp.__all__) == defined - _MIXINS - _REGISTRY
    assert mp.__all__ == sorted(mp.__all__) and len(set(mp.__all__)) == len(mp.__all__)
    for mixin in _MIXINS:
        assert getattr(mp, mixin) in mp.Workspace.__mro__, mixin


def test_every_family_module_exports_exactly_its_public_classes() -> None:
    for family in (
        "dashboards",
        "reports",
        "cohorts",
        "flags",
        "experiments",
        "alerts",
        "annotations",
        "webhooks",
        "events",
        "properties",
        "lexicon_tags",
        "drop_filters",
        "custom_events",
        "custom_properties",
    ):
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


def test_import_does_not_load_the_cli_libraries_through_httpx() -> None:
    """httpx's own command-line client would pull in click, rich and pygments; it stays importable."""
    code = (
        "import sys, mpnb; print(*(m in sys.modules for m in ('httpx', 'click', 'rich', 'pygments'))); "
        "import httpx._main; print(callable(httpx._main.main))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False", "False", "False", "True"]


def _own_doc(obj: object) -> str:
    doc = vars(obj).get("__doc__") if isinstance(obj, type) else getattr(obj, "__doc__", None)
    return (doc or "").strip()


def test_every_public_class_and_function_has_its_own_docstring() -> None:
    missing = [
        name
        for name in mp.__all__
        if isinstance(getattr(mp, name), type) or inspect.isfunction(getattr(mp, name))
        if not _own_doc(getattr(mp, name))
    ]
    assert missing == []


def test_every_public_workspace_method_and_property_has_a_docstring() -> None:
    missing = []
    for name in dir(mp.Workspace):
        if name.startswith("_"):
            continue
        member = inspect.getattr_static(mp.Workspace, name)
        func = member.fget if isinstance(member, property) else getattr(member, "__func__", member)
        if callable(func) and not (func.__doc__ or "").strip():
            missing.append(name)
    assert missing == []


def test_help_shows_the_guides_field_names_not_the_wire_aliases() -> None:
    for model, guide, wire in [
        (mp.CreateBookmarkParams, "bookmark_type", "type"),
        (mp.RcaSourceData, "source_type", "type"),
        (mp.UpdateReportLinkParams, "link_type", "type"),
        (mp.Bookmark, "bookmark_type", "type"),
    ]:
        params = inspect.signature(model).parameters
        assert guide in params and wire not in params, model.__name__
    assert "bookmark_type" in pydoc.render_doc(mp.CreateBookmarkParams)


_CODE = re.compile(r"\b(S(?:10|[1-9])|[ACDEFNRW]\d{1,2}(?:-[A-Z]?\d{1,2})?)\b")


def _user_facing_texts(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Docstrings, and the string parts of whatever a ``raise`` builds (its message)."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                yield getattr(node, "lineno", 1), doc
        if isinstance(node, ast.Raise) and node.exc is not None:
            for sub in ast.walk(node.exc):
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                    yield node.lineno, sub.value


def test_no_internal_codes_in_docstrings_or_error_messages() -> None:
    """Decision codes (S1..S10) and catalog numbers (D1, C1-C7...) may sit in comments, never in what users read."""
    root = Path(mp.__file__).resolve().parent
    found = [
        f"{path.relative_to(root.parent)}:{line}: {match.group(0)}"
        for path in sorted(root.rglob("*.py"))
        for line, text in _user_facing_texts(ast.parse(path.read_text(encoding="utf-8")))
        for match in _CODE.finditer(text)
    ]
    assert found == []


def test_the_code_check_catches_a_code() -> None:
    sample = ast.parse('"""Boards (D1-D22)."""\ndef f():\n    raise ValueError("see S6")\n')
    assert [m.group(0) for _, t in _user_facing_texts(sample) for m in _CODE.finditer(t)] == ["D1-D22", "S6"]


def test_every_params_field_is_described_and_help_lists_it() -> None:
    from mpnb._models import InputModel

    params_models = [getattr(mp, n) for n in mp.__all__ if isinstance(getattr(mp, n), type)]
    params_models = [m for m in params_models if issubclass(m, InputModel)]
    assert len(params_models) > 25
    for model in params_models:
        bare = [name for name, field in model.model_fields.items() if not field.description]
        assert bare == [], model.__name__
        text = pydoc.render_doc(model, renderer=pydoc.plaintext)
        fields_at = text.index("Fields:")
        assert fields_at < text.index("Method resolution order"), model.__name__
        for name in model.model_fields:
            assert f"    {name}: " in text, (model.__name__, name)


def test_widgets_frames_and_backups_document_their_public_members() -> None:
    import mpnb.widgets as widgets
    from mpnb._backup import Backup, Backups
    from mpnb.frames import FamilyFrames
    from mpnb.frames._plan import Plan
    from mpnb.frames._restore import RestoreResult

    classes = [getattr(widgets, n) for n in widgets.__all__ if isinstance(getattr(widgets, n), type)]
    missing = []
    for cls in [*classes, FamilyFrames, Plan, RestoreResult, Backups, Backup]:
        if not _own_doc(cls):
            missing.append(cls.__name__)
        for name, member in vars(cls).items():
            func = member.fget if isinstance(member, property) else getattr(member, "__func__", member)
            if not name.startswith("_") and callable(func) and not (func.__doc__ or "").strip():
                missing.append(f"{cls.__name__}.{name}")
    assert missing == []
