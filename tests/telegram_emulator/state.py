"""The emulated Telegram world: chats, messages, the update queue, files, callbacks.

Everything runs on the test's event loop, so state changes are plain synchronous code;
waiters (long polls, ``expect_*``, ``wait_idle``) sleep on a :class:`Signal` that every
change fires, which keeps waiting event-driven instead of polling with sleeps.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import errors
from .errors import ApiError
from .limits import FloodControl, Limits, Stats
from .records import ApiCall, BotEvent, CallbackRecord, SentMessage

DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
"""What Telegram delivers when ``allowed_updates`` is empty: all but chat_member and reactions."""


class Signal:
    """Wake-everyone notification usable from synchronous code.

    ``asyncio.Condition`` needs its lock held to notify, which sync handlers can't do;
    swapping in a fresh ``Event`` after setting the old one gives the same semantics.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def fire(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seconds: float) -> bool:
        """Wait for the next :meth:`fire`; False if ``seconds`` pass first."""
        try:
            await asyncio.wait_for(self._event.wait(), max(0.0, seconds))
        except TimeoutError:
            return False
        return True

    async def wait_for(self, predicate: Callable[[], bool], seconds: float | None) -> bool:
        """Wait until ``predicate()`` holds; False if ``seconds`` pass first (None: forever)."""
        loop = asyncio.get_running_loop()
        deadline = None if seconds is None else loop.time() + seconds
        while not predicate():
            event = self._event
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                return False
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return predicate()
        return True


@dataclass
class StoredMessage:
    """Current version of a message in a chat (sent by the bot or by a user)."""

    chat_id: int
    message_id: int
    from_bot: bool
    data: dict[str, Any]
    source: str | None = None
    parse_mode: str | None = None
    photo: bytes | None = None
    document: bytes | None = None
    document_name: str | None = None
    reply_keyboard: dict[str, Any] | None = None
    voice: bytes | None = None
    edits: int = 0
    deleted: bool = False

    def snapshot(self) -> SentMessage:
        return SentMessage(
            chat_id=self.chat_id,
            message_id=self.message_id,
            raw=copy.deepcopy(self.data),
            html=self.source,
            parse_mode=self.parse_mode,
            photo=self.photo,
            document=self.document,
            document_name=self.document_name,
            reply_keyboard=self.reply_keyboard,
            voice=self.voice,
            edited=self.edits > 0,
        )


@dataclass
class ChatState:
    """A chat the emulator knows; ``type`` is private, group, supergroup or channel."""

    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_premium: bool = False
    started: bool = False
    blocked: bool = False
    bot_removed: bool = False
    is_forum: bool = False  # a supergroup with topics (forum_topic: message_thread_id)
    bot_admin: bool = False  # an administrator sees every message and may manage topics
    # The user's privacy setting "Voice messages: nobody" (Telegram Premium): sendVoice fails.
    voices_forbidden: bool = False
    topics: dict[int, dict[str, Any]] = field(default_factory=dict)
    next_message_id: int = 1
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    events: list[BotEvent] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return self.type in ("group", "supergroup")

    def chat_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private":
            data["first_name"] = self.first_name or "User"
            if self.last_name:
                data["last_name"] = self.last_name
        else:
            data["title"] = self.title or "Chat"
            if self.is_forum:
                data["is_forum"] = True
        if self.username:
            data["username"] = self.username
        return data

    def user_json(self) -> dict[str, Any]:
        """The ``User`` behind a private chat."""
        data: dict[str, Any] = {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name or "User",
        }
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        if self.is_premium:
            data["is_premium"] = True
        return data

    def allocate_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def chat_instance(self) -> str:
        return str(int(hashlib.sha1(str(self.id).encode()).hexdigest()[:15], 16))

    def bot_messages(self) -> list[StoredMessage]:
        return [m for m in self.messages.values() if m.from_bot and not m.deleted]


@dataclass
class QueuedUpdate:
    update_id: int
    kind: str
    payload: dict[str, Any]
    delivered_at: float | None = None
    # Webhook delivery: a POST is running, when the next try may start, tries made.
    posting: bool = False
    not_before: float = 0.0
    attempts: int = 0


@dataclass(frozen=True)
class WebhookPost:
    """One POST of an update to the bot's webhook, as Telegram's server would log it."""

    update_id: int
    started: float
    finished: float
    status: int | None  # None: the connection failed or timed out


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    path: str
    data: bytes | None
    mime_type: str | None = None


@dataclass
class Fault:
    """Pending injected failure: ``kind`` is "500", "502" or "reset"."""

    kind: str
    remaining: int
    methods: frozenset[str] | None
    after: bool


class EmulatorState:
    """All mutable state of one emulated bot account and its chats."""

    def __init__(
        self,
        token: str,
        limits: Limits,
        bot_name: str,
        bot_username: str,
        callback_timeout: float,
        privacy_mode: bool,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_name = bot_name
        self.bot_username = bot_username
        self.callback_timeout = callback_timeout
        self.privacy_mode = privacy_mode
        self.stats = Stats()
        self.flood = FloodControl(limits, self.stats)
        self.signal = Signal()
        self.chats: dict[int, ChatState] = {}
        self.updates: list[QueuedUpdate] = []
        self.dropped_updates: list[QueuedUpdate] = []
        self._update_ids = itertools.count(1)
        self.allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self.callbacks: dict[str, CallbackRecord] = {}
        self.inline_queries: dict[str, Any] = {}  # id -> api_inline.InlineQueryRecord
        self._callback_ids = itertools.count(1)
        self.files: dict[str, StoredFile] = {}
        self._file_ids = itertools.count(1)
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.bot_texts: dict[tuple[str, str], str] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self.webhook_posts: list[WebhookPost] = []
        self.webhook_reposts: set[int] = set()  # post again once answered (a lost answer)
        self.webhook_post_timeout = 60.0
        self.webhook_max_connections = 40
        self.events: list[BotEvent] = []
        self._event_seq = itertools.count(1)
        self.calls: list[ApiCall] = []
        self.unsupported: list[str] = []
        self.internal_errors: list[str] = []
        self.chat_failures: dict[int, ApiError] = {}
        self.faults: list[Fault] = []
        self.inflight = 0
        self.last_activity = time.monotonic()
        self.closing = False
        self.poll_generation = 0
        self.poll_abort_reason = ""
        self.waiting_polls = 0

    # -- time and notification -------------------------------------------------------

    @staticmethod
    def now() -> float:
        return time.monotonic()

    def changed(self) -> None:
        self.signal.fire()

    # -- bot identity ----------------------------------------------------------------

    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    # -- chats -----------------------------------------------------------------------

    def add_chat(self, chat: ChatState) -> ChatState:
        existing = self.chats.get(chat.id)
        if existing is not None:
            return existing
        self.chats[chat.id] = chat
        return chat

    def resolve_chat(self, chat_id: int | str) -> ChatState:
        """The chat a method targets; 400 "chat not found" for one never seen."""
        forced = self.chat_failures.get(chat_id) if isinstance(chat_id, int) else None
        if forced is not None:
            raise forced
        if isinstance(chat_id, str):
            wanted = chat_id.lstrip("@").lower()
            for known in self.chats.values():
                if known.username and known.username.lower() == wanted and known.type != "private":
                    return known
            raise errors.bad_request(errors.CHAT_NOT_FOUND)
        chat = self.chats.get(chat_id)
        if chat is None:
            raise errors.bad_request(errors.CHAT_NOT_FOUND)
        return chat

    def check_writable(self, chat: ChatState) -> None:
        """403s for chats the bot may not write to, as Telegram words them."""
        if chat.type == "private":
            if chat.blocked:
                raise ApiError(403, errors.BLOCKED)
            if not chat.started:
                raise ApiError(403, errors.CANT_INITIATE)
        elif chat.bot_removed:
            kicked = errors.KICKED_SUPERGROUP if chat.type == "supergroup" else errors.KICKED_GROUP
            raise ApiError(403, kicked)

    # -- updates ---------------------------------------------------------------------

    def enqueue(self, kind: str, body: dict[str, Any]) -> QueuedUpdate:
        """Queue one update (``body`` is the object under ``kind``) without notifying."""
        update_id = next(self._update_ids)
        item = QueuedUpdate(update_id, kind, {"update_id": update_id, kind: body})
        self.updates.append(item)
        return item

    def push_update(self, kind: str, body: dict[str, Any]) -> QueuedUpdate:
        item = self.enqueue(kind, body)
        self.changed()
        return item

    def abort_long_poll(self, reason: str) -> None:
        """End a waiting ``getUpdates`` with 409 ``reason`` (it notices the new generation)."""
        self.poll_generation += 1
        self.poll_abort_reason = reason
        self.changed()

    def all_fetched(self) -> bool:
        """Polling: every update was fetched. Webhook: every update's POST was answered."""
        if self.webhook_url:
            return not self.updates
        return all(u.delivered_at is not None for u in self.updates)

    # -- messages and events ---------------------------------------------------------

    def record_event(
        self, kind: str, chat: ChatState, message: StoredMessage | None, message_id: int | None
    ) -> None:
        event = BotEvent(
            seq=next(self._event_seq),
            kind=kind,
            chat_id=chat.id,
            time=self.now(),
            message=message.snapshot() if message is not None else None,
            message_id=message_id,
        )
        chat.events.append(event)
        self.events.append(event)

    def store_bot_message(self, chat: ChatState, message: StoredMessage) -> None:
        chat.messages[message.message_id] = message
        self.record_event("message", chat, message, message.message_id)

    # -- callbacks -------------------------------------------------------------------

    def new_callback_id(self) -> str:
        return f"{self.bot_id}{next(self._callback_ids):08d}"

    # -- files -----------------------------------------------------------------------

    def store_file(self, data: bytes | None, folder: str, ext: str, mime: str | None) -> StoredFile:
        n = next(self._file_ids)
        digest = hashlib.sha1(f"{n}".encode() + (data or b"")).hexdigest()
        stored = StoredFile(
            file_id=f"EMU{folder[:3].upper()}{n:06d}{digest[:20]}",
            file_unique_id=f"U{digest[:15]}",
            path=f"{folder}/file_{n}.{ext}",
            data=data,
            mime_type=mime,
        )
        self.files[stored.file_id] = stored
        return stored

    def file_by_path(self, path: str) -> StoredFile | None:
        for stored in self.files.values():
            if stored.path == path:
                return stored
        return None

    # -- bookkeeping -----------------------------------------------------------------

    def log_call(self, call: ApiCall) -> None:
        self.calls.append(call)
        self.stats.requests[call.method] += 1
