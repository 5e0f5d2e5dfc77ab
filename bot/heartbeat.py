"""The running bot's heartbeat: "seen" in the store every few seconds, for the command line.

``python -m bot broadcast`` only queues; the running bot delivers. So the command line reads
the latest beat and says so plainly when no bot has been seen recently, instead of "queued"
for a warning nobody will send (and ``--wait`` does not wait for a bot that is not there).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Callable

from bot.ports import ChatApi
from bot.store.heartbeat import HeartbeatStore
from bot.supervision import start_supervised

log = logging.getLogger(__name__)

BEAT_EVERY_SECONDS = 5.0
SEEN_RECENTLY_SECONDS = 30.0
"""A bot whose last beat is older than this is taken to be not running (six missed beats)."""


def seen_recently(last_seen: float | None, now: float) -> bool:
    """Whether a bot beat within :data:`SEEN_RECENTLY_SECONDS` of ``now``."""
    return last_seen is not None and now - last_seen <= SEEN_RECENTLY_SECONDS


class HeartbeatJob:
    """Beats while the bot runs; the row is removed when the bot stops cleanly."""

    def __init__(
        self,
        store: HeartbeatStore,
        every: float = BEAT_EVERY_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._every = every
        self._clock = clock
        self._instance = secrets.token_hex(8)
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self, api: ChatApi) -> None:
        """Beat now and every few seconds (``api`` is unused)."""
        self._stop.clear()
        self._task = start_supervised("heartbeat", self._loop)

    async def _loop(self) -> None:
        while not self._stop.is_set():
            await self._store.beat(self._instance, self._clock())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self._every)

    async def stop(self) -> None:
        """Stop beating and say so in the store."""
        self._stop.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        try:
            await self._store.end_beat(self._instance)
        except Exception as exc:  # the store may be the reason we stop
            log.warning("could not record that the bot stopped: %s", type(exc).__name__)
