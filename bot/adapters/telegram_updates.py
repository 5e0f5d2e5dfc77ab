"""One Telegram update through the chat service, written once for every Telegram library.

aiogram and python-telegram-bot both model updates with the Bot API's own field names
(``message.text``, ``message.chat.type``, ``callback_query.data`` ...), so turning an update
into an :class:`~bot.core.events.Incoming` event, deciding whether it is ours, and delivering
the outcome live here. Each adapter only supplies its :class:`~bot.ports.ChatApi`
and registers two callbacks with its framework.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from bot.adapters.delivery import answer_press, deliver
from bot.adapters.message_kinds import event_from_text_or_kind, media_kind
from bot.chat_service import ChatService
from bot.core import callbacks
from bot.core.conversation import USER_COMMANDS
from bot.core.events import Command, Event, Incoming, Press
from bot.core.replies import Outcome
from bot.core.sharing import Card
from bot.helpdesk import HelpdeskApi
from bot.ocr import MAX_BYTES
from bot.ports import ChatApi, Outbound, as_is

RoleOf = Callable[[int], frozenset[str]]

# Commands a mounted checklist claims by default: ours, minus the two every host bot has.
MOUNTED_COMMANDS = frozenset(USER_COMMANDS) - {"start", "help"}


class TelegramUser(Protocol):
    """The parts of a Bot API ``User`` the bot reads (never the name: it is not needed)."""

    @property
    def id(self) -> int: ...

    @property
    def is_bot(self) -> bool: ...

    @property
    def language_code(self) -> str | None: ...


class TelegramChat(Protocol):
    """The parts of a Bot API ``Chat`` the bot reads."""

    @property
    def id(self) -> int: ...

    @property
    def type(self) -> str: ...


class PressedMessage(Protocol):
    """A message with buttons; Telegram may send it as ``InaccessibleMessage`` (old)."""

    @property
    def message_id(self) -> int: ...

    @property
    def chat(self) -> TelegramChat: ...


class TelegramMessage(PressedMessage, Protocol):
    """The parts of a Bot API ``Message`` the bot reads; media fields are read by name."""

    @property
    def from_user(self) -> TelegramUser | None: ...

    @property
    def text(self) -> str | None: ...

    @property
    def caption(self) -> str | None: ...

    @property
    def forward_origin(self) -> object | None: ...


class TelegramPress(Protocol):
    """The parts of a Bot API ``CallbackQuery`` the bot reads."""

    @property
    def id(self) -> str: ...

    @property
    def data(self) -> str | None: ...

    @property
    def from_user(self) -> TelegramUser: ...

    @property
    def message(self) -> PressedMessage | None: ...


@runtime_checkable
class FileSource(Protocol):
    """Downloads a file a user sent (getFile, then the file URL); both adapters implement it."""

    async def download(self, file_id: str) -> bytes: ...


def picture_file(message: object) -> str | None:
    """The file id of the picture a message carries, if it is one the bot may read.

    A photo (its largest size under the limit) or an image sent as a file; a caption does
    not matter, and anything bigger than :data:`bot.ocr.MAX_BYTES` is not downloaded.
    """
    sizes = getattr(message, "photo", None) or ()
    fitting = [s for s in sizes if (getattr(s, "file_size", None) or 0) <= MAX_BYTES]
    if fitting:
        best = max(fitting, key=lambda s: (s.width or 0) * (s.height or 0))
        return str(best.file_id)
    document = getattr(message, "document", None)
    if document is None or not str(document.mime_type or "").startswith("image/"):
        return None
    if (document.file_size or 0) > MAX_BYTES:
        return None
    return str(document.file_id)


def addressed_elsewhere(text: str | None, username: str | None) -> bool:
    """``/start@other_bot`` is for another bot."""
    if not text or not text.startswith("/"):
        return False
    target = text.split()[0].partition("@")[2]
    return bool(target) and (username or "").lower() != target.lower()


def message_event(message: TelegramMessage) -> Event | None:
    """The core event a message carries: a command, text (or caption), or what it was."""
    return event_from_text_or_kind(
        message.text or message.caption,
        media_kind(message),
        forwarded=message.forward_origin is not None,
    )


def is_our_command(
    message: TelegramMessage, username: str | None, commands: frozenset[str] = MOUNTED_COMMANDS
) -> bool:
    """For a mounted checklist: one of ``commands``, not addressed to another bot."""
    if message.from_user is None or message.from_user.is_bot:
        return False
    if addressed_elsewhere(message.text, username):
        return False
    event = message_event(message)
    return isinstance(event, Command) and event.name in commands


def is_our_press(data: object) -> bool:
    """For a mounted checklist: callback data of one of our button kinds (bot.core.callbacks)."""
    return isinstance(data, str) and callbacks.parse(data) is not callbacks.STALE


async def handle_member(chat: ChatService, chat_id: int, chat_type: str, status: str) -> None:
    """A ``my_chat_member`` update: in a private chat, ``kicked`` means the user blocked us."""
    if chat_type == "private":
        await chat.member_status(chat_id, status)


async def _with_helpdesk(
    chat: ChatService, api: ChatApi, user: TelegramUser, outcome: Outcome
) -> Outcome:
    """Open, relay to, share with or close a helpdesk case when the outcome asks for it."""
    desk = chat.helpdesk
    wanted = any(effect[0].startswith("helpdesk_") for effect in outcome.effects)
    if desk is None or not wanted or outcome.state is None or not isinstance(api, HelpdeskApi):
        return outcome
    shown_as = _shown_name(user) if ("helpdesk_share",) in outcome.effects else None
    return await desk.perform(api, user.id, outcome.state.language or "", outcome, shown_as)


def _shown_name(user: TelegramUser) -> str:
    """The name the user chose to show a counsellor: never stored, only sent to the topic."""
    parts = (getattr(user, "first_name", None), getattr(user, "last_name", None))
    name = " ".join(str(part) for part in parts if part)
    username = getattr(user, "username", None)
    return f"{name} (@{username})" if username else name


async def handle_message(
    chat: ChatService,
    api: ChatApi,
    message: TelegramMessage,
    username: str | None,
    role_of: RoleOf,
    *,
    outbound: Outbound = as_is,
) -> None:
    """Run one message (new or edited) through the conversation and deliver the answer.

    Messages from bots and, in groups, commands for other bots are ignored. The answer goes
    out through ``outbound(api)`` (the send budget the wiring shares with broadcasts).
    """
    user = message.from_user
    if user is None or user.is_bot:
        return
    desk = chat.helpdesk
    if desk is not None and message.chat.id == desk.chat_id:
        if isinstance(api, HelpdeskApi):
            thread = getattr(message, "message_thread_id", None)
            await desk.from_counsellor(api, thread, message.text or "")
        return
    private = message.chat.type == "private"
    if not private and addressed_elsewhere(message.text, username):
        return
    event = message_event(message)
    if event is None:
        return
    incoming = Incoming(event, user.language_code, role_of(user.id))
    picture = picture_file(message) if private and chat.reads_pictures else None
    if picture is not None and isinstance(api, FileSource):
        image = await api.download(picture)
        outcome = await chat.handle_picture(user.id, incoming, image)
    else:
        outcome = await chat.handle(user.id, incoming, private=private)
    outcome = await _with_helpdesk(chat, api, user, outcome)
    await deliver(outbound(api), message.chat.id, outcome, voices=chat.voice_notes)


async def handle_press(
    chat: ChatService,
    api: ChatApi,
    query: TelegramPress,
    role_of: RoleOf,
    *,
    username: str | None = None,
    outbound: Outbound = as_is,
) -> None:
    """Answer a button press at once, then run it through the conversation and deliver.

    Presses in groups, on messages Telegram no longer shows, or without data are only
    answered (the spinner must stop), never acted on.
    """
    message = query.message
    raw_api, api = api, outbound(api)
    if message is None or message.chat.type != "private" or query.data is None:
        await answer_press(api, query.id, None)
        return
    user = query.from_user
    incoming = Incoming(
        Press(query.data), user.language_code, role_of(user.id), bot_username=username
    )
    outcome = await chat.handle(user.id, incoming)
    await answer_press(api, query.id, outcome.toast)
    outcome = await _with_helpdesk(chat, raw_api, user, outcome)
    await deliver(
        api,
        message.chat.id,
        outcome,
        pressed_message_id=message.message_id,
        voices=chat.voice_notes,
    )


class TelegramInlineQuery(Protocol):
    """The parts of a Bot API ``InlineQuery`` the bot reads; of the query text only whether it
    names a broadcast (``b12``), never stored or logged."""

    @property
    def id(self) -> str: ...

    @property
    def query(self) -> str: ...

    @property
    def from_user(self) -> TelegramUser: ...


@runtime_checkable
class InlineAnswers(Protocol):
    """Answers an inline query with cards; both adapters implement it."""

    async def answer_inline(self, query_id: str, cards: tuple[Card, ...]) -> None: ...


async def handle_inline(
    chat: ChatService, api: object, query: TelegramInlineQuery, username: str | None
) -> None:
    """``@bot`` typed in any chat: offer the user's last verdict and the alerts as cards.

    What was typed after the name is read only for ``b<number>`` (a broadcast alert's own
    *Share this warning*), which puts that alert first.
    """
    user = query.from_user
    found = await chat.inline_cards(user.id, user.language_code, username, query.query or "")
    if isinstance(api, InlineAnswers):
        await api.answer_inline(query.id, found)
