"""The embedded backend: one SQLite file through aiosqlite."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot.store.base import LogEntry
from bot.store.codec import (
    check_user_key,
    coarse_today,
    decode_state,
    encode_state,
    log_entry_from_row,
)
from bot.store.helpdesk import SqliteHelpdesk
from bot.store.migrate import Migration, load_migrations, pending, split_sqlite_script
from bot.store.sqlite_broadcasts import SqliteBroadcasts
from bot.store.sqlite_heartbeat import SqliteHeartbeat
from bot.store.sqlite_keys import SqliteKeys
from bot.store.sqlite_voice_files import SqliteVoiceFiles
from bot.store.step_batch import Step, StepBatcher

logger = logging.getLogger(__name__)

MEMORY = ":memory:"
DEFAULT_BUSY_TIMEOUT_MS = 5000


class SqliteStore(SqliteKeys, SqliteHeartbeat, SqliteBroadcasts, SqliteHelpdesk, SqliteVoiceFiles):
    """The :class:`~bot.store.base.Store` on one SQLite file; build it with :meth:`open`.

    One connection serves the whole process. aiosqlite runs it on its own thread and executes
    calls one at a time; on top of that an :class:`asyncio.Lock` keeps a multi-statement
    transaction of one task from swallowing a statement of another task that runs on the
    same connection meanwhile.
    """

    def __init__(self, connection: aiosqlite.Connection) -> None:
        """Wrap an open, configured and migrated connection; use :meth:`open` instead."""
        self._connection: aiosqlite.Connection | None = connection
        self._lock = asyncio.Lock()
        self._steps = StepBatcher(self._write_steps)

    @classmethod
    async def open(
        cls,
        path: str | os.PathLike[str],
        *,
        migrations: Sequence[Migration] | None = None,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> SqliteStore:
        """Open (creating if needed) the database at ``path`` and bring its schema up to date.

        A new file is created readable by its owner only: it holds no ids, but conversation
        state is still nobody else's business. ``:memory:`` gives a private throw-away
        database (for the terminal chat or tests).
        """
        location = str(path)
        if location != MEMORY:
            _create_private_file(Path(location))
        connection = await aiosqlite.connect(location, isolation_level=None)
        store = cls(connection)
        try:
            await store._configure(busy_timeout_ms, wal=location != MEMORY)
            await store._migrate(load_migrations("sqlite") if migrations is None else migrations)
        except BaseException:
            await store.close()
            raise
        return store

    async def load_state(self, user_key: str) -> dict[str, Any] | None:
        """Return the saved state of ``user_key``, or ``None`` if there is none."""
        check_user_key(user_key)
        async with self._locked() as connection:
            rows = list(
                await connection.execute_fetchall(
                    "SELECT state FROM conversation_state WHERE user_key = ?", (user_key,)
                )
            )
        return decode_state(rows[0][0]) if rows else None

    async def save_state(self, user_key: str, state: dict[str, Any]) -> None:
        """Insert or replace the state of ``user_key``.

        Committed when this returns, so it survives the bot process being killed; see
        :meth:`_configure` for what ``synchronous=NORMAL`` means after a power cut.
        """
        check_user_key(user_key)
        text = encode_state(state)
        async with self._locked() as connection:
            await _execute(
                connection,
                "INSERT INTO conversation_state (user_key, state, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (user_key) DO UPDATE "
                "SET state = excluded.state, updated_at = excluded.updated_at",
                (user_key, text, coarse_today().isoformat()),
            )

    async def forget(self, user_key: str) -> None:
        """Delete everything held under ``user_key`` (``/forget_me``).

        ``secure_delete`` is on, so the deleted bytes are overwritten in the file rather than
        left in a free page for someone with a copy to recover.
        """
        check_user_key(user_key)
        async with self._transaction() as connection:
            await _execute(
                connection, "DELETE FROM conversation_state WHERE user_key = ?", (user_key,)
            )
            await _execute(connection, "DELETE FROM helpdesk_case WHERE user_key = ?", (user_key,))

    async def log(self, entry: LogEntry) -> None:
        """Append one anonymous entry to the question log."""
        helpful = None if entry.helpful is None else int(entry.helpful)
        async with self._locked() as connection:
            await _execute(
                connection,
                "INSERT INTO question_log (hour, language, kind, topic, flags, helpful, text) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.hour,
                    entry.language,
                    entry.kind,
                    entry.topic,
                    ",".join(entry.flags),
                    helpful,
                    entry.text,
                ),
            )

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
        today = coarse_today().isoformat()
        async with self._transaction() as connection:
            saved = [
                (s.user_key, s.state, today, s.sealed_user) for s in steps if s.state is not None
            ]
            gone = [(s.user_key,) for s in steps if s.state is None]
            if saved:
                await connection.executemany(
                    "INSERT INTO conversation_state (user_key, state, updated_at, sealed_user) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (user_key) DO UPDATE "
                    "SET state = excluded.state, updated_at = excluded.updated_at, "
                    "sealed_user = COALESCE(conversation_state.sealed_user, excluded.sealed_user)",
                    saved,
                )
            if gone:
                await connection.executemany(
                    "DELETE FROM conversation_state WHERE user_key = ?", gone
                )
            logged = [_log_row(e) for s in steps for e in s.entries]
            if logged:
                await connection.executemany(
                    "INSERT INTO question_log (hour, language, kind, topic, flags, helpful, text) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    logged,
                )

    async def ping(self) -> bool:
        """See :meth:`bot.store.base.Store.ping`."""
        try:
            async with self._locked() as connection:
                rows = list(await connection.execute_fetchall("SELECT 1"))
            return rows == [(1,)]
        except Exception as exc:  # any failure means: not healthy
            logger.warning("SQLite does not answer: %s", type(exc).__name__)
            return False

    async def read_log(self, since_hour: str) -> list[LogEntry]:
        """Entries from ``since_hour`` on, oldest first."""
        async with self._locked() as connection:
            rows = await connection.execute_fetchall(
                "SELECT hour, language, kind, topic, flags, helpful, text FROM question_log "
                "WHERE hour >= ? ORDER BY hour",
                (since_hour,),
            )
        return [log_entry_from_row(row) for row in rows]

    async def purge_log(self, before_hour: str) -> int:
        """Delete entries older than ``before_hour``."""
        async with self._locked() as connection:
            cursor = await connection.execute(
                "DELETE FROM question_log WHERE hour < ?", (before_hour,)
            )
            deleted = cursor.rowcount
            await cursor.close()
        return deleted

    async def close(self) -> None:
        """Close the connection; SQLite checkpoints the WAL into the main file. Idempotent."""
        await self._steps.drain()
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.close()

    async def _configure(self, busy_timeout_ms: int, *, wal: bool) -> None:
        """Set the connection up for a bot that many tasks, and maybe two processes, share.

        * ``busy_timeout`` first, so every later step waits for another process's lock
          instead of failing with "database is locked";
        * WAL: readers never block the writer and vice versa, and a commit is one append;
        * ``synchronous=NORMAL``: in WAL mode SQLite then syncs to disk at checkpoints
          instead of at every commit. The database can never be corrupted this way, and a
          crash of the bot loses nothing; only a power cut or OS crash can roll back the last
          commits, which for conversation state means a user sees a question again. The
          alternative, ``FULL``, costs an fsync per message;
        * foreign keys on, because SQLite ignores them otherwise and later tables rely on them;
        * ``secure_delete``: forgotten rows are zeroed, not left behind in free pages.
        """
        connection = self._require()
        await _execute(connection, f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if wal:
            await _enable_wal(connection, busy_timeout_ms)
        await _execute(connection, "PRAGMA synchronous = NORMAL")
        await _execute(connection, "PRAGMA foreign_keys = ON")
        await _execute(connection, "PRAGMA secure_delete = ON")

    async def _migrate(self, migrations: Sequence[Migration]) -> None:
        """Apply the missing migrations, each in its own transaction.

        ``BEGIN IMMEDIATE`` takes SQLite's write lock before ``schema_version`` is read, so
        when two processes start at once the second waits (``busy_timeout``), then finds the
        work done. A failing migration rolls back entirely and is not recorded.
        """
        while True:
            async with self._transaction() as connection:
                await _execute(
                    connection,
                    "CREATE TABLE IF NOT EXISTS schema_version ("
                    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
                )
                rows = await connection.execute_fetchall("SELECT version FROM schema_version")
                todo = pending(migrations, {int(row[0]) for row in rows})
                if not todo:
                    return
                migration = todo[0]
                for statement in split_sqlite_script(migration.sql):
                    await _execute(connection, statement)
                await _execute(
                    connection,
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                    (
                        migration.version,
                        migration.name,
                        datetime.now(UTC).isoformat(timespec="seconds"),
                    ),
                )
            logger.info(
                "SQLite store: applied migration %04d_%s", migration.version, migration.name
            )

    @asynccontextmanager
    async def _locked(self) -> AsyncIterator[aiosqlite.Connection]:
        """Hold the connection for one task: a single statement, autocommitted."""
        async with self._lock:
            yield self._require()

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Hold the connection inside ``BEGIN IMMEDIATE`` ... ``COMMIT`` (rolled back on error)."""
        async with self._locked() as connection:
            await _execute(connection, "BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                await _execute(connection, "ROLLBACK")
                raise
            await _execute(connection, "COMMIT")

    def _require(self) -> aiosqlite.Connection:
        if self._connection is None:
            raise RuntimeError("the store is closed")
        return self._connection


async def _execute(
    connection: aiosqlite.Connection, sql: str, parameters: Iterable[Any] = ()
) -> None:
    """Run one statement and close its cursor at once."""
    async with connection.execute(sql, tuple(parameters)):
        pass


async def _enable_wal(connection: aiosqlite.Connection, timeout_ms: int) -> None:
    """Switch to WAL, retrying while another connection holds the file.

    Changing the journal mode needs an exclusive lock, and SQLite answers "database is
    locked" at once instead of consulting ``busy_timeout`` when two processes open a new file
    together; so this waits here, up to the same timeout. Once one of them has switched, WAL
    is recorded in the file and the others' switch is a no-op.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_ms / 1000
    delay = 0.005
    while True:
        try:
            rows = list(await connection.execute_fetchall("PRAGMA journal_mode = WAL"))
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or loop.time() + delay > deadline:
                raise
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.1)
    mode = str(rows[0][0]).lower()
    if mode != "wal":
        raise RuntimeError(f"SQLite refused WAL mode (journal_mode stays {mode})")


def _log_row(entry: LogEntry) -> tuple[Any, ...]:
    helpful = None if entry.helpful is None else int(entry.helpful)
    flags = ",".join(entry.flags)
    return (entry.hour, entry.language, entry.kind, entry.topic, flags, helpful, entry.text)


def _create_private_file(path: Path) -> None:
    """Create the parent directories and an empty database file only its owner can read.

    SQLite gives the ``-wal`` and ``-shm`` files the main file's permissions, so they inherit
    this. An existing file is left as it is.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
