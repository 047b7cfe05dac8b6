"""No import cycle among mpnb's modules at import time (module-level imports, outside ``if TYPE_CHECKING``).

Imports inside functions are how a layer reaches a heavier one lazily (``import mpnb`` loads no pandas);
those are checked per layer in tests/entities/test_imports.py and below for the copy package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mpnb

ROOT = Path(mpnb.__file__).parent


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _targets(node: ast.AST, known: set[str]) -> set[str]:
    names: list[str] = []
    if isinstance(node, ast.ImportFrom) and node.module:
        subs = [f"{node.module}.{a.name}" for a in node.names]
        # ``from pkg import submodule`` loads the submodule (pkg is already loading): an edge to it alone
        names = subs if all(n in known for n in subs) else [node.module, *subs]
    elif isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    return {n for n in names if n in known}


def _top_level(tree: ast.Module, known: set[str]) -> set[str]:
    """Imports run when the module loads: module body statements, except ``if TYPE_CHECKING:`` blocks."""
    out: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.If) and "TYPE_CHECKING" in ast.unparse(stmt.test):
            continue
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for node in ast.walk(stmt):
            out |= _targets(node, known)
    return out


def _all_imports(tree: ast.Module, known: set[str]) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(tree):
        out |= _targets(node, known)
    return out


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    seen: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        seen[node] = 1
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in seen and (found := visit(nxt, [*path, nxt])):
                return found
        seen[node] = 2
        return None

    for name in sorted(graph):
        if name not in seen and (found := visit(name, [name])):
            return found
    return None


def _graph(paths: list[Path], edges: object) -> dict[str, set[str]]:
    modules = {_module(p): ast.parse(p.read_text(encoding="utf-8")) for p in paths}
    known = set(modules)
    return {name: edges(tree, known) - {name} for name, tree in modules.items()}  # type: ignore[operator]


def test_no_cycle_at_import_time_in_the_whole_package() -> None:
    cycle = _cycle(_graph(sorted(ROOT.rglob("*.py")), _top_level))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("package", ["copying", "sandbox/routes"])
def test_these_packages_have_no_cycle_even_through_lazy_imports(package: str) -> None:
    cycle = _cycle(_graph(sorted((ROOT / package).rglob("*.py")), _all_imports))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])
