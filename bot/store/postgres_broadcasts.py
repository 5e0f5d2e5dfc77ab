"""The broadcast part of the PostgreSQL store (see :mod:`bot.store.broadcasts`), mixed into
:class:`~bot.store.postgres.PostgresStore`, whose ``_require`` (the pool) it uses.

Claims use ``FOR UPDATE SKIP LOCKED``, so several bot replicas can share one outbox without
two of them claiming the same row.
"""

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
from bot.store.postgres_subscriptions import PostgresSubscriptions, changed_rows, decode_json

_CLAIMED = (
    "o.broadcast_id, o.chat_key, o.sealed_chat, o.language, o.attempts, o.failing_since, "
    "(SELECT b.quiet_hours FROM broadcast b WHERE b.id = o.broadcast_id), "
    "(SELECT s.country FROM subscription s WHERE s.chat_key = o.chat_key)"
)

_TO_FOLLOW = (
    "(status IN ('queued', 'sending') OR (status IN ('done', 'cancelled') "
    "AND NOT reported AND report_chat IS NOT NULL))"
)


class PostgresBroadcasts(PostgresSubscriptions):
    """Broadcasts and their outbox; subscriptions and the audit log come from the base."""

    # -- broadcasts ---------------------------------------------------------------------

    async def create_broadcast(self, new: NewBroadcast, plan: Planner) -> int:
        """See :meth:`bot.store.broadcasts.BroadcastStore.create_broadcast`."""
        filters, values = ["status = 'active'"], []
        for column, value in (
            ("language", new.audience.language),
            ("country", new.audience.country),
            ("home_country", new.audience.home_country),
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
                grouped = await connection.fetch(
                    "SELECT state, failure, COUNT(*) FROM outbox WHERE broadcast_id = $1 "
                    "GROUP BY state, failure",
                    row[0],
                )
                counts, failures = count_states([tuple(r) for r in grouped])
                last = await connection.fetchval(
                    "SELECT MAX(due_at) FROM outbox WHERE broadcast_id = $1 AND state = 'pending'",
                    row[0],
                )
                found.append(broadcast_from_row(tuple(row), counts, last, decode_json, failures))
        return found

    async def cancel_broadcast(self, broadcast_id: int, *, now: float) -> BroadcastInfo | None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.cancel_broadcast`."""
        async with self._require().acquire() as connection, connection.transaction():
            changed = changed_rows(
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

    async def mark_reported(self, broadcast_id: int, follower: str | None = None) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.mark_reported`."""
        status = await self._require().execute(
            "UPDATE broadcast SET reported = true WHERE id = $1 AND NOT reported "
            "AND ($2::text IS NULL OR follower = $2)",
            broadcast_id,
            follower,
        )
        return bool(changed_rows(status))

    async def follow_broadcasts(self, follower: str, *, now: float, lease: float) -> list[int]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.follow_broadcasts`."""
        async with self._require().acquire() as connection, connection.transaction():
            await connection.execute(
                f"UPDATE broadcast SET follower = $1, follow_until = $2 WHERE {_TO_FOLLOW} "
                "AND (follower IS NULL OR follower = $1 OR follow_until <= $3)",
                follower,
                now + lease,
                now,
            )
            rows = await connection.fetch(
                f"SELECT id FROM broadcast WHERE {_TO_FOLLOW} AND follower = $1 "
                "AND follow_until > $2 ORDER BY id",
                follower,
                now,
            )
        return [int(r[0]) for r in rows]

    # -- outbox -------------------------------------------------------------------------

    async def claim_deliveries(self, *, now: float, limit: int, lease: float) -> list[Delivery]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.claim_deliveries`."""
        until, token = now + lease, secrets.token_hex(8)
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
                    "UPDATE outbox o SET state = 'sending', lease_until = $3, claim_token = $4 "
                    "FROM picked p "
                    "WHERE o.broadcast_id = p.broadcast_id AND o.chat_key = p.chat_key "
                    f"RETURNING {_CLAIMED}, p.due_at",
                    now,
                    limit - len(claimed),
                    until,
                    token,
                )
            if claimed:
                await connection.execute(
                    "UPDATE broadcast SET status = 'sending', started_at = $2 "
                    "WHERE id = ANY($1::bigint[]) AND status = 'queued'",
                    sorted({int(r[0]) for r in claimed}),
                    now,
                )
        claimed.sort(key=lambda r: r[8])
        return [claimed_delivery(tuple(r), until, token) for r in claimed]

    async def finish_delivery(
        self, delivery: Delivery, state: str, *, failure: str | None = None
    ) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.finish_delivery`."""
        if state not in FINAL_STATES:
            raise ValueError(f"{state!r} is not a final delivery state")
        status = await self._require().execute(
            "UPDATE outbox SET state = $3, failure = $5, sealed_chat = '', lease_until = NULL, "
            "claim_token = NULL WHERE broadcast_id = $1 AND chat_key = $2 "
            "AND state = 'sending' AND claim_token = $4",
            delivery.broadcast_id,
            delivery.chat_key,
            state,
            delivery.claim,
            failure,
        )
        return bool(changed_rows(status))

    async def retry_delivery(
        self,
        delivery: Delivery,
        *,
        due_at: float,
        count_attempt: bool = True,
        failing_since: float | None = None,
    ) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.retry_delivery`."""
        status = await self._require().execute(
            "UPDATE outbox SET state = 'pending', due_at = $3, lease_until = NULL, "
            "claim_token = NULL, attempts = attempts + $4, failing_since = $6 "
            "WHERE broadcast_id = $1 AND chat_key = $2 AND state = 'sending' "
            "AND claim_token = $5",
            delivery.broadcast_id,
            delivery.chat_key,
            due_at,
            int(count_attempt),
            delivery.claim,
            failing_since,
        )
        return bool(changed_rows(status))

    async def renew_claims(
        self, deliveries: Sequence[Delivery], until: float
    ) -> set[tuple[int, str]]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.renew_claims`."""
        if not deliveries:
            return set()
        rows = await self._require().fetch(
            "UPDATE outbox o SET lease_until = $1 "
            "FROM unnest($2::bigint[], $3::text[], $4::text[]) AS h (broadcast_id, chat_key, claim) "
            "WHERE o.broadcast_id = h.broadcast_id AND o.chat_key = h.chat_key "
            "AND o.state = 'sending' AND o.claim_token = h.claim "
            "RETURNING o.broadcast_id, o.chat_key",
            until,
            [d.broadcast_id for d in deliveries],
            [d.chat_key for d in deliveries],
            [d.claim for d in deliveries],
        )
        return {(int(r[0]), str(r[1])) for r in rows}

    async def next_due(self) -> float | None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.next_due`."""
        value = await self._require().fetchval(
            "SELECT LEAST("
            "(SELECT MIN(due_at) FROM outbox WHERE state = 'pending'), "
            "(SELECT MIN(lease_until) FROM outbox WHERE state = 'sending'))"
        )
        return None if value is None else float(value)
