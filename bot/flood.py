"""Flood control: a token bucket per user, so one flooder is slowed and nobody else is.

Kept in memory on purpose: losing it on restart only forgives a flooder early.
(``REDIS_URL`` deployments can share it between replicas later.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class FloodGuard:
    """Allow ``burst`` events at once and ``rate`` per second after that, per key."""

    def __init__(
        self, *, burst: int = 8, rate: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._burst = burst
        self._rate = rate
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def check(self, key: str) -> str:
        """``allow``, ``warn`` (first refusal: tell the user once) or ``drop`` (stay silent)."""
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(self._burst), now)
        bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.updated) * self._rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            if len(self._buckets) > 10_000:
                self._forget_idle(now)
            return "allow"
        if bucket.warned:
            return "drop"
        bucket.warned = True
        return "warn"

    def _forget_idle(self, now: float) -> None:
        """Drop buckets that are full again, so memory stays bounded."""
        full_after = self._burst / self._rate
        self._buckets = {k: b for k, b in self._buckets.items() if now - b.updated < full_after}
