"""Widget tests build real ipywidgets in plain pytest (no kernel: ipywidgets uses a dummy comm)."""

from __future__ import annotations

import pytest

import mpnb.widgets._colab as colab


@pytest.fixture(autouse=True)
def _colab_not_enabled_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as if no widget had been shown in this process."""
    monkeypatch.setattr(colab, "_done", False)
