"""Delivering agency warnings: one more background job, started by the runtime like the others.

:class:`BroadcastJob` holds the send budget shared by every send of the bot (so a 429
anywhere pauses everything) and runs the delivery worker and its progress reporter.
``build_services`` wires it: into the runtime's jobs, and its :meth:`BroadcastJob.paced` as
the runtime's outbound layer for replies. The admin steps (:class:`~bot.broadcast.desk.AdminDesk`)
and subscriptions (:class:`~bot.broadcast.subscriptions.Subscriptions`) are features of the
conversation service; they only :meth:`wake` this job when a broadcast was queued or stopped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.broadcast.pacing import PacedChatApi, Pacer, SendBudget
from bot.broadcast.worker import DeliveryWorker
from bot.content.model import Content
from bot.ports import BotApi, ChatApi
from bot.privacy import IdentityKeys
from bot.store.base import Store

log = logging.getLogger(__name__)


class BroadcastJob:
    """:class:`bot.ports.BackgroundJob`: the shared pacer and the delivery worker."""

    def __init__(
        self,
        store: Store,
        keys: IdentityKeys,
        content: Callable[[], Content],
        *,
        rate: float = 30.0,
        paid: bool = False,
        budget: SendBudget | None = None,
    ) -> None:
        self._store = store
        self._keys = keys
        self._content = content
        self._paid = paid
        # One process: a bucket in memory. Replicas: one bucket in Redis for all of them.
        self.pacer: SendBudget = budget if budget is not None else Pacer(rate)
        self.worker: DeliveryWorker | None = None

    def paced(self, api: ChatApi) -> ChatApi:
        """``api`` sharing the broadcast budget and honouring every 429 pause."""
        return PacedChatApi(api, self.pacer)

    async def start(self, api: BotApi) -> None:
        """Start the delivery worker (the runtime calls this once polling has started)."""
        if self.worker is None:
            self.worker = DeliveryWorker(
                self._store,
                self._keys,
                self._content,
                api,
                self.paced(api),
                self.pacer,
                paid=self._paid,
            )
            await self.worker.start()
            log.info(
                "broadcast worker started: %.0f messages/s%s",
                self.pacer.rate,
                " (paid broadcasts)" if self._paid else "",
            )

    async def stop(self) -> None:
        """Stop the worker: unsent claims go back to the outbox; the store stays open."""
        worker, self.worker = self.worker, None
        if worker is not None:
            await worker.stop()

    def wake(self) -> None:
        """A broadcast was queued or stopped: the worker looks now."""
        if self.worker is not None:
            self.worker.wake()
