"""The admin desk: the I/O around the pure admin flow (:mod:`bot.core.admin_flow`).

Before each admin step it reads what the screens show (subscriber counts, running
broadcasts); after it, it performs the flow's effects (queue, cancel, statistics) and
writes every admin action to the audit log.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import replace as copy
from datetime import UTC, datetime
from typing import Any

from bot.broadcast.enqueue import enqueue_broadcast
from bot.content.model import Content, Language
from bot.core import admin_flow, admin_screens
from bot.core.admin_draft import AdminView, BroadcastSummary, Draft, start_time
from bot.core.conversation import guess_language
from bot.core.events import Command, Incoming, Press, Text
from bot.core.replies import Outcome, Reply
from bot.core.state import UserState
from bot.privacy import IdentityKeys
from bot.reports import gather_report
from bot.reports.chart import render_png
from bot.reports.export import caption
from bot.store.base import Store
from bot.store.broadcasts import Audience, AuditEntry

STATS_DAYS = 30


def describe(incoming: Incoming) -> tuple[str, dict[str, Any]]:
    """An admin's event as an audit action (a typed text by its length only)."""
    event = incoming.event
    if isinstance(event, Command):
        return f"/{event.name}", ({"args": event.args} if event.args else {})
    if isinstance(event, Press):
        return "press", {"button": event.data}
    if isinstance(event, Text):
        return "text", {"characters": len(event.text)}
    return "other", {}


class AdminDesk:
    """Runs admin steps for :class:`~bot.chat_service.ChatService`."""

    def __init__(
        self,
        store: Store,
        keys: IdentityKeys,
        *,
        queued: Callable[[], None] = lambda: None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._keys = keys
        self._queued = queued
        self._clock = clock

    async def view(self) -> AdminView:
        """Subscriber counts and unfinished broadcasts, for the admin screens."""
        counts = await self._store.subscriber_counts()
        active = await self._store.broadcasts(["queued", "sending"])
        return AdminView(
            now=self._clock(),
            subscribers={
                (c.language, c.country, c.home_country): c.count
                for c in counts
                if c.status == "active"
            },
            active=tuple(
                BroadcastSummary(b.id, b.status, b.total, b.processed, b.start_at) for b in active
            ),
        )

    def claims(self, incoming: Incoming, state: UserState | None) -> bool:
        """Whether this event is an admin step (never for someone not in ``ADMIN_IDS``)."""
        return admin_flow.claims(incoming, state)

    async def handle(
        self, user_id: int, state: UserState | None, incoming: Incoming, content: Content
    ) -> Outcome:
        """One admin step: read, run the pure flow, perform its effects, audit."""
        if state is None or state.language not in content.languages:
            language = guess_language(content, incoming.language_hint)
            state = (
                UserState(language=language) if state is None else copy(state, language=language)
            )
        lang = content.language(state.language)
        actor = self._keys.actor_key(user_id)
        outcome = admin_flow.step(state, incoming, lang, content, await self.view())
        action, detail = describe(incoming)
        await self._audit(actor, action, detail)
        replies: list[Reply] = list(outcome.replies)
        effects = []
        for effect in outcome.effects:
            name = effect[0]
            if name == "broadcast_create":
                replies.append(await self._create(user_id, actor, lang, content, effect[1]))
            elif name == "broadcast_cancel":
                replies.append(await self._cancel(actor, lang, int(effect[1])))
            elif name == "stats":
                replies.append(await self._stats(actor, lang))
            else:
                effects.append(effect)
        return copy(outcome, replies=tuple(replies), effects=tuple(effects))

    async def _audit(self, actor: str, action: str, detail: dict[str, Any]) -> None:
        at = datetime.now(UTC).isoformat(timespec="seconds")
        await self._store.audit(AuditEntry(at, actor, action, detail))

    async def _create(
        self, user_id: int, actor: str, lang: Language, content: Content, raw: str
    ) -> Reply:
        draft = Draft.from_json(json.loads(raw))
        assert draft is not None and draft.audience is not None
        now = self._clock()
        start_at = start_time(draft.start, now)
        audience = Audience.from_json(draft.audience)
        info = await enqueue_broadcast(
            self._store,
            content,
            draft.bodies,
            audience=audience,
            actor=actor,
            start_at=start_at,
            spread_seconds=draft.spread * 3600.0,
            quiet_hours=draft.quiet,
            report_chat=self._keys.seal_chat(user_id),
            report_language=lang.code,
        )
        await self._audit(
            actor,
            "broadcast_queued",
            {
                "broadcast": info.id,
                "recipients": info.total,
                "alert": draft.alert,
                "languages": sorted(draft.bodies),
                "audience": audience.to_json(),
                "start_at": start_at,
                "spread_hours": draft.spread,
                "quiet_hours": draft.quiet,
            },
        )
        self._queued()
        return admin_screens.queued(lang, info.id, info.total, start_at, now)

    async def _cancel(self, actor: str, lang: Language, broadcast_id: int) -> Reply:
        before = await self._store.broadcast(broadcast_id)
        running = before is not None and before.status in ("queued", "sending")
        info = (
            await self._store.cancel_broadcast(broadcast_id, now=self._clock()) if running else None
        )
        if info is None:
            return admin_screens.cancelled(lang, broadcast_id, 0, 0, found=False)
        stopped = info.count("cancelled") - (before.count("cancelled") if before else 0)
        await self._audit(
            actor, "broadcast_cancelled", {"broadcast": broadcast_id, "not_sent": stopped}
        )
        self._queued()  # the worker sends the final report
        return admin_screens.cancelled(lang, broadcast_id, info.count("sent"), stopped, found=True)

    async def _stats(self, actor: str, lang: Language) -> Reply:
        report = await gather_report(self._store, STATS_DAYS)
        png = await asyncio.to_thread(render_png, report)
        await self._audit(actor, "stats_viewed", {"days": STATS_DAYS})
        return Reply(text=caption(lang, report), photo=png, direction=lang.direction)
