"""ruff check, ruff format --check and strict mypy are part of the test run, so CI keeps the code clean.

The same three checks run before each commit through ``.pre-commit-config.yaml``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("mpnb", "tests", "bench", "notebooks")  # notebooks: the builder and its conftest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_check() -> None:
    pytest.importorskip("ruff", reason="ruff is installed by the test extra")
    result = _run("ruff", "check", *SOURCES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_check() -> None:
    pytest.importorskip("ruff", reason="ruff is installed by the test extra")
    result = _run("ruff", "format", "--check", *SOURCES)
    assert result.returncode == 0, "run: ruff format " + " ".join(SOURCES) + "\n" + result.stdout + result.stderr


def test_mypy_strict() -> None:
    pytest.importorskip("mypy")
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_precommit_runs_the_same_checks() -> None:
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    for hook in ("id: ruff-check", "id: ruff-format", "id: mypy"):
        assert hook in config, hook
