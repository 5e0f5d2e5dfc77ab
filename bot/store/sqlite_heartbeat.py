"""Heartbeats on SQLite (see :mod:`bot.store.heartbeat`); a mixin of SqliteStore."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING

import aiosqlite

from bot.store.sqlite_subscriptions import fetch_rows, run_sql


class SqliteHeartbeat:
    """See :class:`bot.store.heartbeat.HeartbeatStore`."""

    if TYPE_CHECKING:  # provided by SqliteStore

        def _locked(self) -> AbstractAsyncContextManager[aiosqlite.Connection]: ...

    async def beat(self, instance: str, now: float) -> None:
        """See :meth:`bot.store.heartbeat.HeartbeatStore.beat`."""
        async with self._locked() as connection:
            await run_sql(
                connection,
                "INSERT INTO bot_heartbeat (instance, seen_at) VALUES (?, ?) "
                "ON CONFLICT (instance) DO UPDATE SET seen_at = excluded.seen_at",
                (instance, now),
            )

    async def last_seen(self) -> float | None:
        """See :meth:`bot.store.heartbeat.HeartbeatStore.last_seen`."""
        async with self._locked() as connection:
            rows = await fetch_rows(connection, "SELECT MAX(seen_at) FROM bot_heartbeat")
        return None if not rows or rows[0][0] is None else float(rows[0][0])

    async def end_beat(self, instance: str) -> None:
        """See :meth:`bot.store.heartbeat.HeartbeatStore.end_beat`."""
        async with self._locked() as connection:
            await run_sql(connection, "DELETE FROM bot_heartbeat WHERE instance = ?", (instance,))
