"""The sandbox finds its families by looking in its folders: a family is its own files, listed nowhere else.

``mpnb/sandbox/routes/<family>.py`` (a ``ROUTES`` table) and ``mpnb/sandbox/seed/<family>.py`` (``seed``,
and ``AFTER`` naming the seed modules it must follow) are picked up as they are; no list of families may
creep back into the sandbox, and no two route modules may answer the same request (so the order in which
they are found cannot matter).
"""

from __future__ import annotations

import ast
import contextlib
import re
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest

from mpnb.sandbox import DEMO_SECRET, DEMO_USERNAME, Sandbox, SandboxTransport
from mpnb.sandbox import routes as routes_package
from mpnb.sandbox import seed as seed_package
from mpnb.sandbox.router import Route
from mpnb.sandbox.routes import all_routes, route_modules
from mpnb.sandbox.seed import seed_modules, seed_order

SANDBOX = Path(routes_package.__file__).resolve().parents[1]


def _short(module: object) -> str:
    return str(getattr(module, "__name__", "")).rpartition(".")[2]


def _family_words() -> set[str]:
    """Every family's module names and the tables its demo data fills."""
    words = {_short(m) for m in (*route_modules(), *seed_modules())}
    return words | set(Sandbox(size=20).store.tables)


def _lists_of_families(path: Path, words: set[str]) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(SANDBOX.parent) if path.is_relative_to(SANDBOX.parent) else path.name
    for node in ast.walk(tree):
        items: list[ast.AST | None] = []
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items = list(node.elts)
        elif isinstance(node, ast.Dict):
            items = list(node.keys)
        elif isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names if a.name in words]
            if len(names) >= 3:
                yield f"{where}:{node.lineno}: import of {', '.join(names)}"
            continue
        found = []
        for item in items:
            if isinstance(item, ast.Constant) and isinstance(item.value, str) and item.value in words:
                found.append(item.value)
            elif isinstance(item, ast.Name) and item.id in words:
                found.append(item.id)
            elif isinstance(item, ast.Attribute) and item.attr in words:
                found.append(item.attr)
        if len(found) >= 3:
            yield f"{where}:{node.lineno}: {', '.join(found)}"


def test_no_list_of_families_in_the_sandbox() -> None:
    words = _family_words()
    assert {"reports", "dashboards", "bookmarks"} <= words  # the test knows what it looks for
    offences = [o for path in sorted(SANDBOX.rglob("*.py")) for o in _lists_of_families(path, words)]
    assert offences == [], "families are found by looking in routes/ and seed/, not listed:\n" + "\n".join(offences)


def test_the_test_sees_lists_literals_and_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'ORDER = ["dashboards", "reports", "alerts"]\n'
        "MODULES = (dashboards, reports, alerts)\n"
        "from mpnb.sandbox.routes import alerts, dashboards, reports\n"
        'PAIR = ("dashboards", "reports")\n',
        encoding="utf-8",
    )
    found = list(_lists_of_families(sample, {"dashboards", "reports", "alerts"}))
    assert sorted(line.split(":")[1] for line in found) == ["1", "2", "3"]


def test_seed_modules_run_after_what_they_declare() -> None:
    order = [_short(m) for m in seed_modules()]
    assert {"dashboards", "reports", "alerts"} <= set(order)
    for n, module in enumerate(seed_modules()):
        for before in getattr(module, "AFTER", ()):
            assert before in order[:n], f"{_short(module)} runs before {before}, which it declares it needs"


def test_seed_order_refuses_cycles_and_unknown_names() -> None:
    assert seed_order({"b": ("a",), "a": (), "c": ("b",), "aa": ()}) == ["a", "aa", "b", "c"]
    with pytest.raises(RuntimeError, match="wait on each other: a, b"):
        seed_order({"a": ("b",), "b": ("a",)})
    with pytest.raises(RuntimeError, match="do not exist: nope"):
        seed_order({"a": ("nope",)})


def _segments_meet(a: str, b: str) -> bool:
    if not a.startswith("{") and not b.startswith("{"):
        return a == b
    if a.startswith("{") and b.startswith("{"):
        return True
    literal, param = (b, a) if a.startswith("{") else (a, b)
    return not param.endswith(":int}") or re.fullmatch(r"-?\d+", literal) is not None


def _may_answer_the_same(a: Route, b: Route) -> bool:
    sa, sb = a.pattern.split("/"), b.pattern.split("/")
    return (
        a.method == b.method
        and bool(set(a.scopes) & set(b.scopes))
        and len(sa) == len(sb)
        and all(_segments_meet(x, y) for x, y in zip(sa, sb, strict=True))
    )


def test_no_two_route_modules_answer_the_same_request() -> None:
    tagged = [(_short(m), r) for m in route_modules() for r in m.ROUTES]
    assert len(tagged) == len(all_routes()) and len({m for m, _ in tagged}) >= 8
    clashes = [
        f"{ma} {a.method} {a.pattern} / {mb} {b.pattern}"
        for i, (ma, a) in enumerate(tagged)
        for mb, b in tagged[i + 1 :]
        if ma != mb and _may_answer_the_same(a, b)
    ]
    assert clashes == []


@contextlib.contextmanager
def _throwaway_family(tmp_path: Path) -> Iterator[None]:
    """A family that exists only as two new files (its routes and its demo data), outside the repository."""
    (tmp_path / "routes").mkdir()
    (tmp_path / "seed").mkdir()
    (tmp_path / "routes" / "zz_gadgets.py").write_text(
        "from mpnb.sandbox.router import Routes\n"
        "from mpnb.sandbox.store import public\n"
        "ROUTES = Routes()\n"
        "@ROUTES.add('GET', 'gadgets')\n"
        "def list_gadgets(ctx, req):\n"
        "    return [public(g) for g in ctx.store.table('gadgets').values()]\n",
        encoding="utf-8",
    )
    (tmp_path / "seed" / "zz_gadgets.py").write_text(
        "import random\n"
        "AFTER = ('reports',)\n"
        "def seed(s):\n"
        "    rng = random.Random(f'gadgets:{s.config.seed}')\n"
        "    first = min(int(k) for k in s.store.table('bookmarks'))\n"
        "    s.store.put('gadgets', 1, {'id': 1, 'report': first, 'spin': rng.random(), '_secret': 1})\n",
        encoding="utf-8",
    )
    routes_package.__path__.append(str(tmp_path / "routes"))
    seed_package.__path__.append(str(tmp_path / "seed"))
    route_modules.cache_clear(), all_routes.cache_clear(), seed_modules.cache_clear()
    try:
        yield
    finally:
        routes_package.__path__.remove(str(tmp_path / "routes"))
        seed_package.__path__.remove(str(tmp_path / "seed"))
        for name in ("mpnb.sandbox.routes.zz_gadgets", "mpnb.sandbox.seed.zz_gadgets"):
            sys.modules.pop(name, None)
        route_modules.cache_clear(), all_routes.cache_clear(), seed_modules.cache_clear()


def test_a_new_family_is_its_own_files_only(tmp_path: Path) -> None:
    day = datetime(2026, 3, 1, tzinfo=timezone.utc)
    before = Sandbox(seed=1, size=20, clock=lambda: day).store.to_json()["tables"]
    with _throwaway_family(tmp_path):
        order = [_short(m) for m in seed_modules()]
        assert order.index("zz_gadgets") > order.index("reports")
        sb = Sandbox(seed=1, size=20, clock=lambda: day)
        with httpx.Client(
            transport=SandboxTransport(sb),
            base_url="http://sandbox.localhost/api/app",
            auth=(DEMO_USERNAME, DEMO_SECRET),
        ) as raw:
            gadgets = raw.get("/projects/1000/gadgets").json()["results"]
    assert len(gadgets) == 1 and set(gadgets[0]) == {"id", "report", "spin"}
    after = sb.store.to_json()["tables"]
    assert after.pop("gadgets") and after == before  # nothing else changed
