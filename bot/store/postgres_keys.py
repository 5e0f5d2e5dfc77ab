"""The key fingerprint, sealed state owners and rotation on PostgreSQL; a mixin of PostgresStore."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import asyncpg

from bot.store.keys import RecordedKey, Rekey, RekeyCount, numbered_placeholders, rekey_rows

# Every table holding a keyed hash or a sealed id; locked for the rotation so a bot that is
# still running cannot write a row under the old key in the middle of it.
_KEYED_TABLES = "data_key, conversation_state, subscription, outbox, broadcast, audit_log"


class _Port:
    """:class:`bot.store.keys.RekeyPort` on a connection inside a transaction."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    async def rows(self, sql: str, *parameters: Any) -> list[tuple[Any, ...]]:
        found = await self._connection.fetch(numbered_placeholders(sql), *parameters)
        return [tuple(row) for row in found]

    async def run_many(self, sql: str, parameters: Sequence[Sequence[Any]]) -> None:
        if not parameters:
            return
        if parameters == [()]:
            await self._connection.execute(numbered_placeholders(sql))
        else:
            await self._connection.executemany(numbered_placeholders(sql), parameters)


class PostgresKeys:
    """See :class:`bot.store.keys.KeyStore`."""

    if TYPE_CHECKING:  # provided by PostgresStore

        def _require(self) -> asyncpg.Pool: ...

    async def recorded_key(self) -> RecordedKey | None:
        """See :meth:`bot.store.keys.KeyStore.recorded_key`."""
        row = await self._require().fetchrow("SELECT fingerprint, source FROM data_key")
        return None if row is None else RecordedKey(row["fingerprint"], row["source"])

    async def record_key(self, key: RecordedKey) -> None:
        """See :meth:`bot.store.keys.KeyStore.record_key`."""
        await self._require().execute(
            "INSERT INTO data_key (id, fingerprint, source) VALUES (1, $1, $2) "
            "ON CONFLICT (id) DO NOTHING",
            key.fingerprint,
            key.source,
        )

    async def sealed_sample(self) -> str | None:
        """See :meth:`bot.store.keys.KeyStore.sealed_sample`."""
        value = await self._require().fetchval(
            "SELECT sealed_chat FROM subscription UNION ALL "
            "SELECT sealed_user FROM conversation_state WHERE sealed_user IS NOT NULL LIMIT 1"
        )
        return None if value is None else str(value)

    async def seal_state_owner(self, user_key: str, sealed_user: str) -> None:
        """See :meth:`bot.store.keys.KeyStore.seal_state_owner`."""
        await self._require().execute(
            "UPDATE conversation_state SET sealed_user = $1 "
            "WHERE user_key = $2 AND sealed_user IS NULL",
            sealed_user,
            user_key,
        )

    async def rekey(self, rekey: Rekey) -> RekeyCount:
        """See :meth:`bot.store.keys.KeyStore.rekey`."""
        async with self._require().acquire() as connection, connection.transaction():
            await connection.execute(f"LOCK TABLE {_KEYED_TABLES} IN EXCLUSIVE MODE")
            return await rekey_rows(_Port(connection), rekey)
