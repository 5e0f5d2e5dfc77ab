"""Keeping every send of the bot inside Telegram's limits.

One :class:`Pacer` per bot process is shared by the broadcast worker and by replies to
users:

* broadcasts are paced in advance on a schedule (GCRA, "virtual scheduling"): the n-th
  send is due ``n / rate`` seconds after the first, and a send that woke a little late
  does not push the rest of the schedule back, so the event loop's small delays cost
  nothing; on top, no ``1 s`` window ever holds more than ``rate`` sends (a sliding window
  over the last sends), however the schedule catches up;
* replies to someone who just wrote are never delayed, but they use up slots of the
  schedule and of the window, so a broadcast slows down to leave them room
  (:meth:`Pacer.note_send`);
* a 429 from Telegram, on any send, pauses *every* send until its ``retry_after`` has
  passed (:meth:`Pacer.pause`): sending earlier only earns longer bans.

:class:`PacedChatApi` wraps an adapter's :class:`~bot.ports.ChatApi` so
replies take part. :class:`bot.replicas.budget.RedisBudget` is the same algorithm in one
atomic Redis script, for several replicas.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from bot.errors import RetryLater
from bot.ports import ChatApi, Rows

T = TypeVar("T")

DEFAULT_RATE = 30.0
DEFAULT_BURST = 3.0
_EPSILON = 1e-9
_MIN_SLEEP = 1e-4


def window_of(rate: float) -> tuple[int, float]:
    """The sliding window for ``rate``: at most ``count`` sends in any ``seconds``.

    For a whole rate that is ``rate`` sends a second; for a slow or fractional one, the
    longest window that still lets ``rate`` through (2.5/s: 2 sends in any 0.8 s).
    """
    count = max(1, math.floor(rate + _EPSILON))
    return count, count / rate


class Pacer:
    """A schedule of ``rate`` sends per second with a global pause; ``clock`` in seconds.

    ``burst`` is how many sends may go at once after a quiet moment (3 by default): it is
    also how far a late schedule may catch up, which is what keeps the rate at ``rate``
    when the event loop wakes a send a few milliseconds late. Whatever the burst, no
    window of ``window_of(rate)`` holds more sends than the rate allows.
    """

    def __init__(
        self,
        rate: float = DEFAULT_RATE,
        *,
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = max(1.0, burst if burst is not None else DEFAULT_BURST)
        self._interval = 1 / rate
        self._tolerance = (self.capacity - 1) * self._interval
        self._count, self._window = window_of(rate)
        self._clock = clock
        self._sleep = sleep
        self._due = clock()  # when the next send is due on the schedule
        self._recent: deque[float] = deque(maxlen=self._count)  # the last sends' times
        self._paused_until = 0.0

    @property
    def paused_for(self) -> float:
        """Seconds until sending may resume after a 429 (0 when not paused)."""
        return max(0.0, self._paused_until - self._clock())

    def _wait(self, now: float) -> float:
        """Seconds until the next send may go (0: now)."""
        ready = max(self._due, self._paused_until)
        if len(self._recent) == self._count:
            ready = max(ready, self._recent[0] + self._window)
        return max(0.0, ready - now)

    def _take(self, now: float) -> None:
        """Record a send at ``now``: the schedule moves on by one slot."""
        self._due = max(self._due, now - self._tolerance) + self._interval
        self._recent.append(now)

    async def pause(self, seconds: float) -> None:
        """Telegram said ``retry_after``: nothing is sent for ``seconds`` from now."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)
        # No burst right after a ban: the schedule restarts when the pause ends.
        self._due = max(self._due, self._paused_until)

    async def wait_unpaused(self) -> None:
        """Return once no 429 pause is running."""
        while (wait := self.paused_for) > 0:
            await self._sleep(wait)

    async def acquire(self) -> None:
        """Wait for a pause to end and for the next slot, then take it (one broadcast message)."""
        while True:
            now = self._clock()
            # The epsilon: after sleeping exactly the missing time, rounding can leave the
            # clock a hair short, and a clock of large values may not advance by so tiny a
            # sleep at all.
            wait = self._wait(now)
            if wait <= _EPSILON:
                self._take(now)
                return
            await self._sleep(max(wait, _MIN_SLEEP))

    async def note_send(self) -> None:
        """A reply was sent outside the schedule: it takes a slot, even one not due yet."""
        self._take(self._clock())


class SendBudget(Protocol):
    """What the worker and replies need from a budget: :class:`Pacer` in one process,
    :class:`bot.replicas.budget.RedisBudget` shared by every replica."""

    rate: float

    async def acquire(self) -> None:
        """Wait for any 429 pause to end and for a token, then take it."""
        ...

    async def pause(self, seconds: float) -> None:
        """Stop every send for ``seconds`` (a 429's ``retry_after``)."""
        ...

    async def wait_unpaused(self) -> None:
        """Return once no 429 pause is running."""
        ...

    async def note_send(self) -> None:
        """A reply went out outside the bucket: take its token, even into debt."""
        ...


class PacedChatApi:
    """A :class:`ChatApi` whose sends honour every pause and use up the shared budget."""

    def __init__(self, api: ChatApi, pacer: SendBudget) -> None:
        self._api = api
        self._pacer = pacer

    async def _call(self, call: Callable[[], Awaitable[T]], *, counts: bool) -> T:
        await self._pacer.wait_unpaused()
        try:
            result = await call()
        except RetryLater as exc:
            await self._pacer.pause(exc.retry_after)
            raise
        if counts:
            await self._pacer.note_send()
        return result

    async def send(self, chat_id: int, text: str, buttons: Rows) -> int:
        """Send, after any pause; counts against the broadcast budget."""
        return await self._call(lambda: self._api.send(chat_id, text, buttons), counts=True)

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Rows) -> None:
        """Edit, after any pause."""
        await self._call(lambda: self._api.edit(chat_id, message_id, text, buttons), counts=False)

    async def answer_press(self, press_id: str, toast: str | None) -> None:
        """Answer a press at once: the user is looking at a spinner, and it sends no message."""
        await self._api.answer_press(press_id, toast)

    async def send_photo(self, chat_id: int, photo: bytes, caption: str, buttons: Rows) -> int:
        """Send a picture, after any pause; counts against the broadcast budget."""
        return await self._call(
            lambda: self._api.send_photo(chat_id, photo, caption, buttons), counts=True
        )

    async def send_voice(
        self, chat_id: int, voice: bytes | str, duration: int, caption: str, buttons: Rows
    ) -> str:
        """Send a voice note, after any pause; counts against the broadcast budget."""
        return await self._call(
            lambda: self._api.send_voice(chat_id, voice, duration, caption, buttons), counts=True
        )
