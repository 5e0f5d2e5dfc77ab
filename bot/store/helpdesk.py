"""Helpdesk cases on SQLite and PostgreSQL (the port: :mod:`bot.store.helpdesk_port`)."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING

from bot.store.codec import check_user_key
from bot.store.helpdesk_port import Case

if TYPE_CHECKING:
    import aiosqlite
    import asyncpg


_COLUMNS = "case_no, topic_id, chat_sealed, language, closed"


def _case(row: tuple | None) -> Case | None:
    if row is None:
        return None
    return Case(int(row[0]), row[1], str(row[2]), str(row[3]), bool(row[4]))


class SqliteHelpdesk:
    """:class:`HelpdeskStore` on SQLite; a mixin of :class:`~bot.store.sqlite.SqliteStore`."""

    if TYPE_CHECKING:

        def _locked(self) -> AbstractAsyncContextManager[aiosqlite.Connection]: ...
        def _transaction(self) -> AbstractAsyncContextManager[aiosqlite.Connection]: ...

    async def open_case(self, user_key: str, chat_sealed: str, language: str) -> int:
        check_user_key(user_key)
        async with self._transaction() as db:
            await db.execute("UPDATE helpdesk_case SET closed = 1 WHERE user_key = ?", (user_key,))
            cursor = await db.execute(
                "INSERT INTO helpdesk_case (user_key, chat_sealed, language) VALUES (?, ?, ?)",
                (user_key, chat_sealed, language),
            )
            return int(cursor.lastrowid or 0)

    async def set_case_topic(self, case_no: int, topic_id: int) -> None:
        async with self._locked() as db:
            await db.execute(
                "UPDATE helpdesk_case SET topic_id = ? WHERE case_no = ?", (topic_id, case_no)
            )

    async def open_case_of(self, user_key: str) -> Case | None:
        check_user_key(user_key)
        async with self._locked() as db:
            rows = await db.execute_fetchall(
                f"SELECT {_COLUMNS} FROM helpdesk_case WHERE user_key = ? AND closed = 0",
                (user_key,),
            )
        return _case(tuple(next(iter(rows))) if rows else None)

    async def case_in_topic(self, topic_id: int) -> Case | None:
        async with self._locked() as db:
            rows = await db.execute_fetchall(
                f"SELECT {_COLUMNS} FROM helpdesk_case WHERE topic_id = ?", (topic_id,)
            )
        return _case(tuple(next(iter(rows))) if rows else None)

    async def close_case(self, case_no: int) -> bool:
        async with self._locked() as db:
            cursor = await db.execute(
                "UPDATE helpdesk_case SET closed = 1 WHERE case_no = ? AND closed = 0", (case_no,)
            )
            return cursor.rowcount > 0


class PostgresHelpdesk:
    """:class:`HelpdeskStore` on PostgreSQL; a mixin of :class:`~bot.store.postgres.PostgresStore`."""

    if TYPE_CHECKING:

        def _require(self) -> asyncpg.Pool: ...

    async def open_case(self, user_key: str, chat_sealed: str, language: str) -> int:
        check_user_key(user_key)
        async with self._require().acquire() as db, db.transaction():
            await db.execute("UPDATE helpdesk_case SET closed = TRUE WHERE user_key = $1", user_key)
            return int(
                await db.fetchval(
                    "INSERT INTO helpdesk_case (user_key, chat_sealed, language) "
                    "VALUES ($1, $2, $3) RETURNING case_no",
                    user_key,
                    chat_sealed,
                    language,
                )
            )

    async def set_case_topic(self, case_no: int, topic_id: int) -> None:
        await self._require().execute(
            "UPDATE helpdesk_case SET topic_id = $1 WHERE case_no = $2", topic_id, case_no
        )

    async def open_case_of(self, user_key: str) -> Case | None:
        check_user_key(user_key)
        row = await self._require().fetchrow(
            f"SELECT {_COLUMNS} FROM helpdesk_case WHERE user_key = $1 AND NOT closed", user_key
        )
        return _case(tuple(row) if row else None)

    async def case_in_topic(self, topic_id: int) -> Case | None:
        row = await self._require().fetchrow(
            f"SELECT {_COLUMNS} FROM helpdesk_case WHERE topic_id = $1", topic_id
        )
        return _case(tuple(row) if row else None)

    async def close_case(self, case_no: int) -> bool:
        status = await self._require().execute(
            "UPDATE helpdesk_case SET closed = TRUE WHERE case_no = $1 AND NOT closed", case_no
        )
        return status.endswith(" 1")
