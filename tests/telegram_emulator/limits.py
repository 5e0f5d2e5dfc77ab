"""Flood control like Telegram's, and the statistics that tell whether a bot respects it.

Telegram's documented guidance: about 30 messages per second overall, about one per
second in one chat (short bursts tolerated), and 20 per minute in a group.  Going over
earns a 429 with ``retry_after``; a well-behaved sender waits that long.  The emulator
enforces configurable limits (off by default, so ordinary tests stay fast) and counts
*early retries* — sends made while a returned ``retry_after`` was still running — which
is the number a delivery/broadcast test wants to be zero.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .errors import ApiError, too_many_requests


@dataclass(frozen=True)
class Limits:
    """Which flood limits are on; ``None`` switches a limit off.

    ``Limits()`` is all off; ``Limits.telegram()`` is Telegram's documented numbers.
    """

    global_per_second: float | None = None
    per_chat_per_second: float | None = None
    per_chat_burst: int = 3
    group_per_minute: float | None = None

    @classmethod
    def telegram(cls) -> Limits:
        """30 msg/s overall, 1 msg/s per chat (burst 3), 20 msg/min per group."""
        return cls(global_per_second=30, per_chat_per_second=1, group_per_minute=20)

    @property
    def enabled(self) -> bool:
        return any(
            x is not None
            for x in (self.global_per_second, self.per_chat_per_second, self.group_per_minute)
        )


@dataclass
class _Bucket:
    """Token bucket: ``capacity`` sends at once, refilled at ``rate`` per second."""

    capacity: float
    rate: float
    tokens: float
    updated: float

    def wait_time(self, now: float) -> float:
        """Seconds until one token is available (0 if one is available now)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        self.tokens -= 1


@dataclass(frozen=True)
class SendRecord:
    """One send attempt: when (monotonic seconds), where, which method, and the outcome."""

    time: float
    chat_id: int
    method: str
    status: int
    message_id: int | None = None


@dataclass
class Stats:
    """What the bot sent and how it behaved under flood control."""

    sends_accepted: int = 0
    rate_limited: int = 0
    early_retries: int = 0
    per_chat: Counter[int] = field(default_factory=Counter)
    sends: list[SendRecord] = field(default_factory=list)
    requests: Counter[str] = field(default_factory=Counter)

    @property
    def attempts(self) -> int:
        return len(self.sends)

    def delivered_to(self, chat_id: int) -> int:
        return self.per_chat[chat_id]

    def timestamps(self, chat_id: int | None = None) -> list[float]:
        """Times of accepted sends (optionally to one chat), oldest first."""
        return [
            s.time
            for s in self.sends
            if s.status == 200 and (chat_id is None or s.chat_id == chat_id)
        ]

    def max_sends_in_window(self, window: float = 1.0, chat_id: int | None = None) -> int:
        """Most accepted sends inside any ``window``-second span (for benchmarks)."""
        times = self.timestamps(chat_id)
        best = start = 0
        for end, t in enumerate(times):
            while t - times[start] >= window:
                start += 1
            best = max(best, end - start + 1)
        return best


class FloodControl:
    """Applies :class:`Limits` to send attempts and records them in :class:`Stats`."""

    def __init__(self, limits: Limits, stats: Stats) -> None:
        self.limits = limits
        self.stats = stats
        self._global: _Bucket | None = None
        self._chats: dict[int, _Bucket] = {}
        self._groups: dict[int, _Bucket] = {}
        self._global_penalty_until = 0.0
        self._chat_penalty_until: dict[int, float] = {}

    def admit(self, chat_id: int, is_group: bool, now: float) -> None:
        """Let one send through, or raise a 429 (counting an early retry if it is one)."""
        penalties = [self._global_penalty_until, self._chat_penalty_until.get(chat_id, 0.0)]
        waiting = max(penalties) - now
        if waiting > 0:
            self.stats.early_retries += 1
            self.stats.rate_limited += 1
            raise too_many_requests(waiting)
        buckets: list[tuple[_Bucket, bool]] = []
        if self.limits.global_per_second is not None:
            rate = self.limits.global_per_second
            self._global = self._global or _Bucket(rate, rate, rate, now)
            buckets.append((self._global, True))
        if self.limits.per_chat_per_second is not None:
            burst = float(max(1, self.limits.per_chat_burst))
            rate = self.limits.per_chat_per_second
            bucket = self._chats.setdefault(chat_id, _Bucket(burst, rate, burst, now))
            buckets.append((bucket, False))
        if is_group and self.limits.group_per_minute is not None:
            cap = self.limits.group_per_minute
            bucket = self._groups.setdefault(chat_id, _Bucket(cap, cap / 60, cap, now))
            buckets.append((bucket, False))
        worst: tuple[float, bool] = (0.0, False)
        for bucket, is_global in buckets:
            wait = bucket.wait_time(now)
            if wait > worst[0]:
                worst = (wait, is_global)
        if worst[0] > 0:
            error = too_many_requests(worst[0])
            assert error.parameters is not None
            until = now + error.parameters["retry_after"]
            if worst[1]:
                self._global_penalty_until = until
            else:
                self._chat_penalty_until[chat_id] = until
            self.stats.rate_limited += 1
            raise error
        for bucket, _ in buckets:
            bucket.take()

    def record(
        self, now: float, chat_id: int, method: str, error: ApiError | None, message_id: int | None
    ) -> None:
        status = 200 if error is None else error.error_code
        self.stats.sends.append(SendRecord(now, chat_id, method, status, message_id))
        if error is None:
            self.stats.sends_accepted += 1
            self.stats.per_chat[chat_id] += 1
