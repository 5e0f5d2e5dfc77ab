"""Following broadcasts for the admins who sent them: one message edited in place, then a report.

Run by the delivery worker every few seconds (and at once when a broadcast is queued or
stopped). It marks finished broadcasts ``done`` in the store, edits each admin's progress
message (sent / total, percent, blocked, failed, time left) and, at the end, edits it into
the final report and sends that report as a new message too, so the admin is notified. A
report is marked delivered only once sent, so a restart after a crash still sends it.

With several replicas, each broadcast is followed by one of them: the one holding its
follower lease (:meth:`~bot.store.broadcasts.BroadcastStore.follow_broadcasts`, renewed
every round). So one progress message and one final report, whichever replicas run; when
the follower dies, another takes over once the lease has run out.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable

from bot.broadcast.progress import final_text, progress_text
from bot.content.model import Content, Language
from bot.errors import DeliveryError, EditFailed
from bot.ports import ChatApi
from bot.privacy import IdentityKeys, SealError
from bot.store.broadcasts import BroadcastInfo, BroadcastStore

log = logging.getLogger(__name__)

SPREAD_PROGRESS_EVERY = 60.0  # a broadcast spread over hours is shown at most once a minute
FOLLOW_LEASE = 15.0


class ProgressReporter:
    """Progress messages and final reports, through ``api`` (a paced ChatApi)."""

    def __init__(
        self,
        store: BroadcastStore,
        keys: IdentityKeys,
        content: Callable[[], Content],
        api: ChatApi,
        *,
        rate: float,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._keys = keys
        self._content = content
        self._api = api
        self._rate = rate
        self._clock = clock
        self._monotonic = monotonic
        self._follower = secrets.token_hex(8)
        self._shown: dict[int, str] = {}
        self._shown_at: dict[int, float] = {}

    async def report(self) -> list[int]:
        """One round; returns the broadcasts whose final report went out."""
        now = self._clock()
        held = set(await self._store.follow_broadcasts(self._follower, now=now, lease=FOLLOW_LEASE))
        await self._store.complete_broadcasts(now=now)
        for info in await self._store.broadcasts(["queued", "sending"]):
            if info.id not in held:
                continue
            shown_at = self._shown_at.get(info.id)
            recent = shown_at is not None and self._monotonic() - shown_at < SPREAD_PROGRESS_EVERY
            if info.report_chat and not (info.spread_seconds and recent):
                await self._show(info, progress_text(self._lang(info), info, now, self._rate))
        finished = []
        for info in await self._store.broadcasts(["done", "cancelled"], unreported=True):
            if info.id not in held:
                continue
            text = final_text(self._lang(info), info)
            if info.progress_message_id is not None:
                await self._show(info, text)
            await self._send(info, text)
            await self._store.mark_reported(info.id, self._follower)
            self._shown.pop(info.id, None)
            self._shown_at.pop(info.id, None)
            finished.append(info.id)
        return finished

    def _lang(self, info: BroadcastInfo) -> Language:
        return self._content().language(info.report_language)

    async def _show(self, info: BroadcastInfo, text: str) -> None:
        """Edit the progress message (sending it the first time)."""
        if self._shown.get(info.id) == text:
            return
        if info.progress_message_id is None:
            message_id = await self._send(info, text)
            if message_id is not None:
                await self._store.set_progress_message(info.id, message_id)
                self._shown[info.id] = text
            return
        try:
            chat_id = self._keys.open_chat(info.report_chat or "")
            await self._api.edit(chat_id, info.progress_message_id, text, ())
        except EditFailed as exc:
            if not exc.unchanged:
                message_id = await self._send(info, text)
                if message_id is not None:
                    await self._store.set_progress_message(info.id, message_id)
        except (DeliveryError, SealError) as exc:
            log.info("broadcast #%d: progress not shown: %s", info.id, exc)
            return
        self._shown[info.id] = text
        self._shown_at[info.id] = self._monotonic()

    async def _send(self, info: BroadcastInfo, text: str) -> int | None:
        try:
            return await self._api.send(self._keys.open_chat(info.report_chat or ""), text, ())
        except (DeliveryError, SealError) as exc:
            log.info("broadcast #%d: report not delivered: %s", info.id, exc)
            return None
