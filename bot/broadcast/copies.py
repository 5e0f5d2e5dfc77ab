"""Sending one claimed copy of a broadcast and recording Telegram's answer through its claim.

Split from :mod:`bot.broadcast.worker`, which decides *when* a copy goes; this decides what
its answer means: ``sent``; ``blocked`` / ``gone`` (the subscriber is marked); a 429 pauses
every send (on every replica, with the Redis budget) and puts the copy back; Telegram
unreachable puts it back with a growing delay until ``give_up_after``; anything else
Telegram refused fails the copy. Every record goes through the claim (fencing): an answer
recorded too late, after another replica re-claimed the row, changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping

from bot.broadcast.pacing import SendBudget
from bot.content.model import Content
from bot.core import bidi, sharing
from bot.errors import RecipientBlocked, RecipientGone, RetryLater, TransientFailure
from bot.ports import Rows, Sender
from bot.privacy import IdentityKeys, SealError
from bot.store.broadcasts import BroadcastStore, Delivery
from bot.store.patience import patiently

log = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 60.0


class CopySender:
    """Sends claimed copies through ``sender`` and records each answer in ``store``."""

    def __init__(
        self,
        store: BroadcastStore,
        keys: IdentityKeys,
        sender: Sender,
        pacer: SendBudget,
        *,
        paid: bool,
        give_up_after: float,
        backoff: float,
        clock: Callable[[], float],
        content: Callable[[], Content] | None = None,
    ) -> None:
        self._store = store
        self._content = content  # None: copies go without buttons and as written
        self._keys = keys
        self._sender = sender
        self._pacer = pacer
        self._paid = paid
        self._give_up_after = give_up_after
        self._backoff = backoff
        self._clock = clock
        self._texts: dict[int, Mapping[str, str]] = {}
        self._texts_lock = asyncio.Lock()

    def forget(self, broadcast_id: int) -> None:
        """The broadcast is over: drop its cached texts."""
        self._texts.pop(broadcast_id, None)

    async def send(self, delivery: Delivery) -> None:
        """Send one copy and record the answer."""
        store, number = self._store, delivery.broadcast_id
        text = await self._text(delivery)
        try:
            chat_id = self._keys.open_chat(delivery.sealed_chat)
        except SealError as exc:
            log.warning("broadcast #%d: a stored chat id cannot be read: %s", number, exc)
            await self._finish(delivery, "failed", failure="unreadable")
            return
        if text is None:
            await self._finish(delivery, "failed", failure="unreadable")
            return
        text, buttons = self._shown(delivery, text)
        try:
            await self._sender.send_text(chat_id, text, paid_broadcast=self._paid, buttons=buttons)
        except RetryLater as exc:
            await self._pacer.pause(exc.retry_after)
            log.warning("Telegram asked to wait %.0f s: all sending paused", exc.retry_after)
            await store.retry_delivery(
                delivery,
                due_at=self._clock() + exc.retry_after,
                count_attempt=False,
                failing_since=delivery.failing_since,
            )
        except RecipientBlocked:
            if await self._finish(delivery, "blocked"):
                await store.mark_unreachable(delivery.chat_key, "blocked")
        except RecipientGone:
            if await self._finish(delivery, "gone"):
                await store.mark_unreachable(delivery.chat_key, "gone")
        except TransientFailure as exc:
            await self._unreachable(delivery, exc)
        except Exception as exc:  # Telegram refused this message: trying again will not help
            log.warning("broadcast #%d: a message was refused: %s", number, exc)
            await self._finish(delivery, "failed", failure="refused")
        else:
            await self._finish(delivery, "sent")

    def _shown(self, delivery: Delivery, text: str) -> tuple[str, Rows]:
        """The copy as its reader sees it: isolated in a right-to-left language (as every
        reply is) and with *Share this warning* under it, as under a verdict."""
        if self._content is None:
            return text, ()
        lang = self._content().language(delivery.language)
        shown = bidi.isolate(text) if lang.direction == "rtl" else text
        return shown, (sharing.alert_row(lang, delivery.broadcast_id),)

    async def _unreachable(self, delivery: Delivery, exc: TransientFailure) -> None:
        """Telegram could not be reached: try later, up to ``give_up_after`` of failures."""
        now = self._clock()
        since = delivery.failing_since if delivery.failing_since is not None else now
        if now - since >= self._give_up_after:
            log.warning(
                "broadcast #%d: Telegram unreachable for %.0f s, a copy failed: %s",
                delivery.broadcast_id,
                now - since,
                exc,
            )
            await self._finish(delivery, "failed", failure="unreachable")
            return
        delay = min(self._backoff * 2**delivery.attempts, MAX_BACKOFF_SECONDS)
        await self._store.retry_delivery(delivery, due_at=now + delay, failing_since=since)

    async def _finish(self, delivery: Delivery, state: str, *, failure: str | None = None) -> bool:
        """Record a final answer through the claim; False when another claim holds the row.

        A copy already went out: waiting out a briefly locked or unreachable store here is
        what keeps it from being sent again when its claim runs out.
        """
        recorded = await patiently(
            "finish_delivery",
            lambda: self._store.finish_delivery(delivery, state, failure=failure),
        )
        if not recorded:
            log.warning("broadcast #%d: a row was re-claimed elsewhere", delivery.broadcast_id)
        return recorded

    async def _text(self, delivery: Delivery) -> str | None:
        texts = self._texts.get(delivery.broadcast_id)
        if texts is None:
            async with self._texts_lock:
                texts = self._texts.get(delivery.broadcast_id)
                if texts is None:
                    info = await self._store.broadcast(delivery.broadcast_id)
                    texts = self._texts[delivery.broadcast_id] = dict(info.texts) if info else {}
        return texts.get(delivery.language)
