"""MkDocs hooks: what the site takes from the rest of the repository at build time.

- ``repo_url`` comes from pyproject.toml's ``[project.urls] Repository`` (its one home);
- the notebooks under ``notebooks/`` are rendered as pages (mkdocs-jupyter), without copying them, and
  their links to one another (``[03 ...](03-flags-and-experiments.ipynb)``, right in Jupyter, on Colab
  and on GitHub) are pointed at the rendered pages;
- ``CHANGELOG.md`` becomes the changelog page;
- the widget screenshots: the browser test's fresh ones under ``test-artifacts/`` when present, else the
  copies kept in ``docs/img/`` (taken by the same test; refresh them with ``cp test-artifacts/<name> docs/img/``);
- docstring examples (``>>>`` lines) in the API reference render as code, not as one run-on paragraph.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = {
    "browser-flag-form.png": "The flag form after creating a flag in JupyterLab (taken by the browser test).",
    "browser-grid.png": (
        "The FrameEditor's grid on 20,895 reports: sorted by views, on page 2, three descriptions pasted from "
        "a spreadsheet and marked as edited (taken by the browser test)."
    ),
}
MARKER = "<!-- screenshots -->"
NOTEBOOK_LINK = re.compile(r'href="(\d\d-[\w-]+)\.ipynb(#[^"]*)?"')
# a docstring's ">>> " lines, read by Markdown as three nested quotes around one paragraph
_QUOTED = r"<blockquote>\s*" * 3 + r"<p>(.*?)</p>" + r"\s*</blockquote>" * 3
DOCTEST = re.compile(_QUOTED, re.S)


def repository_url() -> str:
    """The ``Repository`` entry of pyproject.toml's ``[project.urls]``."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    if sys.version_info >= (3, 11):
        import tomllib

        return str(tomllib.loads(text)["project"]["urls"]["Repository"])
    match = re.search(r'^Repository\s*=\s*"([^"]+)"', text, re.M)  # pragma: no cover - Python 3.10
    assert match, "pyproject.toml has no [project.urls] Repository"
    return match.group(1)


def on_config(config: Any) -> Any:
    url = repository_url()
    config["repo_url"] = url
    # mkdocs derives repo_name from repo_url only when it validates the config, before this hook: set it too,
    # or the theme's header shows "None"
    config["repo_name"] = "/".join(url.rstrip("/").split("/")[-2:])
    config["edit_uri"] = "blob/main/docs/"
    return config


def screenshot(name: str) -> Path | None:
    """The browser test's fresh screenshot, else the copy kept in docs/img, else None."""
    for path in (ROOT / "test-artifacts" / name, ROOT / "docs" / "img" / name):  # docs/img: a clean clone's
        if path.exists():
            return path
    return None


@event_priority(100)  # before mkdocs-jupyter's on_files, so it renders the notebooks added here
def on_files(files: Files, config: Any) -> Files:
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        files.append(File(f"notebooks/{notebook.name}", str(ROOT), config["site_dir"], config["use_directory_urls"]))
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    files.append(File.generated(config, "changelog.md", content=changelog))
    for name in SCREENSHOTS:
        fresh = ROOT / "test-artifacts" / name
        if fresh.exists():
            kept = files.get_file_from_path(f"img/{name}")
            if kept is not None:
                files.remove(kept)
            files.append(File.generated(config, f"img/{name}", abs_src_path=str(fresh)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if MARKER not in markdown:
        return markdown
    shown = []
    for name, caption in SCREENSHOTS.items():
        if screenshot(name) is not None:
            shown.append(f"![{caption}](img/{name})\n\n*{caption}*")
        else:
            shown.append(
                f"*{caption} Not in this build: run the browser test "
                f"(`pytest tests/browser`) before `mkdocs build` to include it.*"
            )
    return markdown.replace(MARKER, "\n\n".join(shown))


def _plain(text: str) -> str:
    """A docstring example paragraph as code again: each line a ``>>>`` line, inline marks dropped."""
    lines = re.sub(r"</?(code|em|strong)>", "", text).split("\n")
    return "\n".join(f"&gt;&gt;&gt; {line.strip()}" for line in lines if line.strip())


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Reference pages: docstring examples as code. Notebooks: links to other notebooks pointed at their pages
    (``NN-name.ipynb`` is a file, not a page)."""
    src = str(page.file.src_uri)
    if src.startswith("reference/"):
        return DOCTEST.sub(
            lambda m: f'<div class="highlight"><pre><code>{_plain(m.group(1))}</code></pre></div>', output
        )
    if not (src.startswith("notebooks/") and src.endswith(".ipynb")):
        return output
    exists = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    page_of = "../{}/" if config["use_directory_urls"] else "{}.html"

    def repoint(match: re.Match[str]) -> str:
        if match.group(1) not in exists:
            return match.group(0)
        return f'href="{page_of.format(match.group(1))}{match.group(2) or ""}"'

    return NOTEBOOK_LINK.sub(repoint, output)
