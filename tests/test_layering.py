"""Architecture rules: the sandbox is an independent reading of the protocol, files stay small."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "mpnb"
CLIENT_MODULES = ("mpnb.entities", "mpnb._http", "mpnb._session", "mpnb._models", "mpnb._workspace", "mpnb.frames")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_sandbox_imports_nothing_of_the_client() -> None:
    bad = [
        f"{p.relative_to(ROOT)}: {name}"
        for p in (ROOT / "sandbox").rglob("*.py")
        for name in _imports(p)
        if name.startswith(CLIENT_MODULES) or name == "mpnb"
    ]
    assert bad == []


def test_modules_stay_under_the_size_limit() -> None:
    too_big = [
        f"{p.relative_to(ROOT)}: {n}"
        for p in ROOT.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 650
    ]
    assert too_big == []


def test_every_module_declares_all() -> None:
    missing = [
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.py")
        if not p.name.startswith("__")
        and "__all__" not in p.read_text(encoding="utf-8")
        and "routes" not in p.parts
        and p.name not in ("demo.py", "_constants.py", "_version.py")
    ]
    assert missing == []
