"""Client-side pacing: at most N request starts per minute, shared by every thread of one Http."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["Limiter"]


class Limiter:
    """Spaces request starts so at most ``per_minute`` start in any minute (``None`` = off)."""

    def __init__(self, per_minute: int | None, sleep: Callable[[float], None]) -> None:
        self.interval = 60.0 / per_minute if per_minute else 0.0
        self._next = 0.0
        self._lock = threading.Lock()
        self._sleep = sleep

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)
