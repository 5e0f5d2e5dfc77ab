"""Subscriptions and the audit log on SQLite (see :mod:`bot.store.broadcasts`); a mixin of
:class:`~bot.store.sqlite.SqliteStore`, through :class:`~bot.store.sqlite_broadcasts.SqliteBroadcasts`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import date
from typing import TYPE_CHECKING, Any

import aiosqlite

from bot.store.broadcasts import (
    AuditEntry,
    SubscriberCount,
    SubscriberDay,
    check_chat_key,
)
from bot.store.codec import coarse_today


async def run_sql(
    connection: aiosqlite.Connection, sql: str, parameters: Iterable[Any] = ()
) -> int:
    """Run one statement; return the number of rows it changed."""
    async with connection.execute(sql, tuple(parameters)) as cursor:
        return cursor.rowcount


async def run_many(
    connection: aiosqlite.Connection, sql: str, parameters: Iterable[Sequence[Any]]
) -> None:
    """Run one statement for each set of parameters."""
    async with connection.executemany(sql, [tuple(p) for p in parameters]):
        pass


async def fetch_rows(
    connection: aiosqlite.Connection, sql: str, parameters: Iterable[Any] = ()
) -> list[tuple[Any, ...]]:
    """All rows of a query, as tuples."""
    return [tuple(row) for row in await connection.execute_fetchall(sql, tuple(parameters))]


class SqliteSubscriptions:
    """Subscriptions, their daily totals, and the audit log."""

    if TYPE_CHECKING:  # provided by SqliteStore

        def _locked(self) -> AbstractAsyncContextManager[aiosqlite.Connection]: ...
        def _transaction(self) -> AbstractAsyncContextManager[aiosqlite.Connection]: ...

    # -- subscriptions ------------------------------------------------------------------

    async def subscribe(
        self,
        chat_key: str,
        sealed_chat: str,
        language: str,
        country: str | None = None,
        *,
        today: date | None = None,
    ) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.subscribe`."""
        check_chat_key(chat_key)
        async with self._transaction() as connection:
            before = await fetch_rows(
                connection, "SELECT status FROM subscription WHERE chat_key = ?", (chat_key,)
            )
            await run_sql(
                connection,
                "INSERT INTO subscription (chat_key, sealed_chat, language, country, status) "
                "VALUES (?, ?, ?, ?, 'active') ON CONFLICT (chat_key) DO UPDATE SET "
                "sealed_chat = excluded.sealed_chat, language = excluded.language, "
                "country = COALESCE(excluded.country, subscription.country), status = 'active'",
                (chat_key, sealed_chat, language, country),
            )
            joined = not before or before[0][0] != "active"
            if joined:
                await _count_day(connection, today, joined=1)
        return joined

    async def set_subscription_country(self, chat_key: str, country: str | None) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.set_subscription_country`."""
        check_chat_key(chat_key)
        async with self._locked() as connection:
            changed = await run_sql(
                connection,
                "UPDATE subscription SET country = ? WHERE chat_key = ?",
                (country, chat_key),
            )
        return changed > 0

    async def set_subscription_home_country(self, chat_key: str, home: str | None) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.set_subscription_home_country`."""
        check_chat_key(chat_key)
        async with self._locked() as connection:
            changed = await run_sql(
                connection,
                "UPDATE subscription SET home_country = ? WHERE chat_key = ?",
                (home, chat_key),
            )
        return changed > 0

    async def set_subscription_language(self, chat_key: str, language: str) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.set_subscription_language`."""
        check_chat_key(chat_key)
        async with self._locked() as connection:
            changed = await run_sql(
                connection,
                "UPDATE subscription SET language = ? WHERE chat_key = ?",
                (language, chat_key),
            )
        return changed > 0

    async def subscription_status(self, chat_key: str) -> str | None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.subscription_status`."""
        check_chat_key(chat_key)
        async with self._locked() as connection:
            rows = await fetch_rows(
                connection, "SELECT status FROM subscription WHERE chat_key = ?", (chat_key,)
            )
        return str(rows[0][0]) if rows else None

    async def unsubscribe(self, chat_key: str, *, today: date | None = None) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.unsubscribe`."""
        check_chat_key(chat_key)
        async with self._transaction() as connection:
            status = await _drop_subscription(connection, chat_key, today)
            await _cancel_pending(connection, chat_key)
        return status is not None

    async def mark_unreachable(
        self, chat_key: str, status: str, *, today: date | None = None
    ) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.mark_unreachable`."""
        check_chat_key(chat_key)
        if status not in ("blocked", "gone"):
            raise ValueError(f"unreachable status must be blocked or gone, not {status!r}")
        async with self._transaction() as connection:
            changed = await run_sql(
                connection,
                "UPDATE subscription SET status = ? WHERE chat_key = ? AND status = 'active'",
                (status, chat_key),
            )
            if changed:
                await _count_day(connection, today, ended=1)
            await _cancel_pending(connection, chat_key)
        return changed > 0

    async def forget_chat(self, chat_key: str, *, today: date | None = None) -> None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.forget_chat`."""
        check_chat_key(chat_key)
        async with self._transaction() as connection:
            await _drop_subscription(connection, chat_key, today)
            await run_sql(connection, "DELETE FROM outbox WHERE chat_key = ?", (chat_key,))

    async def subscriber_counts(self) -> list[SubscriberCount]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.subscriber_counts`."""
        async with self._locked() as connection:
            rows = await fetch_rows(
                connection,
                "SELECT language, country, status, COUNT(*) FROM subscription "
                "GROUP BY language, country, status ORDER BY language, country, status",
            )
        return [SubscriberCount(str(r[0]), r[1], str(r[2]), int(r[3])) for r in rows]

    async def subscriber_history(self) -> list[SubscriberDay]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.subscriber_history`."""
        async with self._locked() as connection:
            rows = await fetch_rows(
                connection, "SELECT day, joined, ended FROM subscription_day ORDER BY day"
            )
        return [SubscriberDay(date.fromisoformat(str(r[0])), int(r[1]), int(r[2])) for r in rows]

    # -- audit --------------------------------------------------------------------------

    async def audit(self, entry: AuditEntry) -> None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.audit`."""
        async with self._locked() as connection:
            await run_sql(
                connection,
                "INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)",
                (
                    entry.at,
                    entry.actor,
                    entry.action,
                    json.dumps(dict(entry.detail), ensure_ascii=False),
                ),
            )

    async def read_audit(self, limit: int = 100) -> list[AuditEntry]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.read_audit`."""
        async with self._locked() as connection:
            rows = await fetch_rows(
                connection,
                "SELECT at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?",
                (limit,),
            )
        return [AuditEntry(str(r[0]), str(r[1]), str(r[2]), json.loads(r[3])) for r in rows]


async def _count_day(
    connection: aiosqlite.Connection, today: date | None, *, joined: int = 0, ended: int = 0
) -> None:
    day = (today or coarse_today()).isoformat()
    await run_sql(
        connection,
        "INSERT INTO subscription_day (day, joined, ended) VALUES (?, ?, ?) "
        "ON CONFLICT (day) DO UPDATE SET joined = joined + excluded.joined, "
        "ended = ended + excluded.ended",
        (day, joined, ended),
    )


async def _drop_subscription(
    connection: aiosqlite.Connection, chat_key: str, today: date | None
) -> str | None:
    rows = await fetch_rows(
        connection, "SELECT status FROM subscription WHERE chat_key = ?", (chat_key,)
    )
    if not rows:
        return None
    await run_sql(connection, "DELETE FROM subscription WHERE chat_key = ?", (chat_key,))
    if rows[0][0] == "active":
        await _count_day(connection, today, ended=1)
    return str(rows[0][0])


async def _cancel_pending(connection: aiosqlite.Connection, chat_key: str) -> None:
    await run_sql(
        connection,
        "UPDATE outbox SET state = 'cancelled', sealed_chat = '' "
        "WHERE chat_key = ? AND state = 'pending'",
        (chat_key,),
    )
