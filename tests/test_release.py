"""Release readiness: one version, one repository URL, and a build that installs and runs.

The build test makes the sdist and wheel with ``python -m build`` (isolated: it fetches setuptools from
the package index, like the Binder check), runs ``twine check`` on them, installs the wheel into a fresh
venv and runs ``python -m mpnb.demo`` there. It is slow (about a minute with a warm pip cache) and runs in
CI; ``-m 'not release'`` skips it locally.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
import pytest

import mpnb as mp

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LINK = r"https://(?:mybinder\.org/v2/gh|colab\.research\.google\.com/github)/([\w.-]+/[\w.-]+)/"


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pyproject_url() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = re.search(r"^\[project\.urls\]\n(.*?)(?:^\[|\Z)", text, re.M | re.S)
    assert section, "pyproject.toml needs a [project.urls] table"
    match = re.search(r'^Repository\s*=\s*"(https://github\.com/[\w.-]+/[\w.-]+)"', section.group(1), re.M)
    assert match, '[project.urls] needs Repository = "https://github.com/OWNER/NAME"'
    return match.group(1)


def _colab_cell(path: Path) -> str:
    nb: Any = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    return next(str(c.source) for c in nb.cells if c.cell_type == "code" and "google.colab" in c.source)


def test_the_repository_url_has_one_home_and_everything_agrees_with_it() -> None:
    url = _pyproject_url()
    owner_repo = url.removeprefix("https://github.com/")
    builder = _load(ROOT / "notebooks" / "build_notebooks.py", "build_notebooks_for_release")
    assert url == builder.MPNB_REPO_URL  # the notebooks' builder reads it from pyproject
    for path in NOTEBOOKS:
        assert f'MPNB_REPO_URL = "{url}"' in _colab_cell(path), path.name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(LINK, readme)
    assert len(links) >= 2 * len(NOTEBOOKS) and set(links) == {owner_repo}
    hooks = _load(ROOT / "docs" / "_hooks.py", "docs_hooks_for_release")
    assert hooks.repository_url() == url  # the docs site's repo_url
    assert "repo_url" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("repo_url is not", "")
    other_urls = re.findall(r"github\.com/([\w.-]+/mpnb)\b", readme + (ROOT / "CHANGELOG.md").read_text("utf-8"))
    assert set(other_urls) <= {owner_repo}


def test_the_agreement_check_notices_a_stray_link() -> None:
    builder = _load(ROOT / "notebooks" / "build_notebooks.py", "build_notebooks_for_release")
    stray = "[x]: https://mybinder.org/v2/gh/someone/else/HEAD\n"
    fixed = builder.readme_with_links(stray)
    assert fixed != stray and builder.MPNB_REPO_URL.removeprefix("https://github.com/") in fixed


def test_the_colab_cell_says_what_to_set_while_the_url_is_a_placeholder(monkeypatch: pytest.MonkeyPatch) -> None:
    builder = _load(ROOT / "notebooks" / "build_notebooks.py", "build_notebooks_for_release")
    source = builder.COLAB.replace("@REPO@", "https://github.com/MPNB-OWNER/mpnb").replace(
        "@OWNER@", builder.PLACEHOLDER_OWNER
    )
    monkeypatch.setitem(sys.modules, "google", ModuleType("google"))
    monkeypatch.setitem(sys.modules, "google.colab", ModuleType("google.colab"))  # as if on Colab

    def no_pip(*args: object, **kwargs: object) -> None:
        raise AssertionError("pip ran with a placeholder URL")

    monkeypatch.setattr(subprocess, "run", no_pip)
    with pytest.raises(RuntimeError, match="Set MPNB_REPO_URL above"):
        exec(compile(source, "colab-cell", "exec"), {})
    ran: list[Any] = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: ran.append(a))
    published = builder.COLAB.replace("@REPO@", "https://github.com/someone/mpnb")
    exec(compile(published.replace("@OWNER@", builder.PLACEHOLDER_OWNER), "colab-cell", "exec"), {})
    assert ran and "mpnb @ git+https://github.com/someone/mpnb" in ran[0][0]


def test_version_is_single_sourced() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^version\s*=\s*"', text, re.M) is None and 'dynamic = ["version"]' in text
    assert 'version = { attr = "mpnb._version.__version__" }' in text
    assert f"## [{mp.__version__}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_changelog_starts_at_0_1_0() -> None:
    versions = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    assert versions and versions[-1] == "0.1.0"


@pytest.mark.release
def test_build_twine_check_and_the_wheel_runs_the_demo_in_a_fresh_venv(tmp_path: Path) -> None:
    pytest.importorskip("build", reason="the docs extra installs build and twine")
    pytest.importorskip("twine", reason="the docs extra installs build and twine")
    src = tmp_path / "src"  # a copy of what a clone has, so the build leaves nothing in the worktree
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "mpnb", src / "mpnb", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    dist = tmp_path / "dist"

    def run(*cmd: str, cwd: Path = tmp_path) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=1200)
        assert result.returncode == 0, f"{' '.join(cmd)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        return result

    run(sys.executable, "-m", "build", "--outdir", str(dist), str(src))
    wheels = sorted(dist.glob("*.whl"))
    sdists = sorted(dist.glob("*.tar.gz"))
    assert [w.name for w in wheels] == [f"mpnb-{mp.__version__}-py3-none-any.whl"] and len(sdists) == 1
    run(sys.executable, "-m", "twine", "check", "--strict", *map(str, wheels + sdists))

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", str(venv))
    python = str(venv / "bin" / "python")
    run(python, "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheels[0]))
    probe = run(python, "-c", "import mpnb; print(mpnb.__version__); print(mpnb.__file__)")
    version, where = probe.stdout.split()
    assert version == mp.__version__ and Path(where).resolve().is_relative_to(venv.resolve())
    demo = run(python, "-m", "mpnb.demo")
    assert "SANDBOX" in demo.stdout and "experiment" in demo.stdout
    assert mp.__version__ in run(str(venv / "bin" / "mpnb"), "--version").stdout
