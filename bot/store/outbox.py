"""Broadcasts and their outbox, written once over the database port (a part of
:class:`~bot.store.sql.SqlStore`; the records and the row life cycle: :mod:`bot.store.broadcasts`).

Three statements have a faster or safer form on PostgreSQL, which it overrides: the bulk
insert of a broadcast's rows, the claim (``FOR UPDATE SKIP LOCKED``, so replicas sharing one
outbox never claim the same row) and the lease renewal.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

from bot.store.broadcasts import (
    BROADCAST_COLUMNS,
    FINAL_STATES,
    BroadcastInfo,
    Delivery,
    NewBroadcast,
    PlannedDelivery,
    Planner,
    Subscriber,
    broadcast_from_row,
    claimed_delivery,
    count_states,
)
from bot.store.database import Database, Row
from bot.store.subscriptions import SqlSubscriptions, decode_json

CLAIMED = (
    "o.broadcast_id, o.chat_key, o.sealed_chat, o.language, o.attempts, o.failing_since, "
    "(SELECT b.quiet_hours FROM broadcast b WHERE b.id = o.broadcast_id), "
    "(SELECT s.country FROM subscription s WHERE s.chat_key = o.chat_key), o.due_at"
)
"""The columns of a claimed row (:func:`~bot.store.broadcasts.claimed_delivery`), then due_at."""

_TO_FOLLOW = (
    "(status IN ('queued', 'sending') OR (status IN ('done', 'cancelled') "
    "AND reported = FALSE AND report_chat IS NOT NULL))"
)
_CLAIMABLE = ("state = 'sending' AND lease_until <= ?", "state = 'pending' AND due_at <= ?")
"""Rows whose lease ran out (a worker died with them in flight) first, then due rows."""


def marks(values: Collection[Any]) -> str:
    """``?, ?, ?``: one placeholder per value, for ``IN (...)``."""
    return ", ".join("?" for _ in values)


class SqlBroadcasts(SqlSubscriptions):
    """Broadcasts and their outbox; subscriptions and the audit log come from the base."""

    _db: Database
    _AUDIENCE_ORDER = " ORDER BY chat_key"
    """How the audience is read: in byte order of ``chat_key`` (PostgreSQL also locks it)."""

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
                filters.append(f"{column} = ?")
                values.append(value)
        async with self._db.transaction() as db:
            rows = await db.fetch(
                "SELECT chat_key, language, country FROM subscription WHERE "
                + " AND ".join(filters)
                + self._AUDIENCE_ORDER,
                *values,
            )
            planned = plan([Subscriber(str(r[0]), str(r[1]), r[2]) for r in rows])
            broadcast_id = int(
                await db.fetchval(
                    "INSERT INTO broadcast (created_at, actor, texts, audience, start_at, "
                    "spread_seconds, quiet_hours, report_chat, report_language) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
            )
            if planned:
                await self._insert_outbox(db, broadcast_id, planned)
        return broadcast_id

    async def _insert_outbox(
        self, db: Database, broadcast_id: int, planned: Sequence[PlannedDelivery]
    ) -> None:
        """One pending row per planned recipient, its sealed chat copied from the subscription."""
        await db.execute_many(
            "INSERT INTO outbox (broadcast_id, chat_key, sealed_chat, language, due_at) "
            "SELECT ?, chat_key, sealed_chat, ?, ? FROM subscription WHERE chat_key = ?",
            [(broadcast_id, p.language, p.due_at, p.chat_key) for p in planned],
        )

    async def broadcast(self, broadcast_id: int) -> BroadcastInfo | None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.broadcast`."""
        found = await self._broadcasts("id = ?", [broadcast_id])
        return found[0] if found else None

    async def broadcasts(
        self, statuses: Sequence[str], *, unreported: bool = False
    ) -> list[BroadcastInfo]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.broadcasts`."""
        if not statuses:
            return []
        where = f"status IN ({marks(statuses)})"
        if unreported:
            where += " AND reported = FALSE AND report_chat IS NOT NULL"
        return await self._broadcasts(where, list(statuses))

    async def _broadcasts(self, where: str, values: list[Any]) -> list[BroadcastInfo]:
        """The broadcasts ``where`` selects, then the counts of all their rows in one query."""
        rows = await self._db.fetch(
            f"SELECT {BROADCAST_COLUMNS} FROM broadcast WHERE {where} ORDER BY id", *values
        )
        if not rows:
            return []
        grouped: dict[int, list[Row]] = {int(row[0]): [] for row in rows}
        for broadcast_id, *counted in await self._db.fetch(
            "SELECT broadcast_id, state, failure, COUNT(*), MAX(due_at) FROM outbox "
            f"WHERE broadcast_id IN ({marks(grouped)}) GROUP BY broadcast_id, state, failure",
            *grouped,
        ):
            grouped[int(broadcast_id)].append(tuple(counted))
        found = []
        for row in rows:
            counted = grouped[int(row[0])]
            counts, failures = count_states([r[:3] for r in counted])
            last = max((r[3] for r in counted if r[0] == "pending"), default=None)
            found.append(broadcast_from_row(row, counts, last, decode_json, failures))
        return found

    async def cancel_broadcast(self, broadcast_id: int, *, now: float) -> BroadcastInfo | None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.cancel_broadcast`."""
        async with self._db.transaction() as db:
            changed = await db.execute(
                "UPDATE broadcast SET status = 'cancelled', finished_at = ? "
                "WHERE id = ? AND status IN ('queued', 'sending')",
                now,
                broadcast_id,
            )
            if changed:
                await db.execute(
                    "UPDATE outbox SET state = 'cancelled', sealed_chat = '' "
                    "WHERE broadcast_id = ? AND state = 'pending'",
                    broadcast_id,
                )
        return await self.broadcast(broadcast_id)

    async def set_progress_message(self, broadcast_id: int, message_id: int) -> None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.set_progress_message`."""
        await self._db.execute(
            "UPDATE broadcast SET progress_message_id = ? WHERE id = ?", message_id, broadcast_id
        )

    async def complete_broadcasts(self, *, now: float) -> list[int]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.complete_broadcasts`."""
        rows = await self._db.fetch(
            "UPDATE broadcast SET status = 'done', finished_at = ?, "
            "started_at = COALESCE(started_at, ?) "
            "WHERE status IN ('queued', 'sending') AND NOT EXISTS "
            "(SELECT 1 FROM outbox o WHERE o.broadcast_id = broadcast.id "
            "AND o.state IN ('pending', 'sending')) RETURNING id",
            now,
            now,
        )
        return sorted(int(r[0]) for r in rows)

    async def mark_reported(self, broadcast_id: int, follower: str | None = None) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.mark_reported`."""
        fence, values = (
            ("", [broadcast_id])
            if follower is None
            else (
                " AND follower = ?",
                [broadcast_id, follower],
            )
        )
        changed = await self._db.execute(
            f"UPDATE broadcast SET reported = TRUE WHERE id = ? AND reported = FALSE{fence}",
            *values,
        )
        return changed > 0

    async def follow_broadcasts(self, follower: str, *, now: float, lease: float) -> list[int]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.follow_broadcasts`."""
        async with self._db.transaction() as db:
            await db.execute(
                f"UPDATE broadcast SET follower = ?, follow_until = ? WHERE {_TO_FOLLOW} "
                "AND (follower IS NULL OR follower = ? OR follow_until <= ?)",
                follower,
                now + lease,
                follower,
                now,
            )
            rows = await db.fetch(
                f"SELECT id FROM broadcast WHERE {_TO_FOLLOW} AND follower = ? "
                "AND follow_until > ? ORDER BY id",
                follower,
                now,
            )
        return [int(r[0]) for r in rows]

    # -- outbox -------------------------------------------------------------------------

    async def claim_deliveries(self, *, now: float, limit: int, lease: float) -> list[Delivery]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.claim_deliveries`."""
        until, token = now + lease, secrets.token_hex(8)
        claimed: list[Row] = []
        async with self._db.transaction() as db:
            for condition in _CLAIMABLE:
                if len(claimed) < limit:
                    claimed += await self._claim(
                        db, condition, now, limit - len(claimed), until, token
                    )
            started = sorted({int(r[0]) for r in claimed})
            if started:
                await db.execute(
                    "UPDATE broadcast SET status = 'sending', started_at = ? "
                    f"WHERE id IN ({marks(started)}) AND status = 'queued'",
                    now,
                    *started,
                )
        claimed.sort(key=lambda r: float(r[8]))
        return [claimed_delivery(r, until, token) for r in claimed]

    async def _claim(
        self, db: Database, condition: str, now: float, limit: int, until: float, token: str
    ) -> list[Row]:
        """Claim up to ``limit`` rows meeting ``condition``, in due order; their :data:`CLAIMED`.

        Inside ``BEGIN IMMEDIATE`` nobody else writes meanwhile, so reading then updating is
        safe on SQLite."""
        rows = await db.fetch(
            f"SELECT {CLAIMED} FROM outbox o WHERE {condition} ORDER BY due_at LIMIT ?",
            now,
            limit,
        )
        await db.execute_many(
            "UPDATE outbox SET state = 'sending', lease_until = ?, claim_token = ? "
            "WHERE broadcast_id = ? AND chat_key = ?",
            [(until, token, r[0], r[1]) for r in rows],
        )
        return rows

    async def finish_delivery(
        self, delivery: Delivery, state: str, *, failure: str | None = None
    ) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.finish_delivery`."""
        if state not in FINAL_STATES:
            raise ValueError(f"{state!r} is not a final delivery state")
        changed = await self._db.execute(
            "UPDATE outbox SET state = ?, failure = ?, sealed_chat = '', lease_until = NULL, "
            "claim_token = NULL WHERE broadcast_id = ? AND chat_key = ? "
            "AND state = 'sending' AND claim_token = ?",
            state,
            failure,
            delivery.broadcast_id,
            delivery.chat_key,
            delivery.claim,
        )
        return changed > 0

    async def retry_delivery(
        self,
        delivery: Delivery,
        *,
        due_at: float,
        count_attempt: bool = True,
        failing_since: float | None = None,
    ) -> bool:
        """See :meth:`bot.store.broadcasts.BroadcastStore.retry_delivery`."""
        changed = await self._db.execute(
            "UPDATE outbox SET state = 'pending', due_at = ?, lease_until = NULL, "
            "claim_token = NULL, attempts = attempts + ?, failing_since = ? "
            "WHERE broadcast_id = ? AND chat_key = ? AND state = 'sending' AND claim_token = ?",
            due_at,
            int(count_attempt),
            failing_since,
            delivery.broadcast_id,
            delivery.chat_key,
            delivery.claim,
        )
        return changed > 0

    async def renew_claims(
        self, deliveries: Sequence[Delivery], until: float
    ) -> set[tuple[int, str]]:
        """See :meth:`bot.store.broadcasts.BroadcastStore.renew_claims`."""
        held: set[tuple[int, str]] = set()
        async with self._db.transaction() as db:
            for delivery in deliveries:
                if await db.execute(
                    "UPDATE outbox SET lease_until = ? WHERE broadcast_id = ? AND chat_key = ? "
                    "AND state = 'sending' AND claim_token = ?",
                    until,
                    delivery.broadcast_id,
                    delivery.chat_key,
                    delivery.claim,
                ):
                    held.add(delivery.row)
        return held

    async def next_due(self) -> float | None:
        """See :meth:`bot.store.broadcasts.BroadcastStore.next_due`."""
        value = await self._db.fetchval(
            "SELECT MIN(t) FROM ("
            "SELECT MIN(due_at) AS t FROM outbox WHERE state = 'pending' UNION ALL "
            "SELECT MIN(lease_until) FROM outbox WHERE state = 'sending') AS due"
        )
        return None if value is None else float(value)
