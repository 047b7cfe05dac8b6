"""Colab renders ipywidgets 8 only after its custom widget manager is switched on; do it once, quietly."""

from __future__ import annotations

import sys

__all__ = ["enable_colab_widgets"]

_done = False


def _ipywidgets_major() -> int:
    import ipywidgets

    try:
        return int(str(ipywidgets.__version__).split(".")[0])
    except ValueError:
        return 0


def enable_colab_widgets() -> bool:
    """On Colab with ipywidgets 8, call ``google.colab.output.enable_custom_widget_manager()`` once.

    Returns True when it was called now. Elsewhere (or on 7.x, which Colab renders natively) it does nothing;
    a failure to enable it never stops a widget from being built.
    """
    global _done
    if _done or "google.colab" not in sys.modules or _ipywidgets_major() < 8:
        return False
    try:
        from google.colab import output  # type: ignore[import-not-found,unused-ignore]

        output.enable_custom_widget_manager()
    except Exception:
        return False
    _done = True
    return True
