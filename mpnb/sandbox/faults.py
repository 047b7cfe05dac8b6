"""Fault injection for reliability tests: latency, 429 with Retry-After, 5xx and dropped connections.

A spec string such as ``"latency=0.05,429=0.1,500=0.05,drop=0.02,retry_after=1,seed=7"`` sets rates;
``queue(["429", "ok", "drop_after"])`` forces the next answers in order ("ok" = no fault), for deterministic
tests.
``drop`` loses the request before it is processed; ``drop_after`` processes it and then drops the answer,
the ambiguous case a non-idempotent call must report as "outcome unknown".
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

__all__ = ["FAULT_KINDS", "QUEUE_KINDS", "DropConnection", "FaultPlan"]

FAULT_KINDS = ("429", "500", "502", "503", "drop", "drop_after")
# "ok" in a queue lets the next request through, so a test can aim a fault at the n-th request.
QUEUE_KINDS = (*FAULT_KINDS, "ok")


class DropConnection(Exception):
    """The transport must close the connection without an answer."""

    def __init__(self, after_processing: bool) -> None:
        super().__init__("connection dropped")
        self.after_processing = after_processing


@dataclass
class FaultPlan:
    latency: float = 0.0
    rates: dict[str, float] = field(default_factory=dict)
    retry_after: float = 1.0
    seed: int = 0
    forced: list[str] = field(default_factory=list)
    _rng: random.Random = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    @classmethod
    def parse(cls, spec: str | None) -> FaultPlan:
        """Parse ``"latency=0.05,429=0.1,500=0.05,drop=0.02,retry_after=1,seed=7"``."""
        plan = cls()
        for item in (spec or "").split(","):
            item = item.strip()
            if not item:
                continue
            key, sep, value = item.partition("=")
            if not sep:
                raise ValueError(f"fault spec item {item!r} must look like key=value")
            try:
                number = float(value)
            except ValueError:
                raise ValueError(f"fault spec {key!r} needs a number, got {value!r}") from None
            if key == "latency":
                plan.latency = number
            elif key == "retry_after":
                plan.retry_after = number
            elif key == "seed":
                plan.seed = int(number)
            elif key in FAULT_KINDS:
                if not 0 <= number <= 1:
                    raise ValueError(f"fault rate {key!r} must be within 0..1, got {number}")
                plan.rates[key] = number
            else:
                raise ValueError(f"unknown fault {key!r}; known: latency, retry_after, seed, {', '.join(FAULT_KINDS)}")
        plan.__post_init__()
        return plan

    def queue(self, kinds: list[str]) -> None:
        """Force the next answers, in order, before any random fault."""
        for kind in kinds:
            if kind not in QUEUE_KINDS:
                raise ValueError(f"unknown fault {kind!r}; known: {', '.join(QUEUE_KINDS)}")
        with self._lock:
            self.forced.extend(kinds)

    def draw(self) -> str | None:
        """The fault for the next request, or ``None``."""
        with self._lock:
            if self.forced:
                kind = self.forced.pop(0)
                return None if kind == "ok" else kind
            for kind, rate in self.rates.items():
                if rate and self._rng.random() < rate:
                    return kind
        return None
