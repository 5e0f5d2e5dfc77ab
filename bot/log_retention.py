"""Keeping the anonymous question log no longer than ``LOG_RETENTION_DAYS``, while the bot runs."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.chat_service import ChatService
from bot.ports import ChatApi
from bot.supervision import start_supervised

log = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 6 * 3600


class LogRetentionJob:
    """Deletes expired question-log entries at start and every few hours after that."""

    def __init__(
        self, chat: ChatService, keep_days: int, every: float = PURGE_EVERY_SECONDS
    ) -> None:
        self._chat = chat
        self._keep_days = keep_days
        self._every = every
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self, api: ChatApi) -> None:
        """Begin the purge loop (``api`` is unused: nobody needs telling)."""
        self._stop.clear()
        self._task = start_supervised("question-log purge", self._loop)

    async def _loop(self) -> None:
        while True:
            try:
                deleted = await self._chat.purge_old_log(self._keep_days)
                if deleted:
                    log.info(
                        "deleted %d question-log entries older than %d days",
                        deleted,
                        self._keep_days,
                    )
            except Exception:
                log.exception("could not purge the question log; will try again")
            if self._stop.is_set():
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self._every)

    async def stop(self) -> None:
        """Stop the loop; a purge in progress finishes first."""
        self._stop.set()
        if self._task is not None:
            await self._task
            self._task = None
