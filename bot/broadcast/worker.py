"""The delivery worker: sends the outbox at Telegram's limits, and survives being killed.

Each outbox row goes ``pending -> sending -> sent | blocked | gone | failed``
(:mod:`bot.store.broadcasts`). The worker

1. claims a second's worth of due rows (they become ``sending`` with a lease, which
   :class:`~bot.broadcast.leases.HeldClaims` keeps alive while the worker holds them);
2. for each, checks quiet hours *now* (22:00-08:00 where the subscriber is, when the
   broadcast asked for them: a copy queued at 21:30 and reached at 22:05 waits until
   08:00), waits for the send budget (:class:`~bot.broadcast.pacing.SendBudget`: the global
   rate and 429 pauses, shared by every replica through Redis) and a free slot, then sends
   it in its own task;
3. records the answer the moment the API returns: ``sent``; ``blocked`` (403: the subscriber
   is marked and skipped from then on); ``gone`` (400 chat not found); a 429 pauses all
   sending and puts the row back until ``retry_after`` has passed; a network error or a
   5xx (Telegram unreachable) puts the row back with a growing delay (at most a minute):
   an outage delays copies and drops none; a row is marked ``failed`` (``unreachable``)
   only when Telegram could not be reached for it for ``give_up_after`` (6 hours).

Every answer is recorded through the claim that holds the row (fencing): a worker that
lost a row to another replica cannot complete it. After a crash the rows left ``sending``
are exactly those claimed but not recorded; when their lease runs out they are claimed
again. So nobody is skipped, and only a message in flight at the crash (sent, but its
answer never recorded) can arrive twice: at most ``max_in_flight`` of them.

A second task follows the broadcasts (:class:`~bot.broadcast.follow.ProgressReporter`): it
edits each admin's progress message every few seconds, marks broadcasts done, and sends the
final report; with several replicas only the one holding a broadcast's follower lease does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from bot.broadcast.copies import CopySender
from bot.broadcast.follow import ProgressReporter
from bot.broadcast.leases import HeldClaims
from bot.broadcast.pacing import SendBudget
from bot.broadcast.plan import outside_quiet_hours
from bot.content.model import Content
from bot.core.countries import utc_offset_minutes
from bot.ports import ChatApi, Sender
from bot.privacy import IdentityKeys
from bot.store.broadcasts import BroadcastStore, Delivery
from bot.supervision import start_supervised

log = logging.getLogger(__name__)

LEASE_SECONDS = 10.0
CHAT_SPACING = 1.0  # at least a second between two messages to one chat
BACKOFF_SECONDS = 2.0
GIVE_UP_AFTER_SECONDS = 6 * 3600.0


class DeliveryWorker:
    """Sends due outbox rows through ``sender``; reports progress through ``api``."""

    def __init__(
        self,
        store: BroadcastStore,
        keys: IdentityKeys,
        content: Callable[[], Content],
        sender: Sender,
        api: ChatApi,
        pacer: SendBudget,
        *,
        paid: bool = False,
        lease: float = LEASE_SECONDS,
        give_up_after: float = GIVE_UP_AFTER_SECONDS,
        backoff: float = BACKOFF_SECONDS,
        progress_every: float = 3.0,
        idle_poll: float = 1.0,
        max_in_flight: int | None = None,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._pacer = pacer
        self._lease = lease
        self._progress_every = progress_every
        self._idle_poll = idle_poll
        self._clock = clock
        self._monotonic = monotonic
        self._batch = max(1, min(500, round(pacer.rate)))
        self.max_in_flight = max_in_flight or max(4, min(200, round(pacer.rate)))
        self._slots = asyncio.Semaphore(self.max_in_flight)
        self._held = HeldClaims(store, lease, clock)
        self._tasks: set[asyncio.Task[None]] = set()
        self._copies = CopySender(
            store,
            keys,
            sender,
            pacer,
            paid=paid,
            give_up_after=give_up_after,
            backoff=backoff,
            clock=clock,
            content=content,
        )
        self._last_sent: dict[str, float] = {}
        self._reporter = ProgressReporter(
            store, keys, content, api, rate=pacer.rate, clock=clock, monotonic=monotonic
        )
        self._wake = asyncio.Event()
        self._report_now = asyncio.Event()
        self._runners: list[asyncio.Task[None]] = []
        # Set by stop(); the loops check it too, because on Python 3.11 a cancellation that
        # races a timeout inside the Redis client or asyncio.wait_for can be lost, and a
        # runner that never sees it would keep sending while stop() waits for it forever.
        self._stopping = False

    async def start(self) -> None:
        """Start sending and following broadcasts, in this event loop."""
        self._stopping = False
        self._held.start()
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
        self._stopping = True
        self.wake()
        runners, self._runners = self._runners, []
        for runner in runners:
            runner.cancel()
        if runners:  # asyncio.wait, not ``await runner``: stop() itself stays cancellable
            _ended, stuck = await asyncio.wait(runners, timeout=patience)
            if stuck:
                log.warning("%d broadcast job(s) did not stop in time", len(stuck))
        if self._tasks:
            _done, late = await asyncio.wait(set(self._tasks), timeout=patience)
            if late:
                log.warning("stopped with %d broadcast message(s) still in flight", len(late))
        await self._held.stop()

    # -- sending ------------------------------------------------------------------------

    async def _run(self) -> None:
        unsent: list[Delivery] = []
        try:
            while not self._stopping:
                await self._pacer.wait_unpaused()
                claimed = await self._store.claim_deliveries(
                    now=self._clock(), limit=self._batch, lease=self._lease
                )
                unsent = [d for d in claimed if d.row not in self._held]
                if not unsent:
                    await self._idle()
                    continue
                self._held.add(unsent)
                self._forget_old_chats()
                while unsent and not self._stopping:
                    await self._dispatch(unsent)
        finally:
            for delivery in unsent:
                await self._put_back(delivery)

    async def _dispatch(self, unsent: list[Delivery]) -> None:
        """Start sending the first of ``unsent`` (or put it back), removing it from the list."""
        delivery = unsent[0]
        if delivery.row not in self._held:  # lost to another claim while it waited
            unsent.pop(0)
            return
        if delivery.quiet_hours:
            now = self._clock()
            morning = outside_quiet_hours(now, utc_offset_minutes(delivery.country))
            if morning > now:
                unsent.pop(0)
                await self._put_back(delivery, after=morning - now)
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
        if delivery.row not in self._held:  # lost while waiting for the budget (a long 429)
            self._slots.release()
            return
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
        self._held.release(delivery)
        await self._store.retry_delivery(
            delivery,
            due_at=self._clock() + after,
            count_attempt=False,
            failing_since=delivery.failing_since,
        )

    def _forget_old_chats(self) -> None:
        if len(self._last_sent) > 10_000:
            horizon = self._monotonic() - CHAT_SPACING
            self._last_sent = {k: v for k, v in self._last_sent.items() if v > horizon}

    async def _deliver(self, delivery: Delivery) -> None:
        # The chat's spacing counts from when Telegram has the copy: the request leaves some
        # time after this task starts (the claim is checked and the text read first), and
        # that time differs from copy to copy, so a gap counted from the start could shrink
        # below a second on the wire. While the copy is on its way it counts as just sent.
        self._last_sent[delivery.chat_key] = self._monotonic()
        try:
            await self._copies.send(delivery)
        except Exception:
            log.exception("broadcast #%d: could not record a delivery", delivery.broadcast_id)
        finally:
            self._last_sent[delivery.chat_key] = self._monotonic()
            self._held.release(delivery)
            self._slots.release()

    # -- following ----------------------------------------------------------------------

    async def _follow(self) -> None:
        while not self._stopping:
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
            self._copies.forget(finished)
