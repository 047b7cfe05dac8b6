"""Imports run downwards: no import circle anywhere in ``mpnb/``, counting the imports made inside functions
and those made for typing alone (both hide a circle as well as a module-level one does), and no arrow from
a lower layer to a higher one.

A layer above reaches a layer below by importing it; a lower layer that needs something from above gets a
hook or a registry entry instead (the Workspace is made of the frames' and the audit's mixins at the top,
``mpnb.Workspace``; a family's per-layer parts are found by name through ``REGISTRY.slices``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mpnb

ROOT = Path(mpnb.__file__).parent

# The layers, lowest first; a module may import its own layer and the ones before it, never a later one.
# (The sandbox is apart: an independent server that imports nothing from the client; test_layering.py.)
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "core",
        (
            "mpnb._http",
            "mpnb._bulk",
            "mpnb._models",
            "mpnb._paging",
            "mpnb._session",
            "mpnb._backup",
            "mpnb.errors",
            "mpnb._json",
            "mpnb._httpx",
            "mpnb._limiter",
            "mpnb._constants",
            "mpnb._version",
            "mpnb._reset",
            "mpnb._gc",
            "mpnb._progress",
            "mpnb._wire",
        ),
    ),
    ("entities", ("mpnb.entities",)),
    ("registry", ("mpnb._registry", "mpnb._families")),
    ("facade", ("mpnb._records", "mpnb._workspace")),
    ("graph", ("mpnb.graph",)),
    ("frames", ("mpnb.frames", "mpnb.restore")),
    ("journeys", ("mpnb.audit", "mpnb.copying", "mpnb.doctor")),
    ("face", ("mpnb.cli", "mpnb.widgets", "mpnb.notebook", "mpnb.demo", "mpnb")),
]


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
    """Every import the module names: at load time, inside functions and for typing alone."""
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


def _client() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "sandbox" not in p.relative_to(ROOT).parts)


def test_no_cycle_at_import_time_in_the_whole_package() -> None:
    cycle = _cycle(_graph(sorted(ROOT.rglob("*.py")), _top_level))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_cycle_anywhere_counting_lazy_and_typing_imports() -> None:
    cycle = _cycle(_graph(sorted(ROOT.rglob("*.py")), _all_imports))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def _layer(module: str) -> int:
    best, rank = -1, -1
    for i, (_, prefixes) in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best:
                best, rank = len(p), i
    return rank


def test_every_client_module_has_a_layer() -> None:
    lost = [m for m in map(_module, _client()) if _layer(m) < 0]
    assert not lost, f"modules on no layer (add them to LAYERS): {lost}"


@pytest.mark.parametrize("name", [name for name, _ in LAYERS])
def test_no_import_runs_upwards(name: str) -> None:
    graph = _graph(_client(), _all_imports)
    ups = [
        f"{m} -> {t}"
        for m, targets in graph.items()
        if LAYERS[_layer(m)][0] == name
        for t in sorted(targets)
        if _layer(t) > _layer(m) and not m.startswith(t + ".")  # a module's own package loads first anyway
    ]
    assert not ups, f"imports from the {name} layer up to a higher one:\n" + "\n".join(ups)
