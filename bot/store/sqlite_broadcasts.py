"""The broadcast part of the SQLite store (see :mod:`bot.store.broadcasts`), mixed into
:class:`~bot.store.sqlite.SqliteStore`, whose ``_locked`` and ``_transaction`` it uses."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from bot.store.broadcasts import (
    BROADCAST_COLUMNS,
    FINAL_STATES,
    BroadcastInfo,
    Delivery,
    NewBroadcast,
    Planner,
    Subscriber,
    broadcast_from_row,
    claimed_delivery,
    count_states,
)
from bot.store.sqlite_subscriptions import SqliteSubscriptions, fetch_rows, run_many, run_sql

_CLAIMED = (
    "o.broadcast_id, o.chat_key, o.sealed_chat, o.language, o.attempts, o.failing_since, "
    "b.quiet_hours, s.country"
)
_CLAIM_FROM = (
    "outbox o JOIN broadcast b ON b.id = o.broadcast_id "
    "LEFT JOIN subscription s ON s.chat_key = o.chat_key"
)

_TO_FOLLOW = (
    "(status IN ('queued', 'sending') OR (status IN ('done', 'cancelled') "
    "AND reported = 0 AND report_chat IS NOT NULL))"
)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SqliteBroadcasts(SqliteSubscriptions):
    """Broadcasts and their outbox; subscriptions and the audit log come from the base."""

    # -- broadcasts ---------------------------------------------------------------------

    async def create_broadcast(self, new: NewBroadcast, plan: Planner) -> int:
        """See :meth:`bot.store.broadcasts.BroadcastStore.create_broadcast`."""
        filters, values = ["status = 'active'"], []
        if new.audience.language:
            filters.append("language = ?")
            values.append(new.audience.language)
        if new.audience.country:
            filters.append("country = ?")
            values.append(new.audience.country)
        if new.audience.home_country:
            filters.append("home_country = ?")
            values.append(new.audience.home_country)
        async with self._transaction() as connection:
            rows = await fetch_rows(
                connection,
                "SELECT chat_key, language, country FROM subscription WHERE "
                + " AND ".join(filters)
                + " ORDER BY chat_key",
                values,
            )
            planned = plan([Subscriber(str(r[0]), str(r[1]), r[2]) for r in rows])
            async with connection.execute(
                "INSERT INTO broadcast (created_at, actor, texts, audience, start_at, "
                "spread_seconds, quiet_hours, report_chat, report_language) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _now_iso(),
                    new.actor,
                    json.dumps(dict(new.texts), ensure_ascii=False),
                    json.dumps(new.audience.to_json()),
                    new.start_at,
                    new.spread_seconds,
                    int(new.quiet_hours),
                    new.report_chat,
                    new.report_language,
                ),
            ) as cursor:
                broadcast_id = int(cursor.lastrowid or 0)
            await run_many(
                connection,
                "INSERT INTO outbox (broadcast_id, chat_key, sealed_chat, language, due_at) "
                "SELECT ?, chat_key, sealed_chat, ?, ? FROM subscription WHERE chat_key = ?",
                [(broadcast_id, p.language, p.due_at, p.chat_key) for p in planned],
            )
        return broadcast_id

    async def broadcast(self, broadcast_id: int) -> BroadcastInfo | None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.broadcast`."""
        found = await self._broadcasts("id = ?", (broadcast_id,))
        return found[0] if found else None

    async def broadcasts(
        self, statuses: Sequence[str], *, unreported: bool = False
    ) -> list[BroadcastInfo]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.broadcasts`."""
        if not statuses:
            return []
        marks = ", ".join("?" for _ in statuses)
        where = f"status IN ({marks})"
        if unreported:
            where += " AND reported = 0 AND report_chat IS NOT NULL"
        return await self._broadcasts(where, tuple(statuses))

    async def _broadcasts(self, where: str, values: Sequence[Any]) -> list[BroadcastInfo]:
        async with self._locked() as connection:
            rows = await fetch_rows(
                connection,
                f"SELECT {BROADCAST_COLUMNS} FROM broadcast WHERE {where} ORDER BY id",
                values,
            )
            found = []
            for row in rows:
                grouped = await fetch_rows(
                    connection,
                    "SELECT state, failure, COUNT(*) FROM outbox WHERE broadcast_id = ? "
                    "GROUP BY state, failure",
                    (row[0],),
                )
                counts, failures = count_states(grouped)
                last = await fetch_rows(
                    connection,
                    "SELECT MAX(due_at) FROM outbox WHERE broadcast_id = ? AND state = 'pending'",
                    (row[0],),
                )
                found.append(broadcast_from_row(row, counts, last[0][0], json.loads, failures))
        return found

    async def cancel_broadcast(self, broadcast_id: int, *, now: float) -> BroadcastInfo | None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.cancel_broadcast`."""
        async with self._transaction() as connection:
            changed = await run_sql(
                connection,
                "UPDATE broadcast SET status = 'cancelled', finished_at = ? "
                "WHERE id = ? AND status IN ('queued', 'sending')",
                (now, broadcast_id),
            )
            if changed:
                await run_sql(
                    connection,
                    "UPDATE outbox SET state = 'cancelled', sealed_chat = '' "
                    "WHERE broadcast_id = ? AND state = 'pending'",
                    (broadcast_id,),
                )
        return await self.broadcast(broadcast_id)

    async def set_progress_message(self, broadcast_id: int, message_id: int) -> None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.set_progress_message`."""
        async with self._locked() as connection:
            await run_sql(
                connection,
                "UPDATE broadcast SET progress_message_id = ? WHERE id = ?",
                (message_id, broadcast_id),
            )

    async def complete_broadcasts(self, *, now: float) -> list[int]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.complete_broadcasts`."""
        async with self._transaction() as connection:
            rows = await fetch_rows(
                connection,
                "SELECT id FROM broadcast b WHERE status IN ('queued', 'sending') AND NOT EXISTS "
                "(SELECT 1 FROM outbox o WHERE o.broadcast_id = b.id "
                "AND o.state IN ('pending', 'sending')) ORDER BY id",
            )
            done = [int(r[0]) for r in rows]
            for broadcast_id in done:
                await run_sql(
                    connection,
                    "UPDATE broadcast SET status = 'done', finished_at = ?, "
                    "started_at = COALESCE(started_at, ?) WHERE id = ?",
                    (now, now, broadcast_id),
                )
        return done

    async def mark_reported(self, broadcast_id: int, follower: str | None = None) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.mark_reported`."""
        fence, values = (
            ("", (broadcast_id,))
            if follower is None
            else (" AND follower = ?", (broadcast_id, follower))
        )
        async with self._locked() as connection:
            changed = await run_sql(
                connection,
                f"UPDATE broadcast SET reported = 1 WHERE id = ? AND reported = 0{fence}",
                values,
            )
        return bool(changed)

    async def follow_broadcasts(self, follower: str, *, now: float, lease: float) -> list[int]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.follow_broadcasts`."""
        async with self._transaction() as connection:
            await run_sql(
                connection,
                f"UPDATE broadcast SET follower = ?, follow_until = ? WHERE {_TO_FOLLOW} "
                "AND (follower IS NULL OR follower = ? OR follow_until <= ?)",
                (follower, now + lease, follower, now),
            )
            rows = await fetch_rows(
                connection,
                f"SELECT id FROM broadcast WHERE {_TO_FOLLOW} AND follower = ? "
                "AND follow_until > ? ORDER BY id",
                (follower, now),
            )
        return [int(r[0]) for r in rows]

    # -- outbox -------------------------------------------------------------------------

    async def claim_deliveries(self, *, now: float, limit: int, lease: float) -> list[Delivery]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.claim_deliveries`."""
        until, token = now + lease, secrets.token_hex(8)
        async with self._transaction() as connection:
            rows = await fetch_rows(
                connection,
                f"SELECT {_CLAIMED} FROM {_CLAIM_FROM} "
                "WHERE o.state = 'sending' AND o.lease_until <= ? ORDER BY o.due_at LIMIT ?",
                (now, limit),
            )
            if len(rows) < limit:
                rows += await fetch_rows(
                    connection,
                    f"SELECT {_CLAIMED} FROM {_CLAIM_FROM} "
                    "WHERE o.state = 'pending' AND o.due_at <= ? ORDER BY o.state, o.due_at LIMIT ?",
                    (now, limit - len(rows)),
                )
            await run_many(
                connection,
                "UPDATE outbox SET state = 'sending', lease_until = ?, claim_token = ? "
                "WHERE broadcast_id = ? AND chat_key = ?",
                [(until, token, r[0], r[1]) for r in rows],
            )
            for broadcast_id in sorted({int(r[0]) for r in rows}):
                await run_sql(
                    connection,
                    "UPDATE broadcast SET status = 'sending', started_at = ? "
                    "WHERE id = ? AND status = 'queued'",
                    (now, broadcast_id),
                )
        return [claimed_delivery(r, until, token) for r in rows]

    async def finish_delivery(
        self, delivery: Delivery, state: str, *, failure: str | None = None
    ) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.finish_delivery`."""
        if state not in FINAL_STATES:
            raise ValueError(f"{state!r} is not a final delivery state")
        async with self._locked() as connection:
            changed = await run_sql(
                connection,
                "UPDATE outbox SET state = ?, failure = ?, sealed_chat = '', lease_until = NULL, "
                "claim_token = NULL WHERE broadcast_id = ? AND chat_key = ? "
                "AND state = 'sending' AND claim_token = ?",
                (state, failure, delivery.broadcast_id, delivery.chat_key, delivery.claim),
            )
        return bool(changed)

    async def retry_delivery(
        self,
        delivery: Delivery,
        *,
        due_at: float,
        count_attempt: bool = True,
        failing_since: float | None = None,
    ) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.retry_delivery`."""
        async with self._locked() as connection:
            changed = await run_sql(
                connection,
                "UPDATE outbox SET state = 'pending', due_at = ?, lease_until = NULL, "
                "claim_token = NULL, attempts = attempts + ?, failing_since = ? "
                "WHERE broadcast_id = ? AND chat_key = ? AND state = 'sending' "
                "AND claim_token = ?",
                (
                    due_at,
                    int(count_attempt),
                    failing_since,
                    delivery.broadcast_id,
                    delivery.chat_key,
                    delivery.claim,
                ),
            )
        return bool(changed)

    async def renew_claims(
        self, deliveries: Sequence[Delivery], until: float
    ) -> set[tuple[int, str]]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.renew_claims`."""
        held: set[tuple[int, str]] = set()
        async with self._transaction() as connection:
            for delivery in deliveries:
                changed = await run_sql(
                    connection,
                    "UPDATE outbox SET lease_until = ? WHERE broadcast_id = ? AND chat_key = ? "
                    "AND state = 'sending' AND claim_token = ?",
                    (until, delivery.broadcast_id, delivery.chat_key, delivery.claim),
                )
                if changed:
                    held.add(delivery.row)
        return held

    async def next_due(self) -> float | None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.next_due`."""
        async with self._locked() as connection:
            rows = await fetch_rows(
                connection,
                "SELECT MIN(t) FROM ("
                "SELECT MIN(due_at) AS t FROM outbox WHERE state = 'pending' UNION ALL "
                "SELECT MIN(lease_until) FROM outbox WHERE state = 'sending')",
            )
        return None if rows[0][0] is None else float(rows[0][0])
