"""nbval runs the notebooks here (``--nbval-lax`` from pyproject's addopts) with the tests' isolation (S8).

The kernel inherits this process's environment when nbval starts it, so before the first cell of each
notebook: no ``MP_*``/``MPNB_*`` variable (the notebooks then use their own seeded sandbox) and a private
``MPNB_HOME``. Plots use the kernel's inline backend, which needs no display.

``NBVAL_SANDBOX_EXPORTS`` (a JSON object of a served sandbox's ``export`` lines, set by
``tests/test_notebooks_at_scale.py``) points the notebooks at that sandbox instead (a loopback URL, which
their ``connect()`` picks up): the same Run All on a 20,000-report project.
"""

from __future__ import annotations

import json
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
    os.environ.update(json.loads(os.environ.get("NBVAL_SANDBOX_EXPORTS") or "{}"))
    if not _home:
        _home.append(tempfile.mkdtemp(prefix="mpnb-notebooks-home-"))
    os.environ["MPNB_HOME"] = _home[0]
