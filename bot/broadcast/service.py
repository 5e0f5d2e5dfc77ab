"""Agency warnings wired into a running bot: one object built by ``build_services``.

:class:`Broadcasting` gives the conversation service its two hooks (admin steps, and the
subscription effects of every outcome) and gives each Telegram runtime what it needs:
:meth:`Broadcasting.paced` for the ``ChatApi`` replies go through (so a 429 anywhere pauses
everything), :meth:`start` / :meth:`stop` for the delivery worker, and
:meth:`member_status` for ``my_chat_member`` updates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from bot.adapters.delivery import ChatApi
from bot.broadcast.desk import AdminDesk
from bot.broadcast.pacing import PacedChatApi, Pacer, SendBudget
from bot.broadcast.sender import Sender
from bot.broadcast.subscriptions import Subscriptions
from bot.broadcast.worker import DeliveryWorker
from bot.content.model import Content
from bot.core import admin_flow
from bot.core.events import Incoming
from bot.core.replies import Outcome
from bot.core.state import UserState
from bot.privacy import IdentityKeys
from bot.store.base import Store

log = logging.getLogger(__name__)


class Broadcasting:
    """Subscriptions, the admin desk, the shared pacer and the delivery worker."""

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
        self.subscriptions = Subscriptions(store, keys)
        self.desk = AdminDesk(store, keys, queued=self.wake)
        self.worker: DeliveryWorker | None = None

    def claims(self, incoming: Incoming, state: UserState | None) -> bool:
        """Whether this event is an admin step (never for someone not in ``ADMIN_IDS``)."""
        return admin_flow.claims(incoming, state)

    async def admin(
        self, user_id: int, state: UserState | None, incoming: Incoming, content: Content
    ) -> Outcome:
        """Run an admin step."""
        return await self.desk.handle(user_id, state, incoming, content)

    async def perform(self, chat_id: int, effects: Iterable[tuple[str, ...]]) -> None:
        """Carry out the subscription effects of an outcome."""
        await self.subscriptions.perform(chat_id, effects)

    async def member_status(self, chat_id: int, status: str) -> None:
        """The user of a private chat blocked (``kicked``) or unblocked the bot."""
        await self.subscriptions.member_status(chat_id, status)

    def paced(self, api: ChatApi) -> ChatApi:
        """``api`` sharing the broadcast budget and honouring every 429 pause."""
        return PacedChatApi(api, self.pacer)

    async def start(self, sender: Sender, api: ChatApi) -> None:
        """Start the delivery worker (the runtime calls this once polling has started)."""
        if self.worker is None:
            self.worker = DeliveryWorker(
                self._store,
                self._keys,
                self._content,
                sender,
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
