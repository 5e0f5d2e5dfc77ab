"""The server backend: PostgreSQL through an asyncpg connection pool."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import asyncpg

from bot.store.base import LogEntry
from bot.store.codec import (
    check_user_key,
    coarse_today,
    decode_state,
    encode_state,
    log_entry_from_row,
)
from bot.store.helpdesk import PostgresHelpdesk
from bot.store.migrate import Migration, load_migrations, pending
from bot.store.postgres_broadcasts import PostgresBroadcasts
from bot.store.postgres_heartbeat import PostgresHeartbeat
from bot.store.postgres_keys import PostgresKeys
from bot.store.postgres_voice_files import PostgresVoiceFiles
from bot.store.url import invalid

logger = logging.getLogger(__name__)

MIGRATION_LOCK_ID = 0x5AFE_70B5_0001
"""Advisory lock taken while migrating; any constant unique to this application will do."""


class PostgresStore(
    PostgresKeys, PostgresHeartbeat, PostgresBroadcasts, PostgresHelpdesk, PostgresVoiceFiles
):
    """The :class:`~bot.store.base.Store` on PostgreSQL; build it with :meth:`open`.

    State is ``jsonb``, so it is checked to be JSON on the way in and can be queried by an
    operator. (``jsonb`` cannot hold the character U+0000; the conversation core never puts
    one in a state.)
    """

    def __init__(self, pool: asyncpg.Pool) -> None:
        """Wrap an open pool whose database is migrated; use :meth:`open` instead."""
        self._pool: asyncpg.Pool | None = pool

    @classmethod
    async def open(
        cls,
        dsn: str,
        *,
        migrations: Sequence[Migration] | None = None,
        min_size: int = 1,
        max_size: int = 10,
    ) -> PostgresStore:
        """Connect to ``dsn`` and bring the schema up to date.

        Query parameters of the DSN other than libpq's own are sent as server settings, so
        ``?search_path=bot`` keeps the bot's tables in their own schema.
        """
        try:
            pool = await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size)
        except ValueError:
            # asyncpg reports a DSN it cannot parse as a ValueError whose text may quote the
            # DSN, password included: say which setting is wrong without repeating it.
            raise invalid("the PostgreSQL driver could not parse it") from None
        store = cls(pool)
        try:
            await store._migrate(load_migrations("postgres") if migrations is None else migrations)
        except BaseException:
            await store.close()
            raise
        return store

    async def load_state(self, user_key: str) -> dict[str, Any] | None:
        """Return the saved state of ``user_key``, or ``None`` if there is none."""
        check_user_key(user_key)
        text = await self._require().fetchval(
            "SELECT state FROM conversation_state WHERE user_key = $1", user_key
        )
        return None if text is None else decode_state(text)

    async def save_state(self, user_key: str, state: dict[str, Any]) -> None:
        """Insert or replace the state of ``user_key``; committed when this returns."""
        check_user_key(user_key)
        await self._require().execute(
            "INSERT INTO conversation_state (user_key, state, updated_at) "
            "VALUES ($1, $2::jsonb, $3) "
            "ON CONFLICT (user_key) DO UPDATE "
            "SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at",
            user_key,
            encode_state(state),
            coarse_today(),
        )

    async def forget(self, user_key: str) -> None:
        """Delete everything held under ``user_key`` (``/forget_me``)."""
        check_user_key(user_key)
        async with self._require().acquire() as connection, connection.transaction():
            await connection.execute("DELETE FROM conversation_state WHERE user_key = $1", user_key)
            await connection.execute("DELETE FROM helpdesk_case WHERE user_key = $1", user_key)

    async def log(self, entry: LogEntry) -> None:
        """Append one anonymous entry to the question log."""
        await self._require().execute(
            "INSERT INTO question_log (hour, language, kind, topic, flags, helpful, text) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            entry.hour,
            entry.language,
            entry.kind,
            entry.topic,
            ",".join(entry.flags),
            entry.helpful,
            entry.text,
        )

    async def save_step(
        self,
        user_key: str,
        state: dict[str, Any] | None,
        entries: Sequence[LogEntry],
        sealed_user: str | None = None,
    ) -> None:
        """See :meth:`bot.store.base.Store.save_step`: one statement, so one round trip."""
        check_user_key(user_key)
        rows = [
            (e.hour, e.language, e.kind, e.topic, ",".join(e.flags), e.helpful, e.text)
            for e in entries
        ]
        columns = [list(column) for column in zip(*rows, strict=True)] if rows else [[]] * 7
        if state is None:
            change = "DELETE FROM conversation_state WHERE user_key = $8"
            values: list[object] = [user_key]
        else:
            change = (
                "INSERT INTO conversation_state (user_key, state, updated_at, sealed_user) "
                "VALUES ($8, $9::jsonb, $10, $11) ON CONFLICT (user_key) DO UPDATE "
                "SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at, sealed_user = "
                "COALESCE(conversation_state.sealed_user, EXCLUDED.sealed_user)"
            )
            values = [user_key, encode_state(state), coarse_today(), sealed_user]
        await self._require().execute(
            f"WITH changed AS ({change} RETURNING 1), logged AS ("
            "INSERT INTO question_log (hour, language, kind, topic, flags, helpful, text) "
            "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], "
            "$6::boolean[], $7::text[]) RETURNING 1) "
            "SELECT (SELECT count(*) FROM changed), (SELECT count(*) FROM logged)",
            *columns,
            *values,
        )

    async def ping(self) -> bool:
        """See :meth:`bot.store.base.Store.ping`."""
        try:
            return await self._require().fetchval("SELECT 1", timeout=5) == 1
        except Exception as exc:  # any failure means: not healthy
            logger.warning("PostgreSQL does not answer: %s", type(exc).__name__)
            return False

    async def read_log(self, since_hour: str) -> list[LogEntry]:
        """Entries from ``since_hour`` on, oldest first."""
        rows = await self._require().fetch(
            "SELECT hour, language, kind, topic, flags, helpful, text FROM question_log "
            "WHERE hour >= $1 ORDER BY hour",
            since_hour,
        )
        return [log_entry_from_row(tuple(row)) for row in rows]

    async def purge_log(self, before_hour: str) -> int:
        """Delete entries older than ``before_hour``."""
        status = await self._require().execute(
            "DELETE FROM question_log WHERE hour < $1", before_hour
        )
        return int(status.split()[-1])

    async def close(self) -> None:
        """Wait for queries in flight, then close every connection. Idempotent."""
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    async def _migrate(self, migrations: Sequence[Migration]) -> None:
        """Apply the missing migrations, each in its own transaction.

        Each transaction first takes a transaction-scoped advisory lock, so when two
        processes start at once the second waits, then sees the first's work; the lock is
        released by the commit or rollback, even if the process dies. ``schema_version`` is
        created under the lock too, because two concurrent ``CREATE TABLE IF NOT EXISTS`` can
        still collide in PostgreSQL. A failing migration rolls back entirely, unrecorded.
        """
        async with self._require().acquire() as connection:
            while True:
                async with connection.transaction():
                    await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK_ID)
                    await connection.execute(
                        "CREATE TABLE IF NOT EXISTS schema_version ("
                        "version integer PRIMARY KEY, name text NOT NULL, "
                        "applied_at timestamptz NOT NULL DEFAULT now())"
                    )
                    rows = await connection.fetch("SELECT version FROM schema_version")
                    todo = pending(migrations, {int(row["version"]) for row in rows})
                    if not todo:
                        return
                    migration = todo[0]
                    await connection.execute(migration.sql)
                    await connection.execute(
                        "INSERT INTO schema_version (version, name) VALUES ($1, $2)",
                        migration.version,
                        migration.name,
                    )
                logger.info(
                    "PostgreSQL store: applied migration %04d_%s",
                    migration.version,
                    migration.name,
                )

    def _require(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("the store is closed")
        return self._pool
