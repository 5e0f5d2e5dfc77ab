"""The key fingerprint, sealed state owners and rotation on SQLite; a mixin of SqliteStore."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.store.keys import RecordedKey, Rekey, RekeyCount, rekey_rows
from bot.store.sqlite_subscriptions import fetch_rows, run_many, run_sql


class _Port:
    """:class:`bot.store.keys.RekeyPort` on a connection inside ``BEGIN IMMEDIATE``."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    async def rows(self, sql: str, *parameters: Any) -> list[tuple[Any, ...]]:
        return await fetch_rows(self._connection, sql, parameters)

    async def run_many(self, sql: str, parameters: Sequence[Sequence[Any]]) -> None:
        if parameters:
            await run_many(self._connection, sql, parameters)


class SqliteKeys:
    """See :class:`bot.store.keys.KeyStore`."""

    if TYPE_CHECKING:  # provided by SqliteStore

        def _locked(self) -> AbstractAsyncContextManager[aiosqlite.Connection]: ...
        def _transaction(self) -> AbstractAsyncContextManager[aiosqlite.Connection]: ...

    async def recorded_key(self) -> RecordedKey | None:
        """See :meth:`bot.store.keys.KeyStore.recorded_key`."""
        async with self._locked() as connection:
            rows = await fetch_rows(connection, "SELECT fingerprint, source FROM data_key")
        return RecordedKey(str(rows[0][0]), str(rows[0][1])) if rows else None

    async def record_key(self, key: RecordedKey) -> None:
        """See :meth:`bot.store.keys.KeyStore.record_key`."""
        async with self._locked() as connection:
            await run_sql(
                connection,
                "INSERT INTO data_key (id, fingerprint, source) VALUES (1, ?, ?) "
                "ON CONFLICT (id) DO NOTHING",
                (key.fingerprint, key.source),
            )

    async def sealed_sample(self) -> str | None:
        """See :meth:`bot.store.keys.KeyStore.sealed_sample`."""
        async with self._locked() as connection:
            rows = await fetch_rows(
                connection,
                "SELECT sealed_chat FROM subscription UNION ALL "
                "SELECT sealed_user FROM conversation_state WHERE sealed_user IS NOT NULL "
                "LIMIT 1",
            )
        return str(rows[0][0]) if rows else None

    async def seal_state_owner(self, user_key: str, sealed_user: str) -> None:
        """See :meth:`bot.store.keys.KeyStore.seal_state_owner`."""
        async with self._locked() as connection:
            await run_sql(
                connection,
                "UPDATE conversation_state SET sealed_user = ? "
                "WHERE user_key = ? AND sealed_user IS NULL",
                (sealed_user, user_key),
            )

    async def rekey(self, rekey: Rekey) -> RekeyCount:
        """See :meth:`bot.store.keys.KeyStore.rekey`; ``BEGIN IMMEDIATE`` holds off writers."""
        async with self._transaction() as connection:
            return await rekey_rows(_Port(connection), rekey)
