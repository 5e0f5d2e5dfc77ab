"""The conversation service: the I/O shell around the pure core.

For every update: check the flood guard, take the user's lock (two quick presses must not
race on one state), load the state, run :func:`bot.core.conversation.advance`, store the
result. Adapters call :meth:`ChatService.handle` and deliver what it returns.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.content.model import Content
from bot.content.reload import ContentReloader, editor_message
from bot.core import screens
from bot.core.conversation import advance, group_reply
from bot.core.events import Incoming, Text
from bot.core.replies import Outcome, Reply
from bot.core.state import UserState
from bot.flood import FloodGuard
from bot.privacy import IdentityKeys
from bot.store.base import LogEntry, Store, hour_of
from bot.store.patience import patiently
from bot.understanding.pipeline import Understanding

if TYPE_CHECKING:
    from bot.broadcast.service import Broadcasting

log = logging.getLogger(__name__)

_SEALED_OWNERS_REMEMBERED = 100_000


class ChatService:
    """Runs one conversation step per update, with state kept in the store."""

    def __init__(
        self,
        store: Store,
        content: Callable[[], Content],
        keys: IdentityKeys,
        flood: FloodGuard,
        understanding: Callable[[], Understanding],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        *,
        broadcasting: Broadcasting | None = None,
        reloader: ContentReloader | None = None,
    ) -> None:
        self._store = store
        self._reloader = reloader
        # Subscriptions, admin steps and the delivery worker (bot.broadcast); None in tests
        # of the conversation alone.
        self.broadcasting = broadcasting
        self._content = content
        self._keys = keys
        self._flood = flood
        self._understanding = understanding
        self._clock = clock
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        # State rows known to carry their sealed user id (so `keys rotate` can re-key them);
        # forgotten wholesale when large, which costs one more UPDATE per user, nothing else.
        self._sealed_owners: set[str] = set()

    async def handle(self, user_id: int, incoming: Incoming, *, private: bool = True) -> Outcome:
        """Answer one update from ``user_id``; in groups nothing is stored."""
        content = self._content()
        if not private:
            return group_reply(content, incoming) or Outcome(replies=(), state=None)
        key = self._keys.user_key(user_id)
        verdict = self._flood.check(key)
        if verdict != "allow":
            return await self._throttled(key, incoming, content, warn=verdict == "warn")
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        event = incoming.event
        if isinstance(event, Text):
            analysis = self._understanding().analyze(event.text, incoming.language_hint)
            incoming = replace(incoming, event=replace(event, analysis=analysis))
        async with lock:
            raw = await patiently("load_state", lambda: self._store.load_state(key))
            state = UserState.from_json(raw) if raw else None
            extra = self.broadcasting
            if extra is not None and extra.claims(incoming, state):
                outcome = await extra.admin(user_id, state, incoming, content)
            else:
                outcome = advance(state, incoming, content)
            if outcome.state is None:
                await patiently("forget", lambda: self._store.forget(key))
            else:
                saved = outcome.state.to_json()
                await patiently("save_state", lambda: self._store.save_state(key, saved))
                await self._seal_owner(key, user_id)
            if extra is not None and outcome.effects:  # in a private chat, chat id == user id
                await extra.perform(user_id, outcome.effects)
        await self._write_log(outcome)
        if ("reload",) in outcome.effects and self._reloader is not None:
            result = await asyncio.to_thread(self._reloader.reload)
            outcome = replace(outcome, replies=(*outcome.replies, Reply(editor_message(result))))
        return outcome

    async def _seal_owner(self, key: str, user_id: int) -> None:
        """Keep the sealed user id beside the state row once per process and user."""
        if key in self._sealed_owners:
            return
        if len(self._sealed_owners) >= _SEALED_OWNERS_REMEMBERED:
            self._sealed_owners.clear()
        sealed = self._keys.seal_user(user_id)
        await patiently("seal_state_owner", lambda: self._store.seal_state_owner(key, sealed))
        self._sealed_owners.add(key)

    async def _write_log(self, outcome: Outcome) -> None:
        """Write the outcome's anonymous log rows: the hour, never who or exactly when."""
        hour = hour_of(self._clock())
        for record in outcome.log:
            entry = LogEntry(
                hour,
                record.language,
                record.kind,
                record.topic,
                record.flags,
                record.helpful,
                record.text,
            )
            await patiently("log", lambda entry=entry: self._store.log(entry))

    async def purge_old_log(self, keep_days: int) -> int:
        """Delete question-log rows older than ``keep_days``; returns how many went."""
        limit = hour_of(self._clock() - timedelta(days=keep_days))
        return await self._store.purge_log(limit)

    async def _throttled(
        self, key: str, incoming: Incoming, content: Content, *, warn: bool
    ) -> Outcome:
        raw = await self._store.load_state(key) if warn else None
        language = (raw or {}).get("language") or incoming.language_hint
        lang = content.language(language)
        notice = lang.translate("You are sending messages very fast. Please wait a few seconds.")
        replies = (screens.reply(lang, notice),) if warn else ()
        return Outcome(replies=replies, state=None, toast=notice)
