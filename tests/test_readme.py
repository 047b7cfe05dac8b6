"""The README's two set-up commands stay true: CI runs the same test command, the demo module exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line.strip() for line in ci.splitlines() if "pytest" in line and "venv" in line)
    assert command in readme


def test_readme_demo_command_names_a_real_module() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"\.venv/bin/python -m ([\w.]+)\n", readme)
    assert match is not None and match.group(1) == "mpnb.demo"
    assert (ROOT / "mpnb" / "demo.py").exists()
