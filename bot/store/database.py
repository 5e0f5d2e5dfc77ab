"""The small database port the SQL store is written over, and its two adapters.

:class:`~bot.store.sql.SqlStore` states every operation once, in SQL both SQLite and
PostgreSQL accept, with ``?`` placeholders, and runs it through a :class:`Database`:
:class:`SqliteDatabase` (one aiosqlite connection behind a lock) or :class:`PostgresDatabase`
(an asyncpg pool, which gets ``$1, $2, ...`` instead, translated once per statement).
"""

from __future__ import annotations

import asyncio
import functools
import re
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # each driver is imported at run time by its backend only
    import aiosqlite
    import asyncpg

Row = tuple[Any, ...]

_PLACEHOLDER = re.compile(r"\?")


class Database(Protocol):
    """What the SQL store needs from a backend: statements, queries and transactions."""

    dialect: str
    """``sqlite`` or ``postgres``, for the few statements that differ."""

    async def execute(self, sql: str, *params: Any) -> int:
        """Run one statement; return how many rows it changed."""
        ...

    async def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement once per set of parameters (nothing when ``rows`` is empty)."""
        ...

    async def fetch(self, sql: str, *params: Any) -> list[Row]:
        """Run one query (or a statement ``RETURNING`` rows); its rows as tuples."""
        ...

    async def fetchrow(self, sql: str, *params: Any) -> Row | None:
        """The first row of a query, or None."""
        ...

    async def fetchval(self, sql: str, *params: Any) -> Any:
        """The first column of the first row of a query, or None."""
        ...

    def transaction(self) -> AbstractAsyncContextManager[Database]:
        """A database whose statements commit together or not at all (rolled back on error).

        Inside one, ``transaction()`` joins the open transaction."""
        ...

    async def close(self) -> None:
        """Release the connection(s); later calls raise ``RuntimeError``. Idempotent."""
        ...


class _Rows:
    """``fetchrow`` and ``fetchval`` written once on top of ``fetch``."""

    async def fetch(self, sql: str, *params: Any) -> list[Row]:
        raise NotImplementedError

    async def fetchrow(self, sql: str, *params: Any) -> Row | None:
        """See :meth:`Database.fetchrow`."""
        rows = await self.fetch(sql, *params)
        return rows[0] if rows else None

    async def fetchval(self, sql: str, *params: Any) -> Any:
        """See :meth:`Database.fetchval`."""
        row = await self.fetchrow(sql, *params)
        return None if row is None else row[0]


def _closed() -> RuntimeError:
    """The error every call on a closed store raises."""
    return RuntimeError("the store is closed")


async def _roll_back(database: SqliteDatabase) -> None:
    """ROLLBACK whatever this connection began, if it began anything.

    Shielded, so that a second cancellation cannot leave the transaction open; "no
    transaction is active" (BEGIN itself failed, say for a lock) is nothing to undo.
    """
    with suppress(sqlite3.OperationalError):
        await asyncio.shield(database.execute("ROLLBACK"))


class SqliteDatabase(_Rows):
    """The port on one aiosqlite connection, shared by every task of the process.

    aiosqlite runs the connection on its own thread, one call at a time; on top of that the
    lock keeps a multi-statement transaction of one task from swallowing a statement another
    task runs meanwhile. A statement outside :meth:`transaction` is autocommitted.
    Dates are kept as ISO text (Python's implicit date adapter is deprecated).
    """

    dialect = "sqlite"

    def __init__(self, connection: aiosqlite.Connection, *, held: bool = False) -> None:
        """Wrap an open connection (``isolation_level=None``); ``held``: inside a transaction."""
        self._connection: aiosqlite.Connection | None = connection
        self._held = held
        self._lock = asyncio.Lock()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[aiosqlite.Connection]:
        """The raw connection for one task (already held inside a transaction)."""
        if self._held:
            yield self._require()
            return
        async with self._lock:
            yield self._require()

    async def execute(self, sql: str, *params: Any) -> int:
        """See :meth:`Database.execute`."""
        async with (
            self.connection() as connection,
            connection.execute(sql, _sqlite_params(params)) as cursor,
        ):
            return int(cursor.rowcount)

    async def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """See :meth:`Database.execute_many`."""
        if not rows:
            return
        async with (
            self.connection() as connection,
            connection.executemany(sql, [_sqlite_params(r) for r in rows]),
        ):
            pass

    async def fetch(self, sql: str, *params: Any) -> list[Row]:
        """See :meth:`Database.fetch`."""
        async with self.connection() as connection:
            rows = await connection.execute_fetchall(sql, _sqlite_params(params))
        return [tuple(row) for row in rows]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteDatabase]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``: SQLite's write lock is taken at once, so a
        transaction never fails half-way for another process's lock (``busy_timeout``)."""
        if self._held:
            yield self
            return
        async with self.connection() as connection:
            inside = SqliteDatabase(connection, held=True)
            try:
                # Inside the try: a task cancelled while it waits for BEGIN has still queued
                # it on aiosqlite's thread, which runs it anyway; without the ROLLBACK below
                # the shared connection would stay in that transaction and every later one
                # fail with "cannot start a transaction within a transaction".
                await inside.execute("BEGIN IMMEDIATE")
                yield inside
            except BaseException:
                await _roll_back(inside)
                raise
            await inside.execute("COMMIT")

    async def configure(self, busy_timeout_ms: int, *, wal: bool) -> None:
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
        await self.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if wal:
            await self._enable_wal(busy_timeout_ms)
        await self.execute("PRAGMA synchronous = NORMAL")
        await self.execute("PRAGMA foreign_keys = ON")
        await self.execute("PRAGMA secure_delete = ON")

    async def _enable_wal(self, timeout_ms: int) -> None:
        """Switch to WAL, retrying while another connection holds the file.

        Changing the journal mode needs an exclusive lock, and SQLite answers "database is
        locked" at once instead of consulting ``busy_timeout`` when two processes open a new
        file together; so this waits here, up to the same timeout. Once one of them has
        switched, WAL is recorded in the file and the others' switch is a no-op.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_ms / 1000
        delay = 0.005
        while True:
            try:
                mode = str(await self.fetchval("PRAGMA journal_mode = WAL")).lower()
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or loop.time() + delay > deadline:
                    raise
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.1)
        if mode != "wal":
            raise RuntimeError(f"SQLite refused WAL mode (journal_mode stays {mode})")

    async def close(self) -> None:
        """Close the connection; SQLite checkpoints the WAL into the main file."""
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.close()

    def _require(self) -> aiosqlite.Connection:
        if self._connection is None:
            raise _closed()
        return self._connection


def _sqlite_params(params: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(p.isoformat() if isinstance(p, date) else p for p in params)


@functools.lru_cache(maxsize=1024)
def numbered(sql: str) -> str:
    """``?`` placeholders as PostgreSQL's ``$1, $2, ...`` (our SQL holds no literal ``?``)."""
    counter = iter(range(1, 100_000))
    return _PLACEHOLDER.sub(lambda _: f"${next(counter)}", sql)


class PostgresDatabase(_Rows):
    """The port on an asyncpg pool, or on one of its connections inside a transaction.

    A statement without parameters is sent as it is (so a migration script of several
    statements runs whole); one with parameters gets numbered placeholders.
    """

    dialect = "postgres"

    def __init__(self, pool: asyncpg.Pool, connection: asyncpg.Connection | None = None) -> None:
        """Wrap an open pool; ``connection``: one of its connections, inside a transaction."""
        self._pool: asyncpg.Pool | None = pool
        self._connection = connection

    @property
    def pool(self) -> asyncpg.Pool:
        """The pool (raises once closed)."""
        if self._pool is None:
            raise _closed()
        return self._pool

    def _target(self) -> asyncpg.Pool | asyncpg.Connection:
        return self._connection if self._connection is not None else self.pool

    async def execute(self, sql: str, *params: Any) -> int:
        """See :meth:`Database.execute`; the count comes from the command tag (``UPDATE 3``)."""
        status = await self._target().execute(numbered(sql) if params else sql, *params)
        tail = str(status).split()[-1] if status else "0"
        return int(tail) if tail.isdigit() else 0

    async def execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """See :meth:`Database.execute_many`."""
        if rows:
            await self._target().executemany(numbered(sql), rows)

    async def fetch(self, sql: str, *params: Any) -> list[Row]:
        """See :meth:`Database.fetch`."""
        found = await self._target().fetch(numbered(sql) if params else sql, *params)
        return [tuple(row) for row in found]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresDatabase]:
        """One pooled connection inside a transaction."""
        if self._connection is not None:
            yield self
            return
        async with self.pool.acquire() as connection, connection.transaction():
            yield PostgresDatabase(self.pool, connection)

    async def close(self) -> None:
        """Wait for queries in flight, then close every connection of the pool."""
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()
