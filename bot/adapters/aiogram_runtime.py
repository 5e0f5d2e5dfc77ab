"""The aiogram 3 door: updates become core events, replies become Bot API calls.

``build_router`` gives a fresh Router each call (a Router can be attached only once), so a
host bot can mount the checklist next to its own handlers and every test gets its own.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    TelegramObject,
)

from bot.adapters.commands import command_menus
from bot.adapters.delivery import answer_press, deliver
from bot.adapters.message_kinds import event_from_text_or_kind
from bot.chat_service import ChatService
from bot.config import Settings
from bot.content.model import Content
from bot.core.events import Incoming, Press
from bot.core.replies import Button
from bot.errors import EditFailed, RecipientBlocked, RecipientGone, RetryLater, TransientFailure

log = logging.getLogger(__name__)
Rows = tuple[tuple[Button, ...], ...]
MEDIA_KINDS = (
    "sticker",
    "photo",
    "voice",
    "audio",
    "video",
    "video_note",
    "document",
    "animation",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
)


@contextmanager
def mapped_errors() -> Iterator[None]:
    """Translate aiogram's exceptions into the bot's own (bot.errors)."""
    try:
        yield
    except TelegramRetryAfter as exc:
        raise RetryLater(float(exc.retry_after)) from exc
    except TelegramForbiddenError as exc:
        raise RecipientBlocked(exc.message) from exc
    except TelegramBadRequest as exc:
        text = exc.message.lower()
        if "chat not found" in text or "user is deactivated" in text:
            raise RecipientGone(exc.message) from exc
        if "message is not modified" in text:
            raise EditFailed(exc.message, unchanged=True) from exc
        if "message to edit not found" in text or "can't be edited" in text:
            raise EditFailed(exc.message, unchanged=False) from exc
        raise
    except (TelegramNetworkError, TelegramServerError) as exc:
        raise TransientFailure(str(exc)) from exc


def _markup(buttons: Rows) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=b.label, callback_data=b.data) for b in row]
            for row in buttons
        ]
    )


class AiogramChatApi:
    """:class:`bot.adapters.delivery.ChatApi` over an aiogram Bot."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def send(self, chat_id: int, text: str, buttons: Rows) -> int:
        with mapped_errors():
            message = await self._bot.send_message(chat_id, text, reply_markup=_markup(buttons))
        return message.message_id

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Rows) -> None:
        with mapped_errors():
            await self._bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=message_id, reply_markup=_markup(buttons)
            )

    async def answer_press(self, press_id: str, toast: str | None) -> None:
        with mapped_errors():
            await self._bot.answer_callback_query(press_id, text=toast)


def _addressed_elsewhere(text: str | None, username: str | None) -> bool:
    """``/start@other_bot`` in a group is for another bot."""
    if not text or not text.startswith("/"):
        return False
    target = text.split()[0].partition("@")[2]
    return bool(target) and (username or "").lower() != target.lower()


def build_router(chat: ChatService, settings: Settings) -> Router:
    """A fresh Router with the whole conversation; mount it on any Dispatcher."""
    router = Router(name="safe-job-abroad")

    async def on_message(message: Message, bot: Bot) -> None:
        if message.from_user is None or message.from_user.is_bot:
            return
        private = message.chat.type == "private"
        if not private and _addressed_elsewhere(message.text, (await bot.me()).username):
            return
        kind = next((k for k in MEDIA_KINDS if getattr(message, k, None) is not None), "other")
        event = event_from_text_or_kind(
            message.text or message.caption, kind, forwarded=message.forward_origin is not None
        )
        if event is None:
            return
        incoming = Incoming(
            event, message.from_user.language_code, settings.role_of(message.from_user.id)
        )
        outcome = await chat.handle(message.from_user.id, incoming, private=private)
        await deliver(AiogramChatApi(bot), message.chat.id, outcome)

    async def on_press(query: CallbackQuery, bot: Bot) -> None:
        api = AiogramChatApi(bot)
        private = query.message is not None and query.message.chat.type == "private"
        if not private or query.data is None:
            await answer_press(api, query.id, None)
            return
        incoming = Incoming(
            Press(query.data), query.from_user.language_code, settings.role_of(query.from_user.id)
        )
        outcome = await chat.handle(query.from_user.id, incoming)
        await answer_press(api, query.id, outcome.toast)
        await deliver(
            api, query.message.chat.id, outcome, pressed_message_id=query.message.message_id
        )

    router.message.register(on_message)
    router.edited_message.register(on_message)
    router.callback_query.register(on_press)
    return router


class InFlight:
    """Outer middleware counting updates being handled, so shutdown can let them finish."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        self._count += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self._count -= 1
            if self._count == 0:
                self._idle.set()

    async def wait_idle(self, patience: float = 20.0) -> None:
        """Wait until no update is being handled (bounded, so a stuck call cannot hang shutdown)."""
        try:
            await asyncio.wait_for(self._idle.wait(), patience)
        except TimeoutError:
            log.warning("stopped with %d update(s) still being handled", self._count)


async def register_commands(bot: Bot, content: Content) -> None:
    """``setMyCommands`` for every language Telegram has a code for, and a default in English."""
    for language_code, commands in command_menus(content):
        await bot.set_my_commands(
            [BotCommand(command=name, description=description) for name, description in commands],
            language_code=language_code,
        )


class AiogramBot:
    """The bot on aiogram: long polling until stopped; the store is closed by the caller."""

    def __init__(
        self, chat: ChatService, settings: Settings, content: Callable[[], Content]
    ) -> None:
        if settings.BOT_TOKEN is None:
            raise ValueError("BOT_TOKEN is required")
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.TELEGRAM_API_BASE))
        self.bot = Bot(
            settings.BOT_TOKEN.get_secret_value(),
            session=session,
            default=DefaultBotProperties(
                parse_mode=ParseMode.HTML, link_preview=LinkPreviewOptions(is_disabled=True)
            ),
        )
        self.dispatcher = Dispatcher()
        self._in_flight = InFlight()
        self.dispatcher.update.outer_middleware(self._in_flight)
        self.dispatcher.include_router(build_router(chat, settings))
        self._content = content
        self.started = asyncio.Event()

    async def run(self, *, handle_signals: bool = True) -> None:
        """Poll until SIGINT/SIGTERM (or :meth:`stop`); updates in flight are finished first."""

        async def on_startup() -> None:
            await register_commands(self.bot, self._content())
            self.started.set()

        async def on_shutdown() -> None:
            await self._in_flight.wait_idle()

        self.dispatcher.startup.register(on_startup)
        self.dispatcher.shutdown.register(on_shutdown)
        await self.dispatcher.start_polling(
            self.bot,
            handle_signals=handle_signals,
            close_bot_session=True,
            allowed_updates=["message", "edited_message", "callback_query", "my_chat_member"],
            tasks_concurrency_limit=256,
        )

    async def stop(self) -> None:
        """Ask polling to stop (as SIGTERM does); waits until polling has started first."""
        await self.started.wait()
        await self.dispatcher.stop_polling()
