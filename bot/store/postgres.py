"""The server backend: PostgreSQL through an asyncpg connection pool.

Every operation comes from :class:`~bot.store.sql.SqlStore`. Overridden here are the
statements PostgreSQL does differently: row locks where a read precedes a write (several
replicas share the database), the claim with ``FOR UPDATE SKIP LOCKED``, bulk writes as one
statement over arrays (``unnest``) instead of one per row, and the migration lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from bot.store.base import LogEntry
from bot.store.broadcasts import Delivery, PlannedDelivery
from bot.store.codec import check_user_key, coarse_today, encode_state
from bot.store.database import Database, PostgresDatabase, Row
from bot.store.migrate import Migration, load_migrations
from bot.store.outbox import CLAIMED
from bot.store.sql import SqlStore, log_row
from bot.store.url import invalid

MIGRATION_LOCK_ID = 0x5AFE_70B5_0001
"""Advisory lock taken while migrating; any constant unique to this application will do."""

# Every table holding a keyed hash or a sealed id; locked for a rotation so a bot that is
# still running cannot write a row under the old key in the middle of it.
_KEYED_TABLES = "data_key, conversation_state, subscription, outbox, broadcast, audit_log"


class PostgresStore(SqlStore):
    """The :class:`~bot.store.base.Store` on PostgreSQL; build it with :meth:`open`.

    State is ``jsonb``, so it is checked to be JSON on the way in and can be queried by an
    operator. (``jsonb`` cannot hold the character U+0000; the conversation core never puts
    one in a state.)
    """

    _NAME = "PostgreSQL"
    _PING_TIMEOUT = 5.0
    _SCHEMA_VERSION_TABLE = (
        "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, "
        "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
    )
    _LOCK_ROW = " FOR UPDATE"
    _AUDIENCE_ORDER = ' ORDER BY chat_key COLLATE "C" FOR SHARE'
    _db: PostgresDatabase

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
        store = cls(PostgresDatabase(pool))
        try:
            await store._migrate(load_migrations("postgres") if migrations is None else migrations)
        except BaseException:
            await store.close()
            raise
        return store

    async def save_step(
        self,
        user_key: str,
        state: dict[str, Any] | None,
        entries: Sequence[LogEntry],
        sealed_user: str | None = None,
    ) -> None:
        """See :meth:`bot.store.base.Store.save_step`: one statement, so one round trip and
        no batching (the server commits steps of different connections side by side)."""
        check_user_key(user_key)
        rows = [log_row(e) for e in entries]
        columns = [list(column) for column in zip(*rows, strict=True)] if rows else [[]] * 7
        if state is None:
            change = "DELETE FROM conversation_state WHERE user_key = ?"
            values: list[object] = [user_key]
        else:
            change = (
                "INSERT INTO conversation_state (user_key, state, updated_at, sealed_user) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (user_key) DO UPDATE "
                "SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at, sealed_user = "
                "COALESCE(conversation_state.sealed_user, EXCLUDED.sealed_user)"
            )
            values = [user_key, encode_state(state), coarse_today(), sealed_user]
        await self._db.execute(
            f"WITH changed AS ({change} RETURNING 1), logged AS ("
            "INSERT INTO question_log (hour, language, kind, topic, flags, helpful, text) "
            "SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
            "?::boolean[], ?::text[]) RETURNING 1) "
            "SELECT (SELECT count(*) FROM changed), (SELECT count(*) FROM logged)",
            *values,
            *columns,
        )

    async def _insert_outbox(
        self, db: Database, broadcast_id: int, planned: Sequence[PlannedDelivery]
    ) -> None:
        """All the broadcast's rows in one statement."""
        await db.execute(
            "INSERT INTO outbox (broadcast_id, chat_key, sealed_chat, language, due_at) "
            "SELECT ?, s.chat_key, s.sealed_chat, p.language, p.due_at "
            "FROM unnest(?::text[], ?::text[], ?::float8[]) AS p (chat_key, language, due_at) "
            "JOIN subscription s ON s.chat_key = p.chat_key",
            broadcast_id,
            [p.chat_key for p in planned],
            [p.language for p in planned],
            [p.due_at for p in planned],
        )

    async def _claim(
        self, db: Database, condition: str, now: float, limit: int, until: float, token: str
    ) -> list[Row]:
        """Pick and mark the rows in one statement, skipping rows another replica is claiming."""
        return await db.fetch(
            "WITH picked AS (SELECT broadcast_id, chat_key FROM outbox "
            f"WHERE {condition} ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED) "
            "UPDATE outbox o SET state = 'sending', lease_until = ?, claim_token = ? "
            "FROM picked p WHERE o.broadcast_id = p.broadcast_id AND o.chat_key = p.chat_key "
            f"RETURNING {CLAIMED}",
            now,
            limit,
            until,
            token,
        )

    async def renew_claims(
        self, deliveries: Sequence[Delivery], until: float
    ) -> set[tuple[int, str]]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.renew_claims`: one statement."""
        if not deliveries:
            return set()
        rows = await self._db.fetch(
            "UPDATE outbox o SET lease_until = ? "
            "FROM unnest(?::bigint[], ?::text[], ?::text[]) AS h (broadcast_id, chat_key, claim) "
            "WHERE o.broadcast_id = h.broadcast_id AND o.chat_key = h.chat_key "
            "AND o.state = 'sending' AND o.claim_token = h.claim "
            "RETURNING o.broadcast_id, o.chat_key",
            until,
            [d.broadcast_id for d in deliveries],
            [d.chat_key for d in deliveries],
            [d.claim for d in deliveries],
        )
        return {(int(r[0]), str(r[1])) for r in rows}

    async def _hold_off_writers(self, db: Database) -> None:
        await db.execute(f"LOCK TABLE {_KEYED_TABLES} IN EXCLUSIVE MODE")

    async def _lock_migrations(self, db: Database) -> None:
        """A transaction-scoped advisory lock: released by the commit or rollback, even if the
        process dies. ``schema_version`` is created under it too, because two concurrent
        ``CREATE TABLE IF NOT EXISTS`` can still collide in PostgreSQL."""
        await db.execute("SELECT pg_advisory_xact_lock(?)", MIGRATION_LOCK_ID)
