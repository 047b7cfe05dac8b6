"""Write the demo notebooks in this folder from their sources in ``notebooks/src/`` (run it after editing them).

    python notebooks/build_notebooks.py            # rewrites notebooks/*.ipynb (no outputs), README links
    python notebooks/build_notebooks.py --check    # exit 1 when a notebook differs from what this writes

Each notebook's source is a jupytext percent file, ``src/NN-name.py``: ``# %%`` starts a code cell,
``# %% [markdown]`` a Markdown cell (its lines commented), and cell metadata follows the marker
(``# %% tags=["parameters"]``). They are plain Python, so ruff checks and formats them like the rest of
the code. The builder reads them with jupytext, adds the Colab install cell (``src/_colab.py``, collapsed)
after the ``parameters`` cell, and writes the ``.ipynb`` without outputs, widget state or execution
counts, with stable cell ids, so a diff shows only what changed.

The repository's public URL comes from pyproject.toml's ``[project.urls]`` (its one home): the Colab cell
of every notebook uses it, and the README's Binder and Colab links must match it (``tests/test_release.py``
and ``tests/test_notebooks.py`` check both).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import nbformat

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
README = HERE.parent / "README.md"
PLACEHOLDER_OWNER = "MPNB-OWNER"  # in the URL until the repository is published
nbf: Any = nbformat  # untyped package


def repository_url() -> str:
    """``[project.urls] Repository`` from pyproject.toml: the one place the repository's public URL lives."""
    text = (HERE.parent / "pyproject.toml").read_text(encoding="utf-8")
    section = re.search(r"^\[project\.urls\]\n(.*?)(?:^\[|\Z)", text, re.M | re.S)
    match = re.search(r'^Repository\s*=\s*"([^"]+)"', section.group(1) if section else "", re.M)
    if match is None:
        raise SystemExit("pyproject.toml has no [project.urls] Repository entry")
    return match.group(1)


# Set it in pyproject.toml, then run this script: the Colab cells and the README's links follow.
MPNB_REPO_URL = repository_url()
# The Colab cell's template: @REPO@ becomes MPNB_REPO_URL, @OWNER@ the placeholder owner it guards against.
COLAB = (SRC / "_colab.py").read_text(encoding="utf-8").split("# %%\n", 1)[1].strip("\n")
# The notebooks, by the name they are written under: every src/NN-name.py
NOTEBOOKS = {f"{path.stem}.ipynb": path for path in sorted(SRC.glob("[0-9][0-9]-*.py"))}


def _jupytext() -> Any:
    try:
        import jupytext
    except ImportError:  # pragma: no cover - the test extra installs it
        raise SystemExit("the builder reads the sources with jupytext: pip install -e '.[test]'") from None
    return jupytext


def colab_cell() -> Any:
    """The Colab install cell, collapsed in JupyterLab (``source_hidden``) and shown as a form on Colab."""
    source = COLAB.replace("@REPO@", MPNB_REPO_URL).replace("@OWNER@", PLACEHOLDER_OWNER)
    cell = nbf.v4.new_code_cell(source)
    cell.metadata = {"cellView": "form", "jupyter": {"source_hidden": True}}
    return cell


def build(name: str) -> Any:
    """The notebook ``name`` from its percent source: cells and their tags as written, plus the Colab cell."""
    parsed = _jupytext().read(NOTEBOOKS[name], fmt="py:percent")
    nb = nbf.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for cell in parsed.cells:
        if cell.cell_type == "markdown":
            new = nbf.v4.new_markdown_cell(cell.source)
        elif cell.cell_type == "code":
            new = nbf.v4.new_code_cell(cell.source)
        else:
            raise SystemExit(f"{NOTEBOOKS[name].name}: a {cell.cell_type} cell; use # %% or # %% [markdown]")
        new.metadata = dict(cell.metadata)
        nb.cells.append(new)
        if "parameters" in cell.metadata.get("tags", []):
            nb.cells.append(colab_cell())
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    if len(params) != 1:
        raise SystemExit(f"{NOTEBOOKS[name].name}: needs exactly one cell tagged parameters, has {len(params)}")
    stem = name.split("-")[0]
    for i, cell in enumerate(nb.cells):
        cell.id = f"nb{stem}-{i:02d}"
    nbf.validate(nb)
    return nb


def render(name: str) -> str:
    return str(nbf.writes(build(name))) + "\n"


_LINK = re.compile(r"(https://mybinder\.org/v2/gh/|https://colab\.research\.google\.com/github/)[\w.-]+/[\w.-]+/")


def readme_with_links(text: str) -> str:
    """The README with its Binder and Colab links pointing at ``MPNB_REPO_URL``."""
    owner_repo = MPNB_REPO_URL.removeprefix("https://github.com/").strip("/")
    return _LINK.sub(lambda m: f"{m.group(1)}{owner_repo}/", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the notebooks are up to date")
    args = parser.parse_args(argv)
    stale = []
    for name in NOTEBOOKS:
        path = HERE / name
        text = render(name)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    if readme_with_links(readme) != readme:
        if args.check:
            stale.append("README.md links")
        else:
            README.write_text(readme_with_links(readme), encoding="utf-8")
    if stale:
        print("out of date (run python notebooks/build_notebooks.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
