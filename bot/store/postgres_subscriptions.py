"""Subscriptions and the audit log on PostgreSQL (see :mod:`bot.store.broadcasts`); a mixin of
:class:`~bot.store.postgres.PostgresStore`, through :class:`~bot.store.postgres_broadcasts.PostgresBroadcasts`."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

import asyncpg

from bot.store.broadcasts import (
    AuditEntry,
    SubscriberCount,
    SubscriberDay,
    check_chat_key,
)
from bot.store.codec import coarse_today


def changed_rows(status: str) -> int:
    """Rows changed, from a command status such as ``UPDATE 3``."""
    return int(status.split()[-1])


def decode_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


class PostgresSubscriptions:
    """Subscriptions, their daily totals, and the audit log."""

    if TYPE_CHECKING:  # provided by PostgresStore

        def _require(self) -> asyncpg.Pool: ...

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
        async with self._require().acquire() as connection, connection.transaction():
            before = await connection.fetchval(
                "SELECT status FROM subscription WHERE chat_key = $1 FOR UPDATE", chat_key
            )
            await connection.execute(
                "INSERT INTO subscription (chat_key, sealed_chat, language, country, status) "
                "VALUES ($1, $2, $3, $4, 'active') ON CONFLICT (chat_key) DO UPDATE SET "
                "sealed_chat = EXCLUDED.sealed_chat, language = EXCLUDED.language, "
                "country = COALESCE(EXCLUDED.country, subscription.country), status = 'active'",
                chat_key,
                sealed_chat,
                language,
                country,
            )
            joined = before != "active"
            if joined:
                await _count_day(connection, today, joined=1)
        return joined

    async def set_subscription_country(self, chat_key: str, country: str | None) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.set_subscription_country`."""
        check_chat_key(chat_key)
        status = await self._require().execute(
            "UPDATE subscription SET country = $2 WHERE chat_key = $1", chat_key, country
        )
        return changed_rows(status) > 0

    async def set_subscription_home_country(self, chat_key: str, home: str | None) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.set_subscription_home_country`."""
        check_chat_key(chat_key)
        status = await self._require().execute(
            "UPDATE subscription SET home_country = $2 WHERE chat_key = $1", chat_key, home
        )
        return changed_rows(status) > 0

    async def set_subscription_language(self, chat_key: str, language: str) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.set_subscription_language`."""
        check_chat_key(chat_key)
        status = await self._require().execute(
            "UPDATE subscription SET language = $2 WHERE chat_key = $1", chat_key, language
        )
        return changed_rows(status) > 0

    async def subscription_status(self, chat_key: str) -> str | None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.subscription_status`."""
        check_chat_key(chat_key)
        value = await self._require().fetchval(
            "SELECT status FROM subscription WHERE chat_key = $1", chat_key
        )
        return None if value is None else str(value)

    async def unsubscribe(self, chat_key: str, *, today: date | None = None) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.unsubscribe`."""
        check_chat_key(chat_key)
        async with self._require().acquire() as connection, connection.transaction():
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
        async with self._require().acquire() as connection, connection.transaction():
            changed = changed_rows(
                await connection.execute(
                    "UPDATE subscription SET status = $2 WHERE chat_key = $1 AND status = 'active'",
                    chat_key,
                    status,
                )
            )
            if changed:
                await _count_day(connection, today, ended=1)
            await _cancel_pending(connection, chat_key)
        return changed > 0

    async def forget_chat(self, chat_key: str, *, today: date | None = None) -> None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.forget_chat`."""
        check_chat_key(chat_key)
        async with self._require().acquire() as connection, connection.transaction():
            await _drop_subscription(connection, chat_key, today)
            await connection.execute("DELETE FROM outbox WHERE chat_key = $1", chat_key)

    async def subscriber_counts(self) -> list[SubscriberCount]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.subscriber_counts`."""
        rows = await self._require().fetch(
            "SELECT language, country, status, COUNT(*) FROM subscription "
            "GROUP BY language, country, status ORDER BY language, country, status"
        )
        return [SubscriberCount(str(r[0]), r[1], str(r[2]), int(r[3])) for r in rows]

    async def subscriber_history(self) -> list[SubscriberDay]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.subscriber_history`."""
        rows = await self._require().fetch(
            "SELECT day, joined, ended FROM subscription_day ORDER BY day"
        )
        return [SubscriberDay(r[0], int(r[1]), int(r[2])) for r in rows]

    # -- audit --------------------------------------------------------------------------

    async def audit(self, entry: AuditEntry) -> None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.audit`."""
        await self._require().execute(
            "INSERT INTO audit_log (at, actor, action, detail) VALUES ($1, $2, $3, $4::jsonb)",
            entry.at,
            entry.actor,
            entry.action,
            json.dumps(dict(entry.detail), ensure_ascii=False),
        )

    async def read_audit(self, limit: int = 100) -> list[AuditEntry]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.read_audit`."""
        rows = await self._require().fetch(
            "SELECT at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT $1", limit
        )
        return [AuditEntry(str(r[0]), str(r[1]), str(r[2]), decode_json(r[3])) for r in rows]


async def _count_day(
    connection: asyncpg.Connection, today: date | None, *, joined: int = 0, ended: int = 0
) -> None:
    await connection.execute(
        "INSERT INTO subscription_day (day, joined, ended) VALUES ($1, $2, $3) "
        "ON CONFLICT (day) DO UPDATE SET joined = subscription_day.joined + EXCLUDED.joined, "
        "ended = subscription_day.ended + EXCLUDED.ended",
        today or coarse_today(),
        joined,
        ended,
    )


async def _drop_subscription(
    connection: asyncpg.Connection, chat_key: str, today: date | None
) -> str | None:
    status = await connection.fetchval(
        "DELETE FROM subscription WHERE chat_key = $1 RETURNING status", chat_key
    )
    if status == "active":
        await _count_day(connection, today, ended=1)
    return None if status is None else str(status)


async def _cancel_pending(connection: asyncpg.Connection, chat_key: str) -> None:
    await connection.execute(
        "UPDATE outbox SET state = 'cancelled', sealed_chat = '' "
        "WHERE chat_key = $1 AND state = 'pending'",
        chat_key,
    )
