"""Value checks of the experiment params: dates and variant splits (kept apart to keep each file short)."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

__all__ = ["check_date", "check_variants"]


def check_date(value: str | None, field: str) -> str | None:
    """``YYYY-MM-DD`` or an ISO 8601 datetime, else a ValueError naming ``field``."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        raise ValueError(f"{field} must be a date YYYY-MM-DD (or an ISO 8601 datetime), got {value!r}") from None
    return value


def check_variants(value: list[Any] | None) -> list[Any] | None:
    """Variant keys are unique and, when every variant carries a ``split``, the splits sum to 1 (or 100 %)."""
    if not value:
        return value
    keys = [v.get("key") for v in value if isinstance(v, dict) and v.get("key") is not None]
    dupes = sorted({str(k) for k in keys if keys.count(k) > 1})
    if dupes:
        raise ValueError(f"variants: each key must be unique; repeated: {', '.join(dupes)}")
    raw = [v.get("split") for v in value if isinstance(v, dict)]
    if len(raw) != len(value) or any(x is None for x in raw):
        return value
    splits: list[Any] = raw
    if any(isinstance(x, bool) or not isinstance(x, (int, float)) or x < 0 for x in splits):
        raise ValueError(f"variants: every split must be a number from 0 to 1 (or a percentage), got {splits}")
    total = float(sum(splits))
    if not (math.isclose(total, 1.0, abs_tol=1e-6) or math.isclose(total, 100.0, abs_tol=1e-4)):
        raise ValueError(f"variants: the splits must sum to 1 (or 100 %), they sum to {total:g}")
    return value
