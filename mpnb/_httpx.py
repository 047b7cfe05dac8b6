"""Load httpx without its command-line client (imported first by ``mpnb/__init__``).

``import httpx`` also imports ``httpx._main``, its command-line client, which loads click, pygments and
rich when they are installed, as they are with mpnb: 35 ms of every ``import mpnb`` for a command mpnb
never runs. While httpx loads, that module is marked absent, so httpx keeps its stand-in ``main``; the
mark is then removed, so ``import httpx._main`` still works. The ``httpx`` console command runs in a
process of its own and is not affected.
"""

from __future__ import annotations

import sys

__all__: list[str] = []

if "httpx" not in sys.modules:
    sys.modules["httpx._main"] = None  # type: ignore[assignment]
    try:
        import httpx  # noqa: F401
    finally:
        if "httpx._main" in sys.modules and sys.modules["httpx._main"] is None:
            del sys.modules["httpx._main"]
