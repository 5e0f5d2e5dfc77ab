"""The embedded backend: one SQLite file through aiosqlite.

Every operation comes from :class:`~bot.store.sql.SqlStore`; this opens the file and splits
migration scripts. SQLite needs no statement of its own: ``BEGIN IMMEDIATE`` (see
:meth:`~bot.store.database.SqliteDatabase.transaction`) takes the only write lock at the
start of every transaction, so a read followed by a write inside one is never raced.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import aiosqlite

from bot.store.database import SqliteDatabase
from bot.store.migrate import Migration, load_migrations, split_sqlite_script
from bot.store.sql import SqlStore

MEMORY = ":memory:"
DEFAULT_BUSY_TIMEOUT_MS = 5000


class SqliteStore(SqlStore):
    """The :class:`~bot.store.base.Store` on one SQLite file; build it with :meth:`open`.

    One connection serves the whole process (see :class:`~bot.store.database.SqliteDatabase`).
    """

    _NAME = "SQLite"
    _db: SqliteDatabase

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
        database (for the terminal chat or tests). Committed writes survive the bot process
        being killed; see :meth:`~bot.store.database.SqliteDatabase.configure` for what a
        power cut can undo. ``secure_delete`` is on, so forgotten rows are overwritten in the
        file rather than left in a free page for someone with a copy to recover.
        """
        location = str(path)
        if location != MEMORY:
            _create_private_file(Path(location))
        db = SqliteDatabase(await aiosqlite.connect(location, isolation_level=None))
        store = cls(db)
        try:
            await db.configure(busy_timeout_ms, wal=location != MEMORY)
            await store._migrate(load_migrations("sqlite") if migrations is None else migrations)
        except BaseException:
            await store.close()
            raise
        return store

    def _statements(self, migration: Migration) -> list[str]:
        """sqlite3 runs one statement per call; ``BEGIN IMMEDIATE`` already locks out others."""
        return split_sqlite_script(migration.sql)


def _create_private_file(path: Path) -> None:
    """Create the parent directories and an empty database file only its owner can read.

    SQLite gives the ``-wal`` and ``-shm`` files the main file's permissions, so they inherit
    this. An existing file is left as it is.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
