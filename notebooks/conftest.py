"""nbval runs the notebooks here (``--nbval-lax`` from pyproject's addopts) with the tests' isolation (S8).

The kernel inherits this process's environment when nbval starts it, so before the first cell of each
notebook: no ``MP_*``/``MPNB_*`` variable (the notebooks then use their own seeded sandbox) and a private
``MPNB_HOME``. Plots use the kernel's inline backend, which needs no display.
"""

from __future__ import annotations

import os
import tempfile

import pytest

_home: list[str] = []


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if not str(item.fspath).endswith(".ipynb"):
        return
    for key in list(os.environ):
        if key.startswith(("MP_", "MPNB_")):
            del os.environ[key]
    if not _home:
        _home.append(tempfile.mkdtemp(prefix="mpnb-notebooks-home-"))
    os.environ["MPNB_HOME"] = _home[0]
