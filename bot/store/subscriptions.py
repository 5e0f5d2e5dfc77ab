"""Subscriptions, their daily totals and the audit log, written once over the database port.

A part of :class:`~bot.store.sql.SqlStore` (see :mod:`bot.store.broadcasts` for the records
and the privacy rules).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.store.broadcasts import AuditEntry, SubscriberCount, SubscriberDay, check_chat_key
from bot.store.codec import coarse_today
from bot.store.database import Database


def decode_json(value: Any) -> Any:
    """A JSON column as Python: SQLite and asyncpg hand it over as text."""
    return json.loads(value) if isinstance(value, str) else value


def as_date(value: Any) -> date:
    """A date column as a date: PostgreSQL gives one, SQLite keeps ISO text."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class SqlSubscriptions:
    """Subscriptions, their daily totals, and the audit log."""

    _db: Database
    _LOCK_ROW = ""
    """Appended to the read that precedes an upsert (``FOR UPDATE`` where rows lock)."""

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
        async with self._db.transaction() as db:
            before = await db.fetchval(
                f"SELECT status FROM subscription WHERE chat_key = ?{self._LOCK_ROW}", chat_key
            )
            await db.execute(
                "INSERT INTO subscription (chat_key, sealed_chat, language, country, status) "
                "VALUES (?, ?, ?, ?, 'active') ON CONFLICT (chat_key) DO UPDATE SET "
                "sealed_chat = excluded.sealed_chat, language = excluded.language, "
                "country = COALESCE(excluded.country, subscription.country), status = 'active'",
                chat_key,
                sealed_chat,
                language,
                country,
            )
            joined = before != "active"
            if joined:
                await _count_day(db, today, joined=1)
        return joined

    async def set_subscription_country(self, chat_key: str, country: str | None) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.set_subscription_country`."""
        return await self._set_subscription("country", chat_key, country)

    async def set_subscription_home_country(self, chat_key: str, home: str | None) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.set_subscription_home_country`."""
        return await self._set_subscription("home_country", chat_key, home)

    async def set_subscription_language(self, chat_key: str, language: str) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.set_subscription_language`."""
        return await self._set_subscription("language", chat_key, language)

    async def _set_subscription(self, column: str, chat_key: str, value: str | None) -> bool:
        check_chat_key(chat_key)
        changed = await self._db.execute(
            f"UPDATE subscription SET {column} = ? WHERE chat_key = ?", value, chat_key
        )
        return changed > 0

    async def subscription_status(self, chat_key: str) -> str | None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.subscription_status`."""
        check_chat_key(chat_key)
        value = await self._db.fetchval(
            "SELECT status FROM subscription WHERE chat_key = ?", chat_key
        )
        return None if value is None else str(value)

    async def unsubscribe(self, chat_key: str, *, today: date | None = None) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.unsubscribe`."""
        check_chat_key(chat_key)
        async with self._db.transaction() as db:
            status = await _drop_subscription(db, chat_key, today)
            await _cancel_pending(db, chat_key)
        return status is not None

    async def mark_unreachable(
        self, chat_key: str, status: str, *, today: date | None = None
    ) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.mark_unreachable`."""
        check_chat_key(chat_key)
        if status not in ("blocked", "gone"):
            raise ValueError(f"unreachable status must be blocked or gone, not {status!r}")
        async with self._db.transaction() as db:
            changed = await db.execute(
                "UPDATE subscription SET status = ? WHERE chat_key = ? AND status = 'active'",
                status,
                chat_key,
            )
            if changed:
                await _count_day(db, today, ended=1)
            await _cancel_pending(db, chat_key)
        return changed > 0

    async def forget_chat(self, chat_key: str, *, today: date | None = None) -> None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.forget_chat`."""
        check_chat_key(chat_key)
        async with self._db.transaction() as db:
            await _drop_subscription(db, chat_key, today)
            await db.execute("DELETE FROM outbox WHERE chat_key = ?", chat_key)

    async def subscriber_counts(self) -> list[SubscriberCount]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.subscriber_counts`."""
        rows = await self._db.fetch(
            "SELECT language, country, home_country, status, COUNT(*) FROM subscription "
            "GROUP BY language, country, home_country, status "
            "ORDER BY language, country, home_country, status"
        )
        return [SubscriberCount(str(r[0]), r[1], str(r[3]), int(r[4]), r[2]) for r in rows]

    async def subscriber_history(self) -> list[SubscriberDay]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.subscriber_history`."""
        rows = await self._db.fetch("SELECT day, joined, ended FROM subscription_day ORDER BY day")
        return [SubscriberDay(as_date(r[0]), int(r[1]), int(r[2])) for r in rows]

    # -- audit --------------------------------------------------------------------------

    async def audit(self, entry: AuditEntry) -> None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.audit`."""
        await self._db.execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)",
            entry.at,
            entry.actor,
            entry.action,
            json.dumps(dict(entry.detail), ensure_ascii=False),
        )

    async def read_audit(self, limit: int = 100) -> list[AuditEntry]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.read_audit`."""
        rows = await self._db.fetch(
            "SELECT at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?", limit
        )
        return [AuditEntry(str(r[0]), str(r[1]), str(r[2]), decode_json(r[3])) for r in rows]


async def _count_day(db: Database, today: date | None, *, joined: int = 0, ended: int = 0) -> None:
    await db.execute(
        "INSERT INTO subscription_day (day, joined, ended) VALUES (?, ?, ?) "
        "ON CONFLICT (day) DO UPDATE SET joined = subscription_day.joined + excluded.joined, "
        "ended = subscription_day.ended + excluded.ended",
        today or coarse_today(),
        joined,
        ended,
    )


async def _drop_subscription(db: Database, chat_key: str, today: date | None) -> str | None:
    status = await db.fetchval(
        "DELETE FROM subscription WHERE chat_key = ? RETURNING status", chat_key
    )
    if status == "active":
        await _count_day(db, today, ended=1)
    return None if status is None else str(status)


async def _cancel_pending(db: Database, chat_key: str) -> None:
    await db.execute(
        "UPDATE outbox SET state = 'cancelled', sealed_chat = '' "
        "WHERE chat_key = ? AND state = 'pending'",
        chat_key,
    )
