"""The delivery worker: sends the outbox at Telegram's limits, and survives being killed.

Each outbox row goes ``pending -> sending -> sent | blocked | gone | failed``
(:mod:`bot.store.broadcasts`). The worker

1. claims a second's worth of due rows (they become ``sending`` with a lease);
2. for each, waits for the :class:`~bot.broadcast.pacing.Pacer` (global rate, 429 pauses)
   and a free slot, then sends it in its own task;
3. records the answer the moment the API returns: ``sent``; ``blocked`` (403: the subscriber
   is marked and skipped from then on); ``gone`` (400 chat not found); a 429 pauses all
   sending and puts the row back until ``retry_after`` has passed; network errors are
   retried with exponential backoff, ``max_attempts`` times in all, then ``failed``.

After a crash the rows left ``sending`` are exactly those claimed but not recorded; when
their lease runs out they are claimed again. So nobody is skipped, and only a message in
flight at the crash (sent, but its answer never recorded) can arrive twice: at most
``max_in_flight`` of them.

A second task follows the broadcasts (:class:`~bot.broadcast.follow.ProgressReporter`): it
edits each admin's progress message every few seconds, marks broadcasts done, and sends the
final report.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping

from bot.adapters.delivery import ChatApi
from bot.broadcast.follow import ProgressReporter
from bot.broadcast.pacing import Pacer
from bot.broadcast.sender import Sender
from bot.content.model import Content
from bot.errors import RecipientBlocked, RecipientGone, RetryLater, TransientFailure
from bot.privacy import IdentityKeys, SealError
from bot.store.broadcasts import BroadcastStore, Delivery
from bot.supervision import start_supervised

log = logging.getLogger(__name__)

LEASE_SECONDS = 10.0
LEASE_MARGIN = 2.0  # a row whose lease ends sooner than this is put back, not sent
CHAT_SPACING = 1.0  # at least a second between two messages to one chat
MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 2.0


class DeliveryWorker:
    """Sends due outbox rows through ``sender``; reports progress through ``api``."""

    def __init__(
        self,
        store: BroadcastStore,
        keys: IdentityKeys,
        content: Callable[[], Content],
        sender: Sender,
        api: ChatApi,
        pacer: Pacer,
        *,
        paid: bool = False,
        lease: float = LEASE_SECONDS,
        max_attempts: int = MAX_ATTEMPTS,
        backoff: float = BACKOFF_SECONDS,
        progress_every: float = 3.0,
        idle_poll: float = 1.0,
        max_in_flight: int | None = None,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._keys = keys
        self._sender = sender
        self._pacer = pacer
        self._paid = paid
        self._lease = lease
        self._max_attempts = max_attempts
        self._backoff = backoff
        self._progress_every = progress_every
        self._idle_poll = idle_poll
        self._clock = clock
        self._monotonic = monotonic
        self._batch = max(1, min(500, round(pacer.rate)))
        self.max_in_flight = max_in_flight or max(4, min(200, round(pacer.rate)))
        self._slots = asyncio.Semaphore(self.max_in_flight)
        self._held: set[tuple[int, str]] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._texts: dict[int, Mapping[str, str]] = {}
        self._texts_lock = asyncio.Lock()
        self._last_sent: dict[str, float] = {}
        self._reporter = ProgressReporter(
            store, keys, content, api, rate=pacer.rate, clock=clock, monotonic=monotonic
        )
        self._wake = asyncio.Event()
        self._report_now = asyncio.Event()
        self._runners: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        """Start sending and following broadcasts, in this event loop."""
        if not self._runners:
            self._runners = [  # supervised: a store outage delays delivery, never ends it
                start_supervised("broadcast delivery", self._run),
                start_supervised("broadcast progress", self._follow),
            ]

    def wake(self) -> None:
        """Something was queued or stopped: look now rather than at the next poll."""
        self._wake.set()
        self._report_now.set()

    async def stop(self, patience: float = 10.0) -> None:
        """Stop claiming, put back unsent claims, let sends in flight finish (bounded)."""
        runners, self._runners = self._runners, []
        for runner in runners:
            runner.cancel()
        for runner in runners:
            with contextlib.suppress(asyncio.CancelledError):
                await runner
        if self._tasks:
            _done, late = await asyncio.wait(set(self._tasks), timeout=patience)
            if late:
                log.warning("stopped with %d broadcast message(s) still in flight", len(late))

    # -- sending ------------------------------------------------------------------------

    async def _run(self) -> None:
        unsent: list[Delivery] = []
        try:
            while True:
                await self._pacer.wait_unpaused()
                claimed = await self._store.claim_deliveries(
                    now=self._clock(), limit=self._batch, lease=self._lease
                )
                unsent = [d for d in claimed if (d.broadcast_id, d.chat_key) not in self._held]
                if not unsent:
                    await self._idle()
                    continue
                self._held.update((d.broadcast_id, d.chat_key) for d in unsent)
                self._forget_old_chats()
                while unsent:
                    await self._dispatch(unsent)
        finally:
            for delivery in unsent:
                await self._put_back(delivery)

    async def _dispatch(self, unsent: list[Delivery]) -> None:
        """Start sending the first of ``unsent`` (or put it back), removing it from the list."""
        delivery = unsent[0]
        if self._clock() > delivery.lease_until - LEASE_MARGIN:
            unsent.pop(0)
            await self._put_back(delivery)  # held through a long pause: claim it afresh
            return
        last = self._last_sent.get(delivery.chat_key)
        if last is not None and (wait := last + CHAT_SPACING - self._monotonic()) > 0:
            unsent.pop(0)
            await self._put_back(delivery, after=wait)
            return
        await self._slots.acquire()
        try:
            await self._pacer.acquire()
        except BaseException:
            self._slots.release()
            raise
        unsent.pop(0)
        self._last_sent[delivery.chat_key] = self._monotonic()  # when it leaves, not arrives
        task = asyncio.create_task(self._deliver(delivery))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _idle(self) -> None:
        due = await self._store.next_due()
        wait = self._idle_poll
        if due is not None:
            wait = min(wait, max(0.05, due - self._clock()))
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), wait)

    async def _put_back(self, delivery: Delivery, after: float = 0.0) -> None:
        self._held.discard((delivery.broadcast_id, delivery.chat_key))
        await self._store.retry_delivery(
            delivery.broadcast_id,
            delivery.chat_key,
            due_at=self._clock() + after,
            count_attempt=False,
        )

    def _forget_old_chats(self) -> None:
        if len(self._last_sent) > 10_000:
            horizon = self._monotonic() - CHAT_SPACING
            self._last_sent = {k: v for k, v in self._last_sent.items() if v > horizon}

    async def _deliver(self, delivery: Delivery) -> None:
        try:
            await self._attempt(delivery)
        except Exception:
            log.exception("broadcast #%d: could not record a delivery", delivery.broadcast_id)
        finally:
            self._held.discard((delivery.broadcast_id, delivery.chat_key))
            self._slots.release()

    async def _attempt(self, delivery: Delivery) -> None:
        store, number, key = self._store, delivery.broadcast_id, delivery.chat_key
        text = await self._text(delivery)
        try:
            chat_id = self._keys.open_chat(delivery.sealed_chat)
        except SealError as exc:
            log.warning("broadcast #%d: a stored chat id cannot be read: %s", number, exc)
            await store.finish_delivery(number, key, "failed")
            return
        if text is None:
            await store.finish_delivery(number, key, "failed")
            return
        try:
            await self._sender.send_text(chat_id, text, paid_broadcast=self._paid)
        except RetryLater as exc:
            self._pacer.pause(exc.retry_after)
            log.warning("Telegram asked to wait %.0f s: all sending paused", exc.retry_after)
            await store.retry_delivery(
                number, key, due_at=self._clock() + exc.retry_after, count_attempt=False
            )
        except RecipientBlocked:
            await store.finish_delivery(number, key, "blocked")
            await store.mark_unreachable(key, "blocked")
        except RecipientGone:
            await store.finish_delivery(number, key, "gone")
            await store.mark_unreachable(key, "gone")
        except TransientFailure as exc:
            attempts = delivery.attempts + 1
            if attempts >= self._max_attempts:
                log.warning("broadcast #%d: gave up after %d tries: %s", number, attempts, exc)
                await store.finish_delivery(number, key, "failed")
            else:
                delay = self._backoff * 2 ** (attempts - 1)
                await store.retry_delivery(number, key, due_at=self._clock() + delay)
        except Exception as exc:  # Telegram refused this message: trying again will not help
            log.warning("broadcast #%d: a message was refused: %s", number, exc)
            await store.finish_delivery(number, key, "failed")
        else:
            await store.finish_delivery(number, key, "sent")

    async def _text(self, delivery: Delivery) -> str | None:
        texts = self._texts.get(delivery.broadcast_id)
        if texts is None:
            async with self._texts_lock:
                texts = self._texts.get(delivery.broadcast_id)
                if texts is None:
                    info = await self._store.broadcast(delivery.broadcast_id)
                    texts = self._texts[delivery.broadcast_id] = dict(info.texts) if info else {}
        return texts.get(delivery.language)

    # -- following ----------------------------------------------------------------------

    async def _follow(self) -> None:
        while True:
            try:
                await self.report()
            except Exception as exc:  # a report must never stop the sending
                log.warning("could not report broadcast progress: %s", exc)
            self._report_now.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._report_now.wait(), self._progress_every)

    async def report(self) -> None:
        """Finish broadcasts with nothing left, update progress messages, send final reports."""
        for finished in await self._reporter.report():
            self._texts.pop(finished, None)
