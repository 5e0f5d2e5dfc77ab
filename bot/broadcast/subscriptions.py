"""Carrying out the subscription effects of the core in the store.

The core (:mod:`bot.core.subscriptions`) decides; this changes the store. A chat is found by
``IdentityKeys.chat_key`` and delivered to through ``IdentityKeys.seal_chat``; neither is the
``user_key`` of conversation state, so nothing joins a subscription to a conversation.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.privacy import IdentityKeys
from bot.store.broadcasts import BroadcastStore

log = logging.getLogger(__name__)

UNREACHABLE = frozenset({"kicked"})
"""``my_chat_member`` statuses of a private chat that mean the user blocked the bot."""


class Subscriptions:
    """Subscribe, unsubscribe, forget and mark unreachable, by chat id."""

    def __init__(self, store: BroadcastStore, keys: IdentityKeys) -> None:
        self._store = store
        self._keys = keys

    async def perform(self, chat_id: int, effects: Iterable[tuple[str, ...]]) -> None:
        """Carry out the effects of one outcome that concern subscriptions (others are skipped)."""
        store, key = self._store, self._keys.chat_key(chat_id)
        for name, *args in effects:
            if name == "subscribe":
                await store.subscribe(key, self._keys.seal_chat(chat_id), args[0])
                if len(args) > 1 and args[1]:  # the home country, when the user has one
                    await store.set_subscription_home_country(key, args[1])
            elif name == "country":  # the home country changed (bot.core.home_country)
                await store.set_subscription_home_country(
                    key, args[0] if args[0] != "other" else None
                )
            elif name == "subscribe_country":
                await store.set_subscription_country(key, args[0])
            elif name == "unsubscribe":
                await store.unsubscribe(key)
            elif name == "language":
                await store.set_subscription_language(key, args[0])
            elif name == "forget":
                await store.forget_chat(key)

    async def member_status(self, chat_id: int, status: str) -> None:
        """A ``my_chat_member`` update of a private chat: ``kicked`` marks them blocked.

        Unblocking (``member``) changes nothing: they are sent warnings again only after
        they subscribe again.
        """
        if status not in UNREACHABLE:
            return
        if await self._store.mark_unreachable(self._keys.chat_key(chat_id), "blocked"):
            log.info("a subscriber blocked the bot; no more warnings are sent there")
