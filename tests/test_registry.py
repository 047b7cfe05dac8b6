"""The registry is the one list of families: every family has its part in every layer, and no generic code
lists families or asks ``family == "<name>"`` (it asks the family's registry entry instead)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import mpnb
from mpnb._families import REGISTRY

ROOT = Path(mpnb.__file__).parent
NAMES = set(REGISTRY.names)

# Where each layer keeps a family's part: module path template -> the attribute it must define (None: the
# module itself, e.g. audit rules that register as they load).
SLICES = {
    "mpnb.entities.{name}": "FAMILY",
    "mpnb.frames.families.{name}": "SPEC",
    "mpnb.restore.{name}": "RESTORE",
    "mpnb.copying.families.{name}": "COPY",
    "mpnb.audit.{name}": None,
    "mpnb.doctor.families.{name}": "DOCTOR",
    "mpnb.cli.{name}": "group",
}
SANDBOX = ("sandbox/routes/{name}.py", "sandbox/seed/{name}.py")


@pytest.mark.parametrize("family", REGISTRY.names)
def test_every_family_has_its_part_in_every_layer(family: str) -> None:
    for template, attribute in SLICES.items():
        module = importlib.import_module(template.format(name=family))
        assert attribute is None or hasattr(module, attribute), f"{module.__name__} has no {attribute}"
    for template in SANDBOX:
        assert (ROOT / template.format(name=family)).is_file(), f"the sandbox has no {template.format(name=family)}"
    fam = REGISTRY.get(family)
    assert fam.name == family and fam.singular and fam.model is not None and hasattr(fam.ops, "LIST")
    for ref in fam.references:
        assert ref.find({}) == [], f"{family}: a reference must find nothing in an empty record"


def _own_slice(path: Path) -> str | None:
    """The family whose own part this file is (``frames/families/reports.py`` -> reports), if any."""
    stem = path.stem.removesuffix("_models").removesuffix("_rules")
    if stem in NAMES:
        return stem
    return path.parent.name if path.parent.name in NAMES else None


def _generic_files() -> list[Path]:
    skip = {ROOT / "_families.py"}
    return sorted(p for p in ROOT.rglob("*.py") if p not in skip and "sandbox" not in p.relative_to(ROOT).parts)


def _strings(node: ast.AST) -> list[str]:
    return [c.value for c in ast.walk(node) if isinstance(c, ast.Constant) and isinstance(c.value, str)]


def test_no_list_of_family_names_outside_the_registry() -> None:
    found = []
    for path in _generic_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
                elements = node.keys if isinstance(node, ast.Dict) else node.elts
                named = {e.value for e in elements if isinstance(e, ast.Constant) and e.value in NAMES}
                if len(named) >= 3:
                    found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: {sorted(named)}")
    assert not found, "family names listed outside mpnb/_families.py:\n" + "\n".join(found)


def test_generic_code_never_compares_with_a_family_name() -> None:
    found = []
    for path in _generic_files():
        own = _own_slice(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Compare):
                continue
            named = {s for s in _strings(node) if s in NAMES and s != own}
            if named:
                found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: {ast.unparse(node)}")
    assert not found, "generic code asking for a family by name (ask its registry entry):\n" + "\n".join(found)
