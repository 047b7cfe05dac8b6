"""The client layer has no import cycles, lazy imports inside functions included (they hide cycles)."""

from __future__ import annotations

import ast
from pathlib import Path

import mpnb

ROOT = Path(mpnb.__file__).parent
CLIENT = [
    *sorted((ROOT / "entities").rglob("*.py")),
    *(
        ROOT / name
        for name in ("_http.py", "_models.py", "_paging.py", "errors.py", "_session.py", "_bulk.py", "_json.py")
    ),
]


def _module(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, known: set[str]) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        out |= {n for n in names if n in known}
    return out


def test_no_import_cycles_in_the_client_layer() -> None:
    modules = {_module(p): p for p in CLIENT}
    graph = {name: _imports(path, set(modules)) - {name} for name, path in modules.items()}
    seen: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in seen:
                visit(nxt, [*path, nxt])
        seen[node] = 2

    for name in sorted(graph):
        if name not in seen:
            visit(name, [name])
    assert graph["mpnb.entities.reports"].isdisjoint({"mpnb.entities.dashboards"})
    assert graph["mpnb.entities.dashboards"].isdisjoint({"mpnb.entities.reports"})
