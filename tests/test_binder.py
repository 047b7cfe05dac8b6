"""Binder's files: ``binder/requirements.txt`` installs mpnb with its notebook extras into a fresh venv.

repo2docker uses only ``binder/`` once it exists (it never installs pyproject.toml by itself) and runs pip
from the repository's root, so the test does the same on a copy of the files a clone has. It needs the
package index (pip's cache makes repeats quick).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_runtime_pins_python_311() -> None:
    assert (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"


def test_requirements_install_the_repository_with_its_notebook_extras() -> None:
    lines = [
        line.strip()
        for line in (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines == ["-e .[notebooks]"]


def test_binder_requirements_install_into_a_fresh_venv_and_mpnb_imports(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, repo / name)
    for folder in ("mpnb", "binder", "notebooks"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", "binder/requirements.txt"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    probe = (
        "import mpnb, mpnb.widgets, jupyterlab, ipykernel, matplotlib; "
        "ws = mpnb.Workspace.sandbox(); print(mpnb.__file__); print(ws.info().target)"
    )
    run = subprocess.run([str(python), "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    where, target = run.stdout.split()
    assert Path(where).resolve().is_relative_to(repo.resolve()) and target == "SANDBOX"
