"""``TelegramEmulator``: start a fake Telegram, create users and chats, inspect results.

This is the one object a test or benchmark holds.  It owns the state and the HTTP
server and hands out DSL objects (:class:`EmulatedUser`, :class:`EmulatedGroup`,
:class:`EmulatedChannel`) bound to it.  Point the bot at :attr:`base_url`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from types import TracebackType
from typing import Any

from .api_bot import scope_key
from .errors import CHAT_FAILURES, ApiError
from .limits import FloodControl, Limits, Stats
from .records import ApiCall, CallbackRecord, SentMessage
from .server import EmulatorServer
from .state import ChatState, EmulatorState, Fault, WebhookPost
from .users import EmulatedChannel, EmulatedGroup, EmulatedUser
from .views import describe_chat, wait_idle


class TelegramEmulator:
    """An in-process Telegram Bot API server for one bot token.

    ``limits`` switches flood control on (default: off); ``callback_timeout`` is how
    long a callback query may stay unanswered; ``privacy_mode`` (default on, as for a
    new bot) means in groups the bot only gets commands and replies to its messages.
    """

    def __init__(
        self,
        token: str = "123456:TEST-emulator-token",
        *,
        limits: Limits | None = None,
        bot_name: str = "Test Bot",
        bot_username: str = "testbot",
        callback_timeout: float = 15.0,
        privacy_mode: bool = True,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.state = EmulatorState(
            token,
            limits or Limits(),
            bot_name=bot_name,
            bot_username=bot_username,
            callback_timeout=callback_timeout,
            privacy_mode=privacy_mode,
        )
        self.server = EmulatorServer(self.state, host, port)
        self._views: dict[int, Any] = {}

    # -- lifecycle -------------------------------------------------------------------

    async def start(self) -> TelegramEmulator:
        await self.server.start()
        return self

    async def stop(self) -> None:
        await self.server.stop()

    async def __aenter__(self) -> TelegramEmulator:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- identity --------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``; the API is at ``{base_url}/bot{token}/{method}``."""
        return self.server.base_url

    @property
    def token(self) -> str:
        return self.state.token

    @property
    def bot_id(self) -> int:
        return self.state.bot_id

    @property
    def bot_username(self) -> str:
        return self.state.bot_username

    # -- chats -----------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "User",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
        is_premium: bool = False,
        started: bool = False,
    ) -> EmulatedUser:
        """A user and their private chat (id == user id); the same object per id.

        Until the user sends something (or ``started=True``) the bot cannot message
        them: Telegram answers 403 "bot can't initiate conversation with a user".
        """
        if user_id in self._views:
            view = self._views[user_id]
            if not isinstance(view, EmulatedUser):
                raise ValueError(f"chat {user_id} is not a private chat")
            return view
        chat = self.state.add_chat(
            ChatState(
                id=user_id,
                type="private",
                first_name=first_name,
                last_name=last_name,
                username=username,
                language_code=language_code,
                is_premium=is_premium,
                started=started,
            )
        )
        view = EmulatedUser(self.state, chat)
        self._views[user_id] = view
        return view

    def group(
        self, chat_id: int, title: str = "Group", *, username: str | None = None
    ) -> EmulatedGroup:
        """A group (supergroup if the id starts with -100) with the bot as a member."""
        if chat_id in self._views:
            return self._views[chat_id]  # type: ignore[no-any-return]
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        chat = self.state.add_chat(ChatState(id=chat_id, type=kind, title=title, username=username))
        view = EmulatedGroup(self.state, chat)
        self._views[chat_id] = view
        return view

    def forum(self, chat_id: int, title: str = "Helpdesk") -> EmulatedGroup:
        """A forum supergroup (topics enabled) where the bot is an administrator."""
        group = self.group(chat_id, title)
        group._chat.is_forum = True
        group._chat.bot_admin = True
        return group

    def channel(
        self, chat_id: int, title: str = "Channel", *, username: str | None = None
    ) -> EmulatedChannel:
        """A channel in which the bot is an administrator."""
        if chat_id in self._views:
            return self._views[chat_id]  # type: ignore[no-any-return]
        chat = self.state.add_chat(
            ChatState(id=chat_id, type="channel", title=title, username=username)
        )
        view = EmulatedChannel(self.state, chat)
        self._views[chat_id] = view
        return view

    async def channel_post(self, chat_id: int, text: str, title: str = "Channel") -> int:
        """Shortcut: post ``text`` in channel ``chat_id`` (created on first use)."""
        return await self.channel(chat_id, title).post(text)

    def messages(self, chat_id: int) -> list[SentMessage]:
        """Current versions of the bot's messages in ``chat_id``."""
        chat = self.state.chats.get(chat_id)
        if chat is None:
            return []
        return [m.snapshot() for m in sorted(chat.bot_messages(), key=lambda m: m.message_id)]

    def transcript(self, chat_id: int) -> str:
        chat = self.state.chats.get(chat_id)
        return describe_chat(self.state, chat) if chat else f"chat {chat_id} unknown"

    # -- updates ---------------------------------------------------------------------

    def inject_many(self, updates: Iterable[dict[str, Any]]) -> list[int]:
        """Queue many raw updates at once (``{"message": {...}}``); returns update ids.

        Build them with :meth:`EmulatedUser.message_update`.  One notification for the
        whole batch keeps this fast for benchmarks.
        """
        ids = []
        for update in updates:
            kinds = [k for k in update if k != "update_id"]
            if len(kinds) != 1:
                raise ValueError(f"an update has exactly one payload field, got {kinds}")
            ids.append(self.state.enqueue(kinds[0], copy.deepcopy(update[kinds[0]])).update_id)
        self.state.changed()
        return ids

    async def wait_idle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Return once all updates were fetched and the bot was quiet for ``quiet`` s.

        A quiescence window, not a sleep: use it before asserting that the bot did
        *not* do something.  See :func:`views.wait_idle` for its one blind spot.
        """
        await wait_idle(self.state, quiet, timeout)

    # -- webhook ---------------------------------------------------------------------

    @property
    def webhook_url(self) -> str:
        """The URL set with ``setWebhook`` ("" while the bot long-polls)."""
        return self.state.webhook_url

    @property
    def webhook_posts(self) -> list[WebhookPost]:
        """Every POST to the webhook so far, with its answer (None: failed or timed out)."""
        return list(self.state.webhook_posts)

    def repost_after_answer(self, *update_ids: int) -> None:
        """Post these updates once more after their answer, as Telegram does when it lost
        the answer of a POST the bot had handled."""
        self.state.webhook_reposts.update(update_ids)

    async def wait_webhook(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until the bot has set a webhook (it is "online" in webhook mode)."""
        if not await self.state.signal.wait_for(lambda: bool(self.state.webhook_url), timeout):
            raise AssertionError(f"the bot did not set a webhook within {timeout}s")

    async def wait_polling(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until the bot has a long-poll ``getUpdates`` waiting (it is "online")."""
        if not await self.state.signal.wait_for(lambda: self.state.waiting_polls > 0, timeout):
            raise AssertionError(f"the bot did not start long polling within {timeout}s")

    async def wait_sent(self, count: int, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until the bot has had ``count`` sends accepted in total."""
        stats = self.state.stats
        if not await self.state.signal.wait_for(lambda: stats.sends_accepted >= count, timeout):
            raise AssertionError(
                f"the bot sent {stats.sends_accepted} messages, expected {count} within {timeout}s"
            )

    # -- inspection ------------------------------------------------------------------

    @property
    def stats(self) -> Stats:
        return self.state.stats

    @property
    def calls(self) -> list[ApiCall]:
        """Every API request the bot made, in order."""
        return self.state.calls

    def calls_to(self, method: str) -> list[ApiCall]:
        return [c for c in self.state.calls if c.method.lower() == method.lower()]

    @property
    def internal_errors(self) -> list[str]:
        """Exceptions inside the emulator itself (bugs here, not in the bot)."""
        return self.state.internal_errors

    @property
    def errors(self) -> list[ApiCall]:
        """Requests the emulator refused (status other than 200)."""
        return [c for c in self.state.calls if c.status != 200]

    def commands(
        self, language_code: str | None = None, scope: dict[str, Any] | None = None
    ) -> list[tuple[str, str]]:
        """Commands set by setMyCommands for this scope and language."""
        key = (scope_key(scope), language_code or "")
        return [(c["command"], c["description"]) for c in self.state.commands.get(key, [])]

    @property
    def callbacks(self) -> list[CallbackRecord]:
        return list(self.state.callbacks.values())

    def unanswered_callbacks(self, delivered_only: bool = False) -> list[CallbackRecord]:
        """Callback queries the bot never answered (every button press needs an answer)."""
        return [
            c
            for c in self.state.callbacks.values()
            if not c.answered and (c.delivered_at is not None or not delivered_only)
        ]

    @property
    def pending_updates(self) -> int:
        return len(self.state.updates)

    # -- failure injection -----------------------------------------------------------

    def set_limits(self, limits: Limits) -> None:
        """Switch flood control (counters in :attr:`stats` are kept)."""
        self.state.flood = FloodControl(limits, self.state.stats)

    def fail_chat(self, chat_id: int, failure: str | ApiError | None) -> None:
        """Make every request about ``chat_id`` fail: "blocked", "not_found",
        "deactivated", "kicked", "cant_initiate", an :class:`ApiError`, or None to heal."""
        if failure is None:
            self.state.chat_failures.pop(chat_id, None)
            return
        error = CHAT_FAILURES[failure] if isinstance(failure, str) else failure
        self.state.chat_failures[chat_id] = error

    def inject_faults(
        self,
        count: int,
        kind: str = "500",
        *,
        methods: Iterable[str] | None = None,
        after: bool = False,
    ) -> None:
        """Fail the next ``count`` requests (to ``methods``, or any).

        ``kind``: "500" (Telegram-shaped JSON error), "502" (an HTML gateway page) or
        "reset" (connection dropped, no response).  ``after=True`` processes the request
        first — the message *is* delivered but the bot never hears so — to test that
        retries do not duplicate messages.
        """
        if kind not in ("500", "502", "reset"):
            raise ValueError(f"unknown fault kind {kind!r}")
        names = frozenset(m.lower() for m in methods) if methods is not None else None
        self.state.faults.append(Fault(kind, count, names, after))
