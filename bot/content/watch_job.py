"""Hot reload inside the running bot: watch the files, tell the editors what happened.

A background job of the Telegram runtimes (started and stopped with the bot, like the
broadcast worker): a saved file is reloaded, a broken change is refused whole while the last
good content keeps serving, and every editor in ``EDITOR_IDS`` gets the result in Telegram.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from bot.content.reload import ContentReloader, ReloadResult, editor_message
from bot.errors import DeliveryError
from bot.ports import ChatApi
from bot.supervision import start_supervised

log = logging.getLogger(__name__)


class ContentWatchJob:
    """Runs :meth:`ContentReloader.watch` while the bot runs, messaging editors."""

    def __init__(self, reloader: ContentReloader, editor_ids: Sequence[int]) -> None:
        self._reloader = reloader
        self._editors = list(editor_ids)
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self, api: ChatApi) -> None:
        """Begin watching; ``api`` is how editors are told."""

        async def notify(result: ReloadResult) -> None:
            text = editor_message(result)
            for editor in self._editors:
                try:
                    await api.send(editor, text, ())
                except DeliveryError as exc:
                    log.info("could not tell editor about a reload: %s", exc)

        self._stop.clear()
        self._task = start_supervised(
            "content watcher", lambda: self._reloader.watch(self._stop, notify)
        )

    async def stop(self) -> None:
        """Stop watching and wait for a reload in progress to finish."""
        self._stop.set()
        if self._task is not None:
            await self._task
            self._task = None
