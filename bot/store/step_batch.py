"""Group commit for the conversation steps of an embedded store.

SQLite has one writer. When many updates are handled at once, committing each step on its
own makes them queue for the connection one commit at a time. :class:`StepBatcher` lets
every step that arrives while a commit is running join the next one: each caller still
returns only after *its* step is committed (so it is durable before the reply goes out),
but a burst of a hundred updates costs a few commits instead of a hundred.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.store.base import LogEntry

MAX_BATCH = 500


@dataclass(frozen=True)
class Step:
    """One update's writes: the encoded state (None: delete it), its log rows, and the
    sealed user id to keep beside a state that has none yet (None: leave it)."""

    user_key: str
    state: str | None
    entries: tuple[LogEntry, ...]
    sealed_user: str | None = None


class StepBatcher:
    """Collects steps and writes them with ``write`` (one transaction per batch)."""

    def __init__(self, write: Callable[[Sequence[Step]], Awaitable[None]]) -> None:
        self._write = write
        self._waiting: list[tuple[Step, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def submit(self, step: Step) -> None:
        """Queue ``step`` and wait until the transaction holding it is committed."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((step, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._run())
        await future

    async def drain(self) -> None:
        """Wait for the steps already submitted to be written (before closing the store)."""
        if self._writer is not None:
            await asyncio.gather(self._writer, return_exceptions=True)

    async def _run(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
            # One user never has two steps in a batch: ChatService holds the user's lock
            # until their step is committed.
            try:
                await self._write([step for step, _ in batch])
            except BaseException as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                if not isinstance(exc, Exception):
                    raise
                continue
            for _, future in batch:
                if not future.done():
                    future.set_result(None)
