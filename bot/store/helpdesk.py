"""Helpdesk cases, written once over the database port (the port: :mod:`bot.store.helpdesk_port`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.store.codec import check_user_key
from bot.store.helpdesk_port import Case

if TYPE_CHECKING:
    from bot.store.database import Database, Row

_COLUMNS = "case_no, topic_id, chat_sealed, language, closed"


def _case(row: Row | None) -> Case | None:
    if row is None:
        return None
    return Case(int(row[0]), row[1], str(row[2]), str(row[3]), bool(row[4]))


class SqlHelpdesk:
    """:class:`~bot.store.helpdesk_port.HelpdeskStore`; a part of :class:`~bot.store.sql.SqlStore`."""

    _db: Database

    async def open_case(self, user_key: str, chat_sealed: str, language: str) -> int:
        """See :meth:`~bot.store.helpdesk_port.HelpdeskStore.open_case`."""
        check_user_key(user_key)
        async with self._db.transaction() as db:
            await db.execute("UPDATE helpdesk_case SET closed = TRUE WHERE user_key = ?", user_key)
            case_no = await db.fetchval(
                "INSERT INTO helpdesk_case (user_key, chat_sealed, language) "
                "VALUES (?, ?, ?) RETURNING case_no",
                user_key,
                chat_sealed,
                language,
            )
        return int(case_no)

    async def set_case_topic(self, case_no: int, topic_id: int) -> None:
        """See :meth:`~bot.store.helpdesk_port.HelpdeskStore.set_case_topic`."""
        await self._db.execute(
            "UPDATE helpdesk_case SET topic_id = ? WHERE case_no = ?", topic_id, case_no
        )

    async def open_case_of(self, user_key: str) -> Case | None:
        """See :meth:`~bot.store.helpdesk_port.HelpdeskStore.open_case_of`."""
        check_user_key(user_key)
        return _case(
            await self._db.fetchrow(
                f"SELECT {_COLUMNS} FROM helpdesk_case WHERE user_key = ? AND closed = FALSE",
                user_key,
            )
        )

    async def case_in_topic(self, topic_id: int) -> Case | None:
        """See :meth:`~bot.store.helpdesk_port.HelpdeskStore.case_in_topic`."""
        return _case(
            await self._db.fetchrow(
                f"SELECT {_COLUMNS} FROM helpdesk_case WHERE topic_id = ?", topic_id
            )
        )

    async def close_case(self, case_no: int) -> bool:
        """See :meth:`~bot.store.helpdesk_port.HelpdeskStore.close_case`."""
        changed = await self._db.execute(
            "UPDATE helpdesk_case SET closed = TRUE WHERE case_no = ? AND closed = FALSE", case_no
        )
        return changed > 0
