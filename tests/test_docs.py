"""The documentation site builds (``mkdocs build --strict``) and every Python example in it runs.

Blocks fenced as ``python`` run top to bottom, page by page, in one namespace per page, against a fresh
sandbox: ``mp.Workspace()`` with no target gets an isolated emulator instead of the process-wide one, and
``MPNB_HOME`` (backups, the CLI's state) points into a temporary folder. Blocks fenced as ``py`` are
illustrations that need real credentials and are not run. So an example that stops working fails here.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import mpnb as mp
from mpnb import _workspace
from mpnb.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```", re.M | re.S)
DOCS_PLUGINS = ("mkdocs", "material", "mkdocstrings_handlers.python", "mkdocs_jupyter")

# The guide's sections per family: each family page follows them, in this order.
GUIDE_SECTIONS = {
    "dashboards": [
        "List Dashboards",
        "Create a Dashboard",
        "Get, Update, Delete",
        "Favorites and Pins",
        "Add a Report to a Dashboard",
        "Remove a Report from a Dashboard",
        "Blueprint Dashboards",
        "Advanced Dashboard Operations",
    ],
    "reports": ["List Reports", "Create a Report", "Get, Update, Delete", "Report History and Dashboard Links"],
    "cohorts": ["List Cohorts", "Create a Cohort", "Get, Update, Delete"],
    "flags": [
        "List Feature Flags",
        "Create a Feature Flag",
        "Get, Update, Delete",
        "Archive, Restore, Duplicate",
        "Test Users and History",
    ],
    "experiments": [
        "List Experiments",
        "Create an Experiment",
        "Get, Update, Delete",
        "Experiment Lifecycle",
        "Archive, Restore, Duplicate",
        "ERF Experiments",
    ],
    "alerts": ["List Alerts", "Create an Alert", "Get, Update, Delete", "Monitoring", "Validate Alerts"],
    "annotations": ["List Annotations", "Create an Annotation", "Get, Update, Delete", "Annotation Tags"],
    "webhooks": ["List Webhooks", "Create a Webhook", "Update, Delete", "Test Connectivity"],
}


def python_blocks(page: str) -> list[str]:
    return FENCE.findall((DOCS / page).read_text(encoding="utf-8"))


def _docs_extra_installed() -> bool:
    return all(importlib.util.find_spec(name.split(".")[0]) is not None for name in DOCS_PLUGINS)


@pytest.fixture
def fresh_sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``mp.Workspace()`` gets its own small sandbox; files land in ``tmp_path``."""
    assert hasattr(_workspace, "_shared_sandbox"), "the docs runner needs mp.Workspace()'s sandbox seam"
    box = Sandbox(seed=0, size=60)
    monkeypatch.setattr(_workspace, "_shared_sandbox", lambda: box)
    monkeypatch.setenv("MPNB_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("page", [p for p in PAGES if python_blocks(p)])
def test_python_examples_run_against_the_sandbox(page: str, fresh_sandbox: None) -> None:
    namespace: dict[str, object] = {"__name__": f"docs:{page}"}
    for i, block in enumerate(python_blocks(page)):
        try:
            exec(compile(block, f"docs/{page} (python block {i + 1})", "exec"), namespace)
        except Exception as exc:  # the page and block, not only the traceback
            raise AssertionError(f"docs/{page}, python block {i + 1} failed: {exc!r}\n{block}") from exc


def test_the_runner_sees_the_examples() -> None:
    assert len([p for p in PAGES if python_blocks(p)]) >= 10
    assert "ws = mp.Workspace()" in python_blocks("getting-started.md")[0]


@pytest.mark.parametrize("family", sorted(GUIDE_SECTIONS))
def test_family_pages_follow_the_guides_sections(family: str) -> None:
    text = (DOCS / "families" / f"{family}.md").read_text(encoding="utf-8")
    headings = [h.strip() for h in re.findall(r"^## (.+)$", text, re.M)]
    found = [h for h in headings if h in GUIDE_SECTIONS[family]]
    assert found == GUIDE_SECTIONS[family]
    assert python_blocks(f"families/{family}.md"), family


def test_examples_use_no_literal_ids_from_the_guide() -> None:
    """The guide's ``123`` and ``"abc-123-uuid"`` would fail anywhere but its author's project."""
    for page in PAGES:
        for block in python_blocks(page):
            assert not re.search(r"\b(123|456|789|12345)\b|abc-123-uuid|xyz-456-uuid", block), page


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    if not _docs_extra_installed():
        if os.environ.get("CI"):
            pytest.fail("the docs extra is not installed: pip install -e '.[docs]'")
        pytest.skip("the docs extra is not installed (pip install -e '.[docs]')")
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    workspace = (site / "reference" / "workspace" / "index.html").read_text(encoding="utf-8")
    for method in ("create_dashboard", "remove_report_from_dashboard", "get_alert_count", "bulk_delete_cohorts"):
        assert method in workspace, method
    cli = (site / "cli" / "index.html").read_text(encoding="utf-8")
    assert "mpnb dashboards list" in cli and "--workspace-id" in cli
    quickstart = (site / "notebooks" / "01-quickstart" / "index.html").read_text(encoding="utf-8")
    assert 'href="../02-bulk-cleanup-reports/"' in quickstart and '.ipynb"' not in quickstart  # links to pages
    assert "0.1.0" in (site / "changelog" / "index.html").read_text(encoding="utf-8")
    # the notebooks are published run (on the sandbox), so a visitor sees their outputs without running them
    copied = (site / "notebooks" / "07-copy-between-projects" / "index.html").read_text(encoding="utf-8")
    assert "copy from SANDBOX project 1000 to SANDBOX project 1001" in copied
    # the header's repository link is pyproject's, named (not "None")
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/MPNB-OWNER/mpnb"' in index and "MPNB-OWNER/mpnb" in index
    assert not re.search(r'class="md-source__repository"[^>]*>\s*None', index)
    # docstring examples render as code, one line each, not as a run-on paragraph
    widgets_ref = (site / "reference" / "frames-widgets" / "index.html").read_text(encoding="utf-8")
    assert "<blockquote>" not in widgets_ref
    assert (
        "<pre><code>&gt;&gt;&gt; df = ws.dashboards.frame()\n&gt;&gt;&gt; ws.dashboards.plan(df, delete=[12])"
        in widgets_ref
    )
    # the rendered notebooks carry their widgets' state, and the widget manager that draws it
    notebook = (site / "notebooks" / "03-flags-and-experiments" / "index.html").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-state+json" in notebook
    assert re.search(r'<script type="application/vnd.jupyter.widget-state\+json">\s*\{.*"model_name"', notebook, re.S)
    assert "require.js" in notebook or "require.min.js" in notebook
    assert "html-manager" in notebook
    # the widgets page shows its screenshots
    widgets_page = (site / "widgets" / "index.html").read_text(encoding="utf-8")
    assert "Not in this build" not in widgets_page and 'src="../img/browser-grid.png"' in widgets_page
    assert mp.__version__


def test_every_public_class_is_in_the_api_reference() -> None:
    """docs/reference/*.md list models by name: a new public class must be added there too."""
    reference = "\n".join(p.read_text(encoding="utf-8") for p in (DOCS / "reference").glob("*.md"))
    listed = set(re.findall(r"^::: mpnb\.(\w+)", reference, re.M))
    errors = set(mp.errors.__all__)
    classes = {n for n in mp.__all__ if isinstance(getattr(mp, n), type) and n not in errors}
    assert classes - listed == set()


def test_design_page_holds_every_decision_code_the_code_cites() -> None:
    design = (DOCS / "design.md").read_text(encoding="utf-8")
    cited = set()
    for path in [*(ROOT / "mpnb").rglob("*.py"), ROOT / ".ci" / "run"]:
        cited |= set(re.findall(r"\bS(10|[1-9])\b", path.read_text(encoding="utf-8")))
    for code in cited:
        assert f"{{ #s{code} }}" in design, f"S{code} is cited in the code but has no section in docs/design.md"


def test_no_internal_codes_in_the_notebooks() -> None:
    """What a notebook user reads (cells, their sources, the builder's text) carries no decision or catalog codes."""
    code = re.compile(r"\b(S(?:10|[1-9])|[ACDEFNRW]\d{1,2}(?:-[A-Z]?\d{1,2})?)\b|§")
    sources = sorted((ROOT / "notebooks" / "src").glob("*.py"))  # what the notebooks are built from
    for path in [*sorted((ROOT / "notebooks").glob("*.ipynb")), ROOT / "notebooks" / "build_notebooks.py", *sources]:
        found = code.findall(path.read_text(encoding="utf-8"))
        assert found == [], (path.name, found)


def test_widgets_page_shows_the_browser_screenshots_when_present(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("docs_hooks", DOCS / "_hooks.py")
    if spec is None or spec.loader is None or importlib.util.find_spec("mkdocs") is None:
        pytest.skip("the docs extra is not installed")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    page = (DOCS / "widgets.md").read_text(encoding="utf-8")
    assert hooks.MARKER in page
    hooks.ROOT = tmp_path
    described = hooks.on_page_markdown(page, None, {}, None)
    assert "Not in this build" in described and "](img/" not in described
    (tmp_path / "test-artifacts").mkdir()
    for name in hooks.SCREENSHOTS:
        (tmp_path / "test-artifacts" / name).write_bytes(b"\x89PNG")
    shown = hooks.on_page_markdown(page, None, {}, None)
    assert all(f"](img/{name})" in shown for name in hooks.SCREENSHOTS) and "Not in this build" not in shown
    hooks.ROOT = ROOT  # a clean clone: no test-artifacts, the copies kept in docs/img
    assert all((DOCS / "img" / name).read_bytes().startswith(b"\x89PNG") for name in hooks.SCREENSHOTS)
    clean = hooks.on_page_markdown(page, None, {}, None)
    assert "Not in this build" not in clean and all(f"](img/{name})" in clean for name in hooks.SCREENSHOTS)
