"""The helpdesk relay: a user's conversation with a counsellor, through one forum topic per case.

The conversation core decides (:mod:`bot.core.helpdesk_flow`); this service does the I/O. The
helpdesk group (``HELPDESK_CHAT_ID``, a forum supergroup where the bot is an administrator)
sees a topic named after the case number and the user's words, never who wrote them; the
store links the topic to the user only through a keyed hash and a sealed chat id. Nothing
relayed is written anywhere: not to the question log, not to the logs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from typing import Protocol, runtime_checkable

from bot.content.helpdesk_hours import OpeningHours
from bot.content.model import Content, Language
from bot.core import bidi, helpdesk_flow, screens
from bot.core.replies import Outcome, Reply
from bot.core.state import UserState
from bot.errors import BotError
from bot.privacy import IdentityKeys
from bot.store.base import Store

log = logging.getLogger(__name__)
HELPDESK_LANGUAGE = "en"  # what counsellors read; their own UI strings come from this catalog


@runtime_checkable
class HelpdeskApi(Protocol):
    """The Telegram calls of the relay; both adapters implement them."""

    async def create_topic(self, chat_id: int, name: str) -> int:
        """Create a forum topic; return its ``message_thread_id``."""
        ...

    async def send_to_topic(self, chat_id: int, thread_id: int, text: str) -> None:
        """Send an HTML message into a forum topic."""
        ...

    async def close_topic(self, chat_id: int, thread_id: int) -> None:
        """Close a forum topic (counsellors see the case is over)."""
        ...

    async def send(self, chat_id: int, text: str, buttons: screens.Rows) -> int:
        """Send an HTML message to a chat."""
        ...


class Helpdesk:
    """Opens, relays and closes cases; one per user at a time."""

    def __init__(
        self,
        store: Store,
        keys: IdentityKeys,
        content: Callable[[], Content],
        chat_id: int,
        hours: OpeningHours | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._store = store
        self._keys = keys
        self._content = content
        self.chat_id = chat_id
        self._hours = hours  # None: the hours of the current content (hot-reloaded)
        self._clock = clock

    def _open_now(self) -> bool:
        """Whether counsellors answer now; content without helpdesk.yaml means always."""
        hours = self._hours or self._content().helpdesk_hours
        return hours is None or hours.open_at(self._clock())

    def _desk(self) -> Callable[..., str]:
        return self._content().language(HELPDESK_LANGUAGE).translate

    async def perform(
        self,
        api: HelpdeskApi,
        user_id: int,
        language: str,
        outcome: Outcome,
        shown_as: str | None = None,
    ) -> Outcome:
        """Carry out the outcome's helpdesk effects; replies for the user are added to it.

        ``shown_as`` (the user's Telegram name and username) is passed only when the user
        pressed *Show my Telegram name*; it goes to the topic and nowhere else.
        """
        lang = self._content().language(language)
        extra: list[Reply] = []
        for effect in outcome.effects:
            try:
                reply = await self._effect(api, user_id, lang.code, effect, shown_as)
            except BotError as exc:
                log.warning("helpdesk unreachable: %s", type(exc).__name__)
                text = lang.translate(
                    'Sorry, the helpdesk cannot be reached right now. Please use the contacts under "I need help now".'
                )
                reply = screens.reply(lang, text, (screens.menu_row(lang),))
            if reply is not None:
                extra.append(reply)
        if not extra:
            return outcome
        return Outcome(
            (*outcome.replies, *extra), outcome.state, outcome.toast, outcome.effects, outcome.log
        )

    async def _effect(
        self,
        api: HelpdeskApi,
        user_id: int,
        language: str,
        effect: tuple[str, ...],
        shown_as: str | None,
    ) -> Reply | None:
        kind = effect[0]
        key = self._keys.user_key(user_id)
        lang = self._content().language(language)
        t = self._desk()
        if kind == "helpdesk_open":
            case_no = await self._store.open_case(key, self._keys.seal_chat(user_id), language)
            name = t("Case {case}", case=case_no)
            thread = await api.create_topic(self.chat_id, name)
            await self._store.set_case_topic(case_no, thread)
            intro = t(
                "New case {case}, in {language}. Who wrote is not shown. Answer in this topic: every message here is sent to them. Send /end here to close the case.",
                case=case_no,
                language=lang.name,
            )
            await api.send_to_topic(self.chat_id, thread, intro)
            return helpdesk_flow.connected(lang, case_no, open_now=self._open_now())
        case = await self._store.open_case_of(key)
        if kind == "helpdesk_relay" and len(effect) == 2:
            if case is None or case.topic_id is None:
                await self._leave_conversation(key)
                text = lang.translate("You are not connected to a counsellor any more.")
                return screens.menu(lang, prefix=text)
            await api.send_to_topic(self.chat_id, case.topic_id, escape(effect[1], quote=False))
            return None
        if kind == "helpdesk_share" and case is not None and case.topic_id and shown_as:
            said = t("The person chose to show who they are: {name}", name=escape(shown_as))
            await api.send_to_topic(self.chat_id, case.topic_id, said)
            return None
        if kind == "helpdesk_close" and case is not None:
            await self._store.close_case(case.case_no)
            if case.topic_id is not None:
                await api.send_to_topic(
                    self.chat_id, case.topic_id, t("The person ended the conversation.")
                )
                await api.close_topic(self.chat_id, case.topic_id)
        return None

    async def _leave_conversation(self, user_key: str) -> None:
        """The case is over: the user's next words are read by the bot again, not relayed."""
        raw = await self._store.load_state(user_key)
        if raw is not None:
            state = UserState.from_json(raw)
            if state.screen == helpdesk_flow.SCREEN:
                state.screen = "menu"
                await self._store.save_state(user_key, state.to_json())

    async def from_counsellor(self, api: HelpdeskApi, thread_id: int | None, text: str) -> None:
        """A message in the helpdesk group: relayed to the user of its topic; ``/end`` closes."""
        if thread_id is None or not text:
            return
        case = await self._store.case_in_topic(thread_id)
        if case is None:
            return
        t = self._desk()
        if case.closed:
            await api.send_to_topic(
                self.chat_id, thread_id, t("This case is closed: nothing was sent.")
            )
            return
        chat = self._keys.open_chat(case.chat_sealed)
        lang = self._content().language(case.language)
        if text.split()[0].partition("@")[0].lower() == "/end":
            await self._store.close_case(case.case_no)
            await self._leave_conversation(self._keys.user_key(chat))  # private: chat id = user id
            ended = lang.translate("The counsellor ended the conversation.")
            menu = screens.menu(lang, prefix=ended).text
            await api.send(chat, _for_reader(lang, menu), screens.menu_buttons(lang))
            await api.close_topic(self.chat_id, thread_id)
            return
        label = lang.translate("Counsellor")
        body = f"<b>{escape(label)}:</b> {escape(text, quote=False)}"
        await api.send(chat, _for_reader(lang, body), (helpdesk_flow.end_row(lang),))


def _for_reader(lang: Language, html: str) -> str:
    """What is sent to the user past :func:`bot.adapters.delivery.deliver` is isolated here,
    as every reply is: a counsellor's dates and numbers keep their order in Urdu and Pashto."""
    return bidi.isolate(html) if lang.direction == "rtl" else html
