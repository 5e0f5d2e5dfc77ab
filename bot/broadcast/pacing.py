"""Keeping every send of the bot inside Telegram's limits.

One :class:`Pacer` per bot process is shared by the broadcast worker and by replies to
users:

* broadcasts are paced in advance: a token bucket lets through ``rate`` messages per
  second (30 by default, Telegram's limit for bulk sends);
* replies to someone who just wrote are never delayed by the bucket, but they use it up,
  so a broadcast slows down to leave them room (:meth:`Pacer.note_send`);
* a 429 from Telegram, on any send, pauses *every* send until its ``retry_after`` has
  passed (:meth:`Pacer.pause`): sending earlier only earns longer bans.

:class:`PacedChatApi` wraps an adapter's :class:`~bot.adapters.delivery.ChatApi` so
replies take part.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from bot.adapters.delivery import ChatApi, Rows
from bot.errors import RetryLater

T = TypeVar("T")

DEFAULT_RATE = 30.0
_EPSILON = 1e-9
_MIN_SLEEP = 1e-4


class Pacer:
    """A token bucket of ``rate`` sends per second with a global pause; ``clock`` in seconds.

    ``burst`` is how many sends may go at once after a quiet moment (default one at 30/s,
    a thirtieth of a second's worth above): the bucket still makes up for the event loop's
    small delays, and no one-second window holds more than ``rate + burst`` sends.
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
        self.capacity = burst if burst is not None else max(1.0, rate / 30)
        self._clock = clock
        self._sleep = sleep
        self._tokens = self.capacity
        self._updated = clock()
        self._paused_until = 0.0

    def _refill(self, now: float) -> None:
        if now > self._updated:  # the bucket does not fill during a pause (see pause)
            self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
            self._updated = now

    @property
    def paused_for(self) -> float:
        """Seconds until sending may resume after a 429 (0 when not paused)."""
        return max(0.0, self._paused_until - self._clock())

    async def pause(self, seconds: float) -> None:
        """Telegram said ``retry_after``: nothing is sent for ``seconds`` from now."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)
        self._refill(self._clock())
        # No burst right after a ban: the bucket starts empty when the pause ends.
        self._tokens = min(self._tokens, 0.0)
        self._updated = max(self._updated, self._paused_until)

    async def wait_unpaused(self) -> None:
        """Return once no 429 pause is running."""
        while (wait := self.paused_for) > 0:
            await self._sleep(wait)

    async def acquire(self) -> None:
        """Wait for a pause to end and for a token, then take it (one broadcast message)."""
        while True:
            await self.wait_unpaused()
            now = self._clock()
            self._refill(now)
            # The epsilon: after sleeping exactly the missing time, rounding can leave the
            # bucket a hair short of a token, and a clock of large values may not advance
            # by so tiny a sleep at all.
            if self._tokens >= 1 - _EPSILON:
                self._tokens -= 1
                return
            await self._sleep(max((1 - self._tokens) / self.rate, _MIN_SLEEP))

    async def note_send(self) -> None:
        """A reply was sent outside the bucket: take its token, even into debt."""
        self._refill(self._clock())
        self._tokens -= 1


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
