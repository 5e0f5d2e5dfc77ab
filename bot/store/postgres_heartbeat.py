"""Heartbeats on PostgreSQL (see :mod:`bot.store.heartbeat`); a mixin of PostgresStore."""

from __future__ import annotations

from typing import TYPE_CHECKING

import asyncpg


class PostgresHeartbeat:
    """See :class:`bot.store.heartbeat.HeartbeatStore`."""

    if TYPE_CHECKING:  # provided by PostgresStore

        def _require(self) -> asyncpg.Pool: ...

    async def beat(self, instance: str, now: float) -> None:
        """See :meth:`bot.store.heartbeat.HeartbeatStore.beat`."""
        await self._require().execute(
            "INSERT INTO bot_heartbeat (instance, seen_at) VALUES ($1, $2) "
            "ON CONFLICT (instance) DO UPDATE SET seen_at = EXCLUDED.seen_at",
            instance,
            now,
        )

    async def last_seen(self) -> float | None:
        """See :meth:`bot.store.heartbeat.HeartbeatStore.last_seen`."""
        value = await self._require().fetchval("SELECT MAX(seen_at) FROM bot_heartbeat")
        return None if value is None else float(value)

    async def end_beat(self, instance: str) -> None:
        """See :meth:`bot.store.heartbeat.HeartbeatStore.end_beat`."""
        await self._require().execute("DELETE FROM bot_heartbeat WHERE instance = $1", instance)
