"""Every store operation, written once in SQL over the database port (:mod:`bot.store.database`).

:class:`SqlStore` is the whole :class:`~bot.store.base.Store`; :class:`~bot.store.sqlite.
SqliteStore` and :class:`~bot.store.postgres.PostgresStore` only open their database and
override the few statements their dialect does differently. Its parts live beside the
interface they implement: :mod:`~bot.store.keys`, :mod:`~bot.store.heartbeat`,
:mod:`~bot.store.voice_files`, :mod:`~bot.store.helpdesk`, :mod:`~bot.store.subscriptions`
and :mod:`~bot.store.outbox`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from bot.store.base import LogEntry
from bot.store.codec import (
    check_user_key,
    coarse_today,
    decode_state,
    encode_state,
    log_entry_from_row,
)
from bot.store.database import Database
from bot.store.heartbeat import SqlHeartbeat
from bot.store.helpdesk import SqlHelpdesk
from bot.store.keys import SqlKeys
from bot.store.migrate import Migration, pending
from bot.store.outbox import SqlBroadcasts
from bot.store.step_batch import Step, StepBatcher
from bot.store.voice_files import SqlVoiceFiles

logger = logging.getLogger(__name__)

_LOG_INSERT = (
    "INSERT INTO question_log (hour, language, kind, topic, flags, helpful, text) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def log_row(entry: LogEntry) -> tuple[Any, ...]:
    """The question-log columns of ``entry``, in :data:`_LOG_INSERT`'s order."""
    flags = ",".join(entry.flags)
    return (entry.hour, entry.language, entry.kind, entry.topic, flags, entry.helpful, entry.text)


class SqlStore(SqlKeys, SqlHeartbeat, SqlBroadcasts, SqlHelpdesk, SqlVoiceFiles):
    """The :class:`~bot.store.base.Store` over a :class:`~bot.store.database.Database`."""

    _NAME = "SQL"
    """The backend as logs name it."""
    _PING_TIMEOUT: float | None = None
    """How long ``/healthz`` waits for ``SELECT 1`` (None: as long as it takes)."""
    _SCHEMA_VERSION_TABLE = (
        "CREATE TABLE IF NOT EXISTS schema_version ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )

    def __init__(self, db: Database) -> None:
        """Wrap an open database whose schema is migrated; use ``open`` instead."""
        self._db = db
        self._steps = StepBatcher(self._write_steps)

    @property
    def database(self) -> Database:
        """See :attr:`Store.database`."""
        return self._db

    async def load_state(self, user_key: str) -> dict[str, Any] | None:
        """Return the saved state of ``user_key``, or ``None`` if there is none."""
        check_user_key(user_key)
        text = await self._db.fetchval(
            "SELECT state FROM conversation_state WHERE user_key = ?", user_key
        )
        return None if text is None else decode_state(text)

    async def save_state(self, user_key: str, state: dict[str, Any]) -> None:
        """Insert or replace the state of ``user_key``; committed when this returns."""
        check_user_key(user_key)
        await self._db.execute(
            "INSERT INTO conversation_state (user_key, state, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_key) DO UPDATE "
            "SET state = excluded.state, updated_at = excluded.updated_at",
            user_key,
            encode_state(state),
            coarse_today(),
        )

    async def forget(self, user_key: str) -> None:
        """Delete everything held under ``user_key`` (``/forget_me``)."""
        check_user_key(user_key)
        async with self._db.transaction() as db:
            await db.execute("DELETE FROM conversation_state WHERE user_key = ?", user_key)
            await db.execute("DELETE FROM helpdesk_case WHERE user_key = ?", user_key)

    async def log(self, entry: LogEntry) -> None:
        """Append one anonymous entry to the question log."""
        await self._db.execute(_LOG_INSERT, *log_row(entry))

    async def save_step(
        self,
        user_key: str,
        state: dict[str, Any] | None,
        entries: Sequence[LogEntry],
        sealed_user: str | None = None,
    ) -> None:
        """See :meth:`bot.store.base.Store.save_step`.

        Group commit: the steps of updates handled at the same moment are written in one
        transaction (:class:`~bot.store.step_batch.StepBatcher`), and each caller returns
        only once that transaction is committed. So a ``kill -9`` loses no state or log row
        whose reply was sent, while a busy bot commits once per batch, not once per update.
        """
        check_user_key(user_key)
        text = None if state is None else encode_state(state)
        await self._steps.submit(Step(user_key, text, tuple(entries), sealed_user))

    async def _write_steps(self, steps: Sequence[Step]) -> None:
        today = coarse_today()
        async with self._db.transaction() as db:
            await db.execute_many(
                "INSERT INTO conversation_state (user_key, state, updated_at, sealed_user) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (user_key) DO UPDATE "
                "SET state = excluded.state, updated_at = excluded.updated_at, "
                "sealed_user = COALESCE(conversation_state.sealed_user, excluded.sealed_user)",
                [(s.user_key, s.state, today, s.sealed_user) for s in steps if s.state is not None],
            )
            await db.execute_many(
                "DELETE FROM conversation_state WHERE user_key = ?",
                [(s.user_key,) for s in steps if s.state is None],
            )
            await db.execute_many(_LOG_INSERT, [log_row(e) for s in steps for e in s.entries])

    async def ping(self) -> bool:
        """See :meth:`bot.store.base.Store.ping`."""
        try:
            async with asyncio.timeout(self._PING_TIMEOUT):
                return bool(await self._db.fetchval("SELECT 1") == 1)
        except Exception as exc:  # any failure means: not healthy
            logger.warning("%s does not answer: %s", self._NAME, type(exc).__name__)
            return False

    async def read_log(self, since_hour: str) -> list[LogEntry]:
        """Entries from ``since_hour`` on, oldest first."""
        rows = await self._db.fetch(
            "SELECT hour, language, kind, topic, flags, helpful, text FROM question_log "
            "WHERE hour >= ? ORDER BY hour",
            since_hour,
        )
        return [log_entry_from_row(row) for row in rows]

    async def purge_log(self, before_hour: str) -> int:
        """Delete entries older than ``before_hour``."""
        return await self._db.execute("DELETE FROM question_log WHERE hour < ?", before_hour)

    async def close(self) -> None:
        """Finish the steps in flight, then release the database. Idempotent."""
        await self._steps.drain()
        await self._db.close()

    async def _migrate(self, migrations: Sequence[Migration]) -> None:
        """Apply the missing migrations, each in its own transaction.

        Each transaction first makes sure no other process migrates at the same time
        (:meth:`_lock_migrations`), so when two start at once the second waits, then finds
        the work done. A failing migration rolls back entirely and is not recorded.
        """
        while True:
            async with self._db.transaction() as db:
                await self._lock_migrations(db)
                await db.execute(self._SCHEMA_VERSION_TABLE)
                rows = await db.fetch("SELECT version FROM schema_version")
                todo = pending(migrations, {int(row[0]) for row in rows})
                if not todo:
                    return
                migration = todo[0]
                for statement in self._statements(migration):
                    await db.execute(statement)
                await db.execute(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                    migration.version,
                    migration.name,
                    datetime.now(UTC).replace(microsecond=0),
                )
            logger.info(
                "%s store: applied migration %04d_%s", self._NAME, migration.version, migration.name
            )

    async def _lock_migrations(self, db: Database) -> None:
        """Hold off another process's migration until this transaction ends."""

    def _statements(self, migration: Migration) -> list[str]:
        """The statements of a migration script, as the database runs them."""
        return [migration.sql]
