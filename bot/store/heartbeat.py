"""Where a running bot says it is alive, so the command line knows whether anyone delivers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.store.database import Database


class HeartbeatStore(Protocol):
    """One row per running bot process, refreshed every few seconds."""

    async def beat(self, instance: str, now: float) -> None:
        """Record that ``instance`` (a random id of one process) was alive at ``now``."""
        ...

    async def last_seen(self) -> float | None:
        """The latest beat of any process (Unix time), or ``None`` if none ever beat."""
        ...

    async def end_beat(self, instance: str) -> None:
        """``instance`` stopped cleanly: forget it, so nobody waits for it."""
        ...


class SqlHeartbeat:
    """:class:`HeartbeatStore` written once over the database port (a part of ``SqlStore``)."""

    _db: Database

    async def beat(self, instance: str, now: float) -> None:
        """See :meth:`HeartbeatStore.beat`."""
        await self._db.execute(
            "INSERT INTO bot_heartbeat (instance, seen_at) VALUES (?, ?) "
            "ON CONFLICT (instance) DO UPDATE SET seen_at = excluded.seen_at",
            instance,
            now,
        )

    async def last_seen(self) -> float | None:
        """See :meth:`HeartbeatStore.last_seen`."""
        value = await self._db.fetchval("SELECT MAX(seen_at) FROM bot_heartbeat")
        return None if value is None else float(value)

    async def end_beat(self, instance: str) -> None:
        """See :meth:`HeartbeatStore.end_beat`."""
        await self._db.execute("DELETE FROM bot_heartbeat WHERE instance = ?", instance)
