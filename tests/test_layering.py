"""Layers meet at public names: frames, widgets and the CLI never reach into another layer's privates.

Refused: a private attribute (``obj._x`` on anything but ``self``/``cls``, e.g. ``ws._http``),
``getattr(obj, "_x")``, ``obj.__dict__``, ``from <module> import _x`` from another layer, and a private
module of another of these layers (``mpnb.frames._plan`` from the CLI). Same-layer helpers are fine, and
so are the core's shared modules (``mpnb._bulk``, ``mpnb._constants``): they are imported, not reached into.
Dunders and IPython's display hooks (``_repr_html_``) are public protocol, and a module may use the private
attributes its own classes define.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "mpnb"
LAYERS = ("frames", "widgets", "cli", "audit", "copying", "restore", "graph", "doctor", "_records.py")
OTHER_LAYERS = (*LAYERS, "sandbox")

# Known offenders would be listed here (path: import); none are left, and the set may only shrink.
KNOWN: set[str] = set()


def _private(name: str) -> bool:
    dunder = name.startswith("__") and name.endswith("__")
    return name.startswith("_") and not dunder and not (name.startswith("_repr_") and name.endswith("_"))


def _private_module(module: str, layer: str) -> bool:
    parts = module.split(".")
    return (
        len(parts) > 2
        and parts[0] == "mpnb"
        and parts[1] in OTHER_LAYERS
        and parts[1] != layer
        and any(p.startswith("_") for p in parts[2:])
    )


def _own_attributes(tree: ast.AST) -> set[str]:
    """Private attributes the module's own classes define (``self._x = ...``, ``__slots__``): using them
    anywhere in that module stays inside it."""
    own: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                own.add(node.attr)
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__slots__" for t in node.targets
        ):
            own |= {c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return own


def _offences(path: Path, layer: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ROOT.parent).as_posix()
    own = _own_attributes(tree)
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            name = node.attr
            receiver = node.value.id if isinstance(node.value, ast.Name) else None
            if (_private(name) and receiver not in ("self", "cls") and name not in own) or name == "__dict__":
                out.append(f"{rel}:{node.lineno}: .{name}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "setattr"):
            if len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and _private(str(node.args[1].value)):
                out.append(f"{rel}:{node.lineno}: {node.func.id}(..., {node.args[1].value!r})")
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mpnb"):
            if node.module.startswith(f"mpnb.{layer}"):
                continue
            if _private_module(node.module, layer):
                out.append(f"{rel}:{node.lineno}: from {node.module} import")
            for alias in node.names:
                if _private(alias.name):
                    out.append(f"{rel}:{node.lineno}: from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _private_module(alias.name, layer):
                    out.append(f"{rel}:{node.lineno}: import {alias.name}")
    return out


def _all(layer: str) -> list[str]:
    where = ROOT / layer
    paths = [where] if where.is_file() else sorted(where.rglob("*.py"))
    return [o for p in paths for o in _offences(p, layer)]


@pytest.mark.parametrize("layer", LAYERS)
def test_no_reach_into_other_layers(layer: str) -> None:
    found = [o for o in _all(layer) if _key(o) not in KNOWN]
    assert not found, "private access across layers:\n" + "\n".join(found)


def test_known_exceptions_still_exist() -> None:
    """An exception that was fixed must leave ``KNOWN``, so the set only shrinks."""
    now = {_key(o) for layer in LAYERS for o in _all(layer)}
    assert not KNOWN - now, f"fixed, remove from KNOWN: {sorted(KNOWN - now)}"


def _key(offence: str) -> str:
    """``path: what`` without the line number, so an edit above it does not move the exception."""
    path, _, rest = offence.partition(":")
    return f"{path}:{rest.split(':', 1)[1]}"
