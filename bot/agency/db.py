"""A tiny database port for the agency tables: ``execute``, ``fetch``, ``transaction``.

The agency store (:mod:`bot.agency.store`) is written once, in SQL both SQLite and PostgreSQL
accept, with ``?`` placeholders; each adapter here runs it on its backend (PostgreSQL's get
``$1, $2, ...``). Only the store's connection is borrowed: nothing here changes how the main
:class:`~bot.store.base.Store` works.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

Row = tuple[Any, ...]

_PLACEHOLDER = re.compile(r"\?")


class Database(Protocol):
    """What the agency store needs from a backend."""

    dialect: str

    async def execute(self, sql: str, *params: Any) -> int:
        """Run one statement; return how many rows it changed."""
        ...

    async def fetch(self, sql: str, *params: Any) -> list[Row]:
        """Run one query; return its rows as tuples."""
        ...

    def transaction(self) -> AbstractAsyncContextManager[Database]:
        """A database whose statements commit together, or not at all."""
        ...


def numbered(sql: str) -> str:
    """``?`` placeholders as PostgreSQL's ``$1, $2, ...`` (the agency SQL has no literal ``?``)."""
    counter = iter(range(1, 10_000))
    return _PLACEHOLDER.sub(lambda _: f"${next(counter)}", sql)


class SqliteDatabase:
    """The port on a :class:`~bot.store.sqlite.SqliteStore`'s one connection (and its lock)."""

    dialect = "sqlite"

    def __init__(self, store: Any, connection: Any = None) -> None:
        self._store = store
        self._connection = connection

    async def execute(self, sql: str, *params: Any) -> int:
        """Run one statement, autocommitted unless inside :meth:`transaction`."""
        if self._connection is not None:
            return await _sqlite_execute(self._connection, sql, params)
        async with self._store._locked() as connection:
            return await _sqlite_execute(connection, sql, params)

    async def fetch(self, sql: str, *params: Any) -> list[Row]:
        """Run one query."""
        if self._connection is not None:
            return [tuple(r) for r in await self._connection.execute_fetchall(sql, params)]
        async with self._store._locked() as connection:
            return [tuple(r) for r in await connection.execute_fetchall(sql, params)]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` on the store's connection."""
        if self._connection is not None:
            yield self
            return
        async with self._store._transaction() as connection:
            yield SqliteDatabase(self._store, connection)


async def _sqlite_execute(connection: Any, sql: str, params: Sequence[Any]) -> int:
    async with connection.execute(sql, tuple(params)) as cursor:
        return int(cursor.rowcount)


class PostgresDatabase:
    """The port on a :class:`~bot.store.postgres.PostgresStore`'s pool."""

    dialect = "postgres"

    def __init__(self, store: Any, connection: Any = None) -> None:
        self._store = store
        self._connection = connection

    def _target(self) -> Any:
        return self._connection if self._connection is not None else self._store._require()

    async def execute(self, sql: str, *params: Any) -> int:
        """Run one statement; the row count comes from the command tag (``UPDATE 3``)."""
        status = await self._target().execute(numbered(sql), *params)
        tail = str(status).split()[-1] if status else "0"
        return int(tail) if tail.isdigit() else 0

    async def fetch(self, sql: str, *params: Any) -> list[Row]:
        """Run one query."""
        return [tuple(r.values()) for r in await self._target().fetch(numbered(sql), *params)]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        """One pooled connection inside a transaction."""
        if self._connection is not None:
            yield self
            return
        async with self._store._require().acquire() as connection, connection.transaction():
            yield PostgresDatabase(self._store, connection)


def database_of(store: object) -> Database:
    """The port for the store ``open_store`` returned (its backend decides)."""
    from bot.store.sqlite import SqliteStore

    if isinstance(store, SqliteStore):
        return SqliteDatabase(store)
    return PostgresDatabase(store)
