"""What the doctor sees of every answer, through the Workspace's answer hook: statuses, rate-limit headers,
429s with and without ``Retry-After``, and the last answer (so a list call's envelope can be looked at).

Only header names that speak of rate limits are kept, with short values; no other header, no request.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from typing import Any

import httpx

__all__ = ["Watch"]

_LIMIT_HEADER = re.compile(r"rate-?limit|retry-after|quota|throttl", re.I)
_SAFE_VALUE = re.compile(r"^[A-Za-z0-9 .,;:=/_-]{1,40}$")


class Watch:
    """Call it with each answer (``ws.on_answer(watch)``); read what it gathered afterwards."""

    def __init__(self) -> None:
        self.statuses: Counter[int] = Counter()
        self.limit_headers: dict[str, set[str]] = {}
        self.limited = 0  # 429 answers
        self.limited_with_retry_after = 0
        self._last: httpx.Response | None = None
        self._lock = threading.Lock()

    def __call__(self, response: httpx.Response) -> None:
        with self._lock:
            status = response.status_code
            self.statuses[status] += 1
            for name, value in response.headers.items():
                if _LIMIT_HEADER.search(name) and not (status == 429 and name.lower() == "retry-after"):
                    values = self.limit_headers.setdefault(name.lower(), set())
                    if len(values) < 5:
                        values.add(value if _SAFE_VALUE.match(value) else "(value not shown)")
            if status == 429:
                self.limited += 1
                self.limited_with_retry_after += "retry-after" in response.headers
            self._last = response

    def forget(self) -> None:
        """Drop the last answer (call before a read whose answer you want to look at)."""
        with self._lock:
            self._last = None

    def last_body(self) -> Any:
        """The JSON of the last answer (read by the HTTP layer already), or None."""
        with self._lock:
            last, self._last = self._last, None
        if last is None:
            return None
        try:
            return json.loads(last.content) if last.content else None
        except (ValueError, httpx.HTTPError):
            return None

    def summary(self) -> dict[str, Any]:
        return {
            "answers": sum(self.statuses.values()),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "rate_limit_headers": {k: sorted(v) for k, v in sorted(self.limit_headers.items())},
            "answers_429": self.limited,
            "answers_429_with_retry_after": self.limited_with_retry_after,
        }
