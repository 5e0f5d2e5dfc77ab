"""The conversation service: the I/O shell around the pure core.

For every update: check the flood guard, take the user's lock (two quick presses must not
race on one state), load the state, run :func:`bot.core.conversation.advance`, store the
result. Adapters call :meth:`ChatService.handle` and deliver what it returns.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html import escape
from typing import TYPE_CHECKING

from bot.broadcast.plan import text_language
from bot.content.model import Content, TopicExamples
from bot.content.reload import ContentReloader, editor_message
from bot.core import screens
from bot.core.conversation import advance, group_reply, guess_language
from bot.core.events import Incoming, Picture, Press, Text
from bot.core.input_text import clean_text
from bot.core.replies import Outcome, Reply
from bot.core.sharing import Card, broadcast_card, broadcast_number, cards, pictured_broadcast
from bot.core.state import UserState
from bot.flood import FloodGuard
from bot.ocr import PictureReader
from bot.privacy import IdentityKeys
from bot.store.base import LogEntry, Store, hour_of
from bot.store.patience import patiently
from bot.understanding.destinations import countries_named
from bot.understanding.pipeline import Understanding

if TYPE_CHECKING:
    from bot.agency.desk import AgencyDesk
    from bot.broadcast.desk import AdminDesk
    from bot.broadcast.subscriptions import Subscriptions
    from bot.cards import CardRenderer
    from bot.helpdesk import Helpdesk
    from bot.voice_notes import VoiceNotes

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
        admin: AdminDesk | None = None,
        subscriptions: Subscriptions | None = None,
        reloader: ContentReloader | None = None,
        agency: AgencyDesk | None = None,
        place_countries: Mapping[str, str] | None = None,
        pictures: PictureReader | None = None,
        helpdesk: Helpdesk | None = None,
        cards: CardRenderer | None = None,
        voice_notes: VoiceNotes | None = None,
    ) -> None:
        self._store = store
        # The review queue, scam lists, licence lookup and follow-ups (bot.agency).
        self.agency = agency
        self._reloader = reloader
        # The admin steps (composing and stopping broadcasts, statistics) and the warnings'
        # subscriptions (bot.broadcast); None in tests of the conversation alone. Delivering
        # broadcasts is a background job of its own, which this service does not know.
        self._admin = admin
        self._subscriptions = subscriptions
        self._content = content
        self._keys = keys
        self._flood = flood
        self._understanding = understanding
        self._fitting = asyncio.Lock()
        # Place id -> country id (places.yaml); without it only countries named outright count.
        self._place_countries: Mapping[str, str] = place_countries or {}
        self._clock = clock
        self._pictures = pictures  # None: pictures get "I can only read text"
        self.helpdesk = helpdesk  # None: HELPDESK_CHAT_ID unset, no *Talk to a person*
        self._cards = cards  # None: no libraqm or fonts here, picture cards are sent as text
        # Recordings' bytes and Telegram file_ids for *🔊 Listen*; None: captions as text.
        self.voice_notes = voice_notes
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        # State rows known to carry their sealed user id (so `keys rotate` can re-key them);
        # forgotten wholesale when large, which costs one more UPDATE per user, nothing else.
        self._sealed_owners: set[str] = set()

    async def _fit_topic_model(self, examples: TopicExamples) -> None:
        """Fit the topic model of newly saved examples off the event loop (about a second),
        so the first question after a reload does not hold up everyone else's."""
        topics = self._understanding().topics
        if topics.has_model(examples):
            return
        async with self._fitting:
            if not topics.has_model(examples):
                await asyncio.to_thread(topics.model, examples)

    @property
    def understanding(self) -> Understanding:
        """The reader of free text this service uses (the preview's unanswered page asks it)."""
        return self._understanding()

    async def handle(self, user_id: int, incoming: Incoming, *, private: bool = True) -> Outcome:
        """Answer one update from ``user_id``; in groups nothing is stored."""
        content = self._content()
        if not private:
            return group_reply(content, incoming) or Outcome(replies=(), state=None)
        key = self._keys.user_key(user_id)
        verdict = self._flood.check(key)
        if verdict != "allow":
            return await self._throttled(key, incoming, content, warn=verdict == "warn")
        if self.helpdesk is not None:
            incoming = replace(incoming, helpdesk=True)
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        event = incoming.event
        desk = self.agency
        if isinstance(event, Text | Picture) and event.text:
            await self._fit_topic_model(content.topic_examples)
            analysis = self._understanding().analyze(
                event.text, incoming.language_hint, content.topic_examples
            )
            named = countries_named(analysis.scan.places, self._place_countries)
            lookups = await desk.lookups(event.text) if desk is not None else None
            incoming = replace(
                incoming,
                event=replace(event, analysis=analysis, destinations=named, lookups=lookups),
            )
        if isinstance(event, Press) and (number := pictured_broadcast(event.data)) is not None:
            # *Share as a picture* under a broadcast copy: the core draws what it said.
            info = await self._store.broadcast(number)
            if info is not None and info.texts and info.status != "cancelled":
                incoming = replace(incoming, event=replace(event, shared=dict(info.texts)))
        async with lock:
            raw = await patiently("load_state", lambda: self._store.load_state(key))
            state = UserState.from_json(raw) if raw else None
            admin, subscriptions = self._admin, self._subscriptions
            if admin is not None and admin.claims(incoming, state):
                outcome = await admin.handle(user_id, state, incoming, content)
            elif desk is not None and desk.claims(incoming, state):
                outcome = await desk.handle(user_id, state, incoming, content)
            else:
                outcome = advance(state, incoming, content)
            # One write per update: the new state and the anonymous log rows together,
            # committed before any reply is sent; retried while the store is busy.
            new_state = None if outcome.state is None else outcome.state.to_json()
            entries = self._log_entries(outcome)
            sealed = self._sealed_owner(key, user_id) if new_state is not None else None
            await patiently(
                "save_step", lambda: self._store.save_step(key, new_state, entries, sealed)
            )
            if sealed is not None:
                self._sealed_owners.add(key)
            if subscriptions is not None and outcome.effects:  # private: chat id == user id
                await subscriptions.perform(user_id, outcome.effects)
            if desk is not None and outcome.effects:
                await desk.perform(user_id, outcome.effects)
        if any(r.card is not None for r in outcome.replies):
            outcome = replace(
                outcome, replies=tuple([await self._drawn(r) for r in outcome.replies])
            )
        if ("reload",) in outcome.effects and self._reloader is not None:
            result = await asyncio.to_thread(self._reloader.reload)
            outcome = replace(outcome, replies=(*outcome.replies, Reply(editor_message(result))))
        return outcome

    async def member_status(self, chat_id: int, status: str) -> None:
        """The user of a private chat blocked (``kicked``) or unblocked the bot."""
        if self._subscriptions is not None:
            await self._subscriptions.member_status(chat_id, status)

    @property
    def reads_pictures(self) -> bool:
        """Whether pictures are read (Tesseract is installed and a reader was wired)."""
        return self._pictures is not None

    async def handle_picture(self, user_id: int, incoming: Incoming, image: bytes) -> Outcome:
        """Read the words of a picture in the user's language, then answer them like an ad.

        ``incoming`` carries what the picture arrived as (hint, roles); the picture itself is
        only read here and dropped.
        """
        if self._pictures is None:
            return await self.handle(user_id, incoming)
        raw = await self._store.load_state(self._keys.user_key(user_id))
        language = (raw or {}).get("language") or incoming.language_hint or ""
        found = await self._pictures.read(image, str(language))
        caption = incoming.event.text if isinstance(incoming.event, Text) else ""
        if not found.readable:
            if caption:  # the words under the picture are still worth answering
                return await self.handle(user_id, incoming)
            return await self.handle(user_id, replace(incoming, event=Picture("")))
        text = clean_text(f"{caption}\n{found.text}")
        return await self.handle(user_id, replace(incoming, event=Picture(text)))

    async def inline_cards(
        self, user_id: int, language_hint: str | None, bot: str | None, query: str = ""
    ) -> tuple[Card, ...]:
        """Cards for an inline query (``@bot`` typed in any chat): last verdict, then alerts.

        The query ``b<number>`` (what *Share this warning* under a broadcast puts there) puts
        that broadcast's card first, in the user's language.
        """
        content = self._content()
        raw = await self._store.load_state(self._keys.user_key(user_id))
        state = UserState.from_json(raw) if raw else None
        code = (
            state.language if state and state.language else guess_language(content, language_hint)
        )
        content = content.for_country(state.country if state else None)  # the sharer's pack
        lang = content.language(code)
        found = cards(state, content, lang, bot)
        number = broadcast_number(query)
        info = await self._store.broadcast(number) if number is not None else None
        if info is None or not info.texts or info.status == "cancelled":
            return found
        html = info.texts[text_language(code, info.texts, content.default_language)]
        return (broadcast_card(number or 0, html, lang, bot), *found)

    async def _drawn(self, reply: Reply) -> Reply:
        """A reply whose picture card is drawn (off the event loop), or written out as text."""
        card = reply.card
        if card is None:
            return reply
        if self._cards is None:
            text = "\n\n".join(
                (f"<b>{escape(card.title)}</b>", *map(escape, card.lines), escape(card.footer))
            )
            return replace(reply, text=f"{reply.text}\n\n{text}", card=None)
        photo = await asyncio.to_thread(self._cards.render, card)
        return replace(reply, photo=photo, card=None)

    def _log_entries(self, outcome: Outcome) -> list[LogEntry]:
        """The outcome's anonymous log rows: the hour, never who or exactly when."""
        hour = hour_of(self._clock())
        return [
            LogEntry(
                hour,
                record.language,
                record.kind,
                record.topic,
                record.flags,
                record.helpful,
                record.text,
            )
            for record in outcome.log
        ]

    def _sealed_owner(self, key: str, user_id: int) -> str | None:
        """The sealed user id to keep beside the state row, once per process and user (in
        the step's own write, not one more); None when this process already did."""
        if key in self._sealed_owners:
            return None
        if len(self._sealed_owners) >= _SEALED_OWNERS_REMEMBERED:
            self._sealed_owners.clear()
        return self._keys.seal_user(user_id)

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
