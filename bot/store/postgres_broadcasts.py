"""The broadcast part of the PostgreSQL store (see :mod:`bot.store.broadcasts`), mixed into
:class:`~bot.store.postgres.PostgresStore`, whose ``_require`` (the pool) it uses.

Claims use ``FOR UPDATE SKIP LOCKED``, so several bot replicas can share one outbox without
two of them claiming the same row.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import asyncpg

from bot.store.broadcasts import (
    BROADCAST_COLUMNS,
    FINAL_STATES,
    AuditEntry,
    BroadcastInfo,
    Delivery,
    NewBroadcast,
    Planner,
    Subscriber,
    SubscriberCount,
    SubscriberDay,
    broadcast_from_row,
    check_chat_key,
)
from bot.store.codec import coarse_today

_CLAIMED = "o.broadcast_id, o.chat_key, o.sealed_chat, o.language, o.attempts"


def _changed(status: str) -> int:
    """Rows changed, from a command status such as ``UPDATE 3``."""
    return int(status.split()[-1])


def _decode(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


class PostgresBroadcasts:
    """Subscriptions, broadcasts, outbox and audit log on PostgreSQL."""

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
        return _changed(status) > 0

    async def set_subscription_language(self, chat_key: str, language: str) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.set_subscription_language`."""
        check_chat_key(chat_key)
        status = await self._require().execute(
            "UPDATE subscription SET language = $2 WHERE chat_key = $1", chat_key, language
        )
        return _changed(status) > 0

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
            changed = _changed(
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

    # -- broadcasts ---------------------------------------------------------------------

    async def create_broadcast(self, new: NewBroadcast, plan: Planner) -> int:
        """See :meth:`bot.store.broadcasts.BroadcastStore.create_broadcast`."""
        filters, values = ["status = 'active'"], []
        for column, value in (
            ("language", new.audience.language),
            ("country", new.audience.country),
        ):
            if value:
                values.append(value)
                filters.append(f"{column} = ${len(values)}")
        async with self._require().acquire() as connection, connection.transaction():
            rows = await connection.fetch(
                "SELECT chat_key, language, country FROM subscription WHERE "
                + " AND ".join(filters)
                + ' ORDER BY chat_key COLLATE "C" FOR SHARE',
                *values,
            )
            planned = plan([Subscriber(str(r[0]), str(r[1]), r[2]) for r in rows])
            broadcast_id = await connection.fetchval(
                "INSERT INTO broadcast (created_at, actor, texts, audience, start_at, "
                "spread_seconds, quiet_hours, report_chat, report_language) "
                "VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7, $8, $9) RETURNING id",
                datetime.now(UTC).isoformat(timespec="seconds"),
                new.actor,
                json.dumps(dict(new.texts), ensure_ascii=False),
                json.dumps(new.audience.to_json()),
                new.start_at,
                new.spread_seconds,
                new.quiet_hours,
                new.report_chat,
                new.report_language,
            )
            if planned:
                await connection.execute(
                    "INSERT INTO outbox (broadcast_id, chat_key, sealed_chat, language, due_at) "
                    "SELECT $1, s.chat_key, s.sealed_chat, p.language, p.due_at "
                    "FROM unnest($2::text[], $3::text[], $4::float8[]) "
                    "AS p (chat_key, language, due_at) "
                    "JOIN subscription s ON s.chat_key = p.chat_key",
                    broadcast_id,
                    [p.chat_key for p in planned],
                    [p.language for p in planned],
                    [p.due_at for p in planned],
                )
        return int(broadcast_id)

    async def broadcast(self, broadcast_id: int) -> BroadcastInfo | None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.broadcast`."""
        found = await self._broadcasts("id = $1", [broadcast_id])
        return found[0] if found else None

    async def broadcasts(
        self, statuses: Sequence[str], *, unreported: bool = False
    ) -> list[BroadcastInfo]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.broadcasts`."""
        where = "status = ANY($1::text[])"
        if unreported:
            where += " AND NOT reported AND report_chat IS NOT NULL"
        return await self._broadcasts(where, [list(statuses)])

    async def _broadcasts(self, where: str, values: list[Any]) -> list[BroadcastInfo]:
        async with self._require().acquire() as connection:
            rows = await connection.fetch(
                f"SELECT {BROADCAST_COLUMNS} FROM broadcast WHERE {where} ORDER BY id", *values
            )
            found = []
            for row in rows:
                counts = await connection.fetch(
                    "SELECT state, COUNT(*) FROM outbox WHERE broadcast_id = $1 GROUP BY state",
                    row[0],
                )
                last = await connection.fetchval(
                    "SELECT MAX(due_at) FROM outbox WHERE broadcast_id = $1 AND state = 'pending'",
                    row[0],
                )
                found.append(
                    broadcast_from_row(
                        tuple(row), {str(r[0]): int(r[1]) for r in counts}, last, _decode
                    )
                )
        return found

    async def cancel_broadcast(self, broadcast_id: int, *, now: float) -> BroadcastInfo | None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.cancel_broadcast`."""
        async with self._require().acquire() as connection, connection.transaction():
            changed = _changed(
                await connection.execute(
                    "UPDATE broadcast SET status = 'cancelled', finished_at = $2 "
                    "WHERE id = $1 AND status IN ('queued', 'sending')",
                    broadcast_id,
                    now,
                )
            )
            if changed:
                await connection.execute(
                    "UPDATE outbox SET state = 'cancelled', sealed_chat = '' "
                    "WHERE broadcast_id = $1 AND state = 'pending'",
                    broadcast_id,
                )
        return await self.broadcast(broadcast_id)

    async def set_progress_message(self, broadcast_id: int, message_id: int) -> None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.set_progress_message`."""
        await self._require().execute(
            "UPDATE broadcast SET progress_message_id = $2 WHERE id = $1", broadcast_id, message_id
        )

    async def complete_broadcasts(self, *, now: float) -> list[int]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.complete_broadcasts`."""
        rows = await self._require().fetch(
            "UPDATE broadcast b SET status = 'done', finished_at = $1, "
            "started_at = COALESCE(started_at, $1) "
            "WHERE status IN ('queued', 'sending') AND NOT EXISTS "
            "(SELECT 1 FROM outbox o WHERE o.broadcast_id = b.id "
            "AND o.state IN ('pending', 'sending')) RETURNING id",
            now,
        )
        return sorted(int(r[0]) for r in rows)

    async def mark_reported(self, broadcast_id: int) -> None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.mark_reported`."""
        await self._require().execute(
            "UPDATE broadcast SET reported = true WHERE id = $1", broadcast_id
        )

    # -- outbox -------------------------------------------------------------------------

    async def claim_deliveries(self, *, now: float, limit: int, lease: float) -> list[Delivery]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.claim_deliveries`."""
        until = now + lease
        claimed: list[Any] = []
        async with self._require().acquire() as connection, connection.transaction():
            for condition in (
                "state = 'sending' AND lease_until <= $1",
                "state = 'pending' AND due_at <= $1",
            ):
                if len(claimed) >= limit:
                    break
                claimed += await connection.fetch(
                    "WITH picked AS (SELECT broadcast_id, chat_key, due_at FROM outbox "
                    f"WHERE {condition} ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED) "
                    "UPDATE outbox o SET state = 'sending', lease_until = $3 FROM picked p "
                    "WHERE o.broadcast_id = p.broadcast_id AND o.chat_key = p.chat_key "
                    f"RETURNING {_CLAIMED}, p.due_at",
                    now,
                    limit - len(claimed),
                    until,
                )
            if claimed:
                await connection.execute(
                    "UPDATE broadcast SET status = 'sending', started_at = $2 "
                    "WHERE id = ANY($1::bigint[]) AND status = 'queued'",
                    sorted({int(r[0]) for r in claimed}),
                    now,
                )
        claimed.sort(key=lambda r: r[5])
        return [
            Delivery(int(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4]), until) for r in claimed
        ]

    async def finish_delivery(self, broadcast_id: int, chat_key: str, state: str) -> None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.finish_delivery`."""
        if state not in FINAL_STATES:
            raise ValueError(f"{state!r} is not a final delivery state")
        await self._require().execute(
            "UPDATE outbox SET state = $3, sealed_chat = '', lease_until = NULL "
            "WHERE broadcast_id = $1 AND chat_key = $2 AND state = 'sending'",
            broadcast_id,
            chat_key,
            state,
        )

    async def retry_delivery(
        self, broadcast_id: int, chat_key: str, *, due_at: float, count_attempt: bool = True
    ) -> None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.retry_delivery`."""
        await self._require().execute(
            "UPDATE outbox SET state = 'pending', due_at = $3, lease_until = NULL, "
            "attempts = attempts + $4 "
            "WHERE broadcast_id = $1 AND chat_key = $2 AND state = 'sending'",
            broadcast_id,
            chat_key,
            due_at,
            int(count_attempt),
        )

    async def next_due(self) -> float | None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.next_due`."""
        value = await self._require().fetchval(
            "SELECT LEAST("
            "(SELECT MIN(due_at) FROM outbox WHERE state = 'pending'), "
            "(SELECT MIN(lease_until) FROM outbox WHERE state = 'sending'))"
        )
        return None if value is None else float(value)

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
        return [AuditEntry(str(r[0]), str(r[1]), str(r[2]), _decode(r[3])) for r in rows]


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
