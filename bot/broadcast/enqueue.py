"""Queueing a broadcast: the one way in, for the admin flow and the command line alike."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from bot.broadcast.plan import plan_deliveries
from bot.content.model import Content
from bot.core.broadcast_text import compose_texts
from bot.store.broadcasts import Audience, BroadcastInfo, BroadcastStore, NewBroadcast


async def enqueue_broadcast(
    store: BroadcastStore,
    content: Content,
    bodies: Mapping[str, str],
    *,
    audience: Audience,
    actor: str,
    start_at: float,
    spread_seconds: float = 0.0,
    quiet_hours: bool = False,
    report_chat: str | None = None,
    report_language: str = "en",
) -> BroadcastInfo:
    """Create the broadcast and its outbox rows (one per matching active subscriber).

    Each subscriber's text is composed now, in their language, exactly as the admin's
    preview showed it; the running bot's worker delivers it.
    """
    texts = compose_texts(content, bodies)
    new = NewBroadcast(
        texts=texts,
        audience=audience,
        actor=actor,
        start_at=start_at,
        spread_seconds=spread_seconds,
        quiet_hours=quiet_hours,
        report_chat=report_chat,
        report_language=report_language,
    )
    plan = partial(
        plan_deliveries,
        texts=texts,
        default_language=content.default_language,
        start_at=start_at,
        spread_seconds=spread_seconds,
        quiet_hours=quiet_hours,
    )
    broadcast_id = await store.create_broadcast(new, plan)
    info = await store.broadcast(broadcast_id)
    assert info is not None
    return info
