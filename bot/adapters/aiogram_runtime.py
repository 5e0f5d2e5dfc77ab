"""The aiogram 3 door: updates become core events, replies become Bot API calls.

``build_router`` gives a fresh Router each call (a Router can be attached only once), so a
host bot can mount the checklist next to its own handlers and every test gets its own.
What an update means and how an outcome is delivered is shared with the python-telegram-bot
door (:mod:`bot.adapters.telegram_updates`); this module only registers and maps errors.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods.base import Response
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultUnion,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    TelegramObject,
    Update,
    User,
)

from bot.adapters.aiogram_methods import EditText, SendText, pinned_lean_responses
from bot.adapters.bot_api_json import keyboard_json
from bot.adapters.commands import command_menus, staff_menus
from bot.adapters.telegram_updates import (
    MOUNTED_COMMANDS,
    handle_inline,
    handle_member,
    handle_message,
    handle_press,
    is_our_command,
    is_our_press,
)
from bot.adapters.webhook import WEBHOOK_CONNECTIONS, ChatOf, Health, WebhookServer
from bot.chat_service import ChatService
from bot.config import Settings
from bot.content.model import Content
from bot.core.replies import Button
from bot.core.sharing import Card
from bot.errors import (
    EditFailed,
    FileRejected,
    RecipientBlocked,
    RecipientGone,
    RetryLater,
    TransientFailure,
    VoiceRefused,
)
from bot.ports import BackgroundJob, Outbound, Rows, as_is
from bot.replicas.gate import LocalGate, UpdateGate

log = logging.getLogger(__name__)
ALLOWED_UPDATES = [
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "inline_query",
]
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


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
        if "wrong file identifier" in text or "invalid file_id" in text:
            raise FileRejected(exc.message) from exc
        if "voice_messages_forbidden" in text:
            raise VoiceRefused(exc.message) from exc
        raise
    except (TelegramNetworkError, TelegramServerError) as exc:
        raise TransientFailure(str(exc)) from exc
    except ClientDecodeError as exc:  # a proxy's HTML error page instead of Telegram's JSON
        raise TransientFailure(str(exc)) from exc


def _button(b: Button) -> InlineKeyboardButton:
    if b.switch_inline is not None:
        return InlineKeyboardButton(text=b.label, switch_inline_query=b.switch_inline)
    return InlineKeyboardButton(text=b.label, callback_data=b.data)


@lru_cache(maxsize=4096)
def _markup(buttons: Rows) -> InlineKeyboardMarkup | None:
    """The keyboard of ``buttons``; cached, as most replies carry one of a few menus."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[[_button(b) for b in row] for row in buttons])


class AiogramChatApi:
    """:class:`bot.ports.ChatApi` over an aiogram Bot."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    # Parse mode and previews are passed on every call, not left to the Bot's defaults: a
    # host bot that mounts the checklist may have other defaults.
    async def send(self, chat_id: int, text: str, buttons: Rows) -> int:
        with mapped_errors():
            sent = await self._bot(
                SendText(chat_id=chat_id, text=text, reply_markup=keyboard_json(buttons))
            )
        return sent.message_id

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Rows) -> None:
        with mapped_errors():
            await self._bot(
                EditText(
                    chat_id=chat_id,
                    message_id=message_id,
                    text=text,
                    reply_markup=keyboard_json(buttons),
                )
            )

    async def answer_press(self, press_id: str, toast: str | None) -> None:
        with mapped_errors():
            await self._bot.answer_callback_query(press_id, text=toast)

    async def send_photo(self, chat_id: int, photo: bytes, caption: str, buttons: Rows) -> int:
        with mapped_errors():
            message = await self._bot.send_photo(
                chat_id,
                BufferedInputFile(photo, filename="stats.png"),
                caption=caption or None,
                parse_mode=ParseMode.HTML,
                reply_markup=_markup(buttons),
            )
        return message.message_id

    async def send_voice(
        self, chat_id: int, voice: bytes | str, duration: int, caption: str, buttons: Rows
    ) -> str:
        """A recording as a voice note (bytes are uploaded; a str is an earlier ``file_id``)."""
        note = BufferedInputFile(voice, filename="voice.ogg") if isinstance(voice, bytes) else voice
        with mapped_errors():
            message = await self._bot.send_voice(
                chat_id,
                note,
                caption=caption or None,
                parse_mode=ParseMode.HTML,
                duration=duration,
                reply_markup=_markup(buttons),
            )
        if message.voice is None:  # Telegram sends other audio as a document: not ours
            raise TransientFailure("Telegram did not keep the recording as a voice note")
        return message.voice.file_id

    async def create_topic(self, chat_id: int, name: str) -> int:
        """:class:`bot.helpdesk.HelpdeskApi`: a forum topic for a new case."""
        with mapped_errors():
            topic = await self._bot.create_forum_topic(chat_id, name)
        return topic.message_thread_id

    async def send_to_topic(self, chat_id: int, thread_id: int, text: str) -> None:
        with mapped_errors():
            await self._bot(SendText(chat_id=chat_id, text=text, message_thread_id=thread_id))

    async def close_topic(self, chat_id: int, thread_id: int) -> None:
        with mapped_errors():
            await self._bot.close_forum_topic(chat_id, thread_id)

    async def answer_inline(self, query_id: str, cards: tuple[Card, ...]) -> None:
        """:class:`bot.adapters.telegram_updates.InlineAnswers`: cards as article results."""
        results: list[InlineQueryResultUnion] = [
            InlineQueryResultArticle(
                id=card.id,
                title=card.title,
                description=card.description,
                input_message_content=InputTextMessageContent(
                    message_text=card.html,
                    parse_mode=ParseMode.HTML,
                    link_preview_options=NO_PREVIEW,
                ),
            )
            for card in cards
        ]
        with mapped_errors():
            await self._bot.answer_inline_query(query_id, results, cache_time=0, is_personal=True)

    async def download(self, file_id: str) -> bytes:
        """A file a user sent, through getFile and ``{base}/file/bot{token}/{path}``, in memory."""
        with mapped_errors():
            found = await self._bot.get_file(file_id)
            if found.file_path is None:
                return b""
            buffer = await self._bot.download_file(found.file_path)
        return buffer.read() if buffer is not None else b""

    async def send_text(
        self, chat_id: int, html: str, *, paid_broadcast: bool = False, buttons: Rows = ()
    ) -> None:
        """:class:`bot.ports.Sender`: one broadcast message."""
        with mapped_errors():
            await self._bot(
                SendText(
                    chat_id=chat_id,
                    text=html,
                    allow_paid_broadcast=paid_broadcast or None,
                    reply_markup=keyboard_json(buttons),
                )
            )


def build_router(
    chat: ChatService,
    settings: Settings,
    *,
    catch_all: bool = True,
    commands: frozenset[str] = MOUNTED_COMMANDS,
    outbound: Outbound = as_is,
) -> Router:
    """A fresh Router with the whole conversation; mount it on any Dispatcher.

    ``catch_all=True`` (the bot on its own) answers every message and button press.
    ``catch_all=False`` (mounted in a host bot) takes only ``commands`` (by default
    :data:`~bot.adapters.telegram_updates.MOUNTED_COMMANDS`: not ``/start`` or ``/help``)
    and presses of the checklist's own buttons; everything else goes on to the host's handlers.
    Replies go out through ``outbound`` (``Services.outbound``: the shared send budget).
    """
    router = Router(name="safe-job-abroad")

    async def on_message(message: Message, bot: Bot) -> None:
        username = None if message.chat.type == "private" else (await bot.me()).username
        await handle_message(
            chat, AiogramChatApi(bot), message, username, settings.role_of, outbound=outbound
        )

    async def on_press(query: CallbackQuery, bot: Bot) -> None:
        username = (await bot.me()).username
        await handle_press(
            chat,
            AiogramChatApi(bot),
            query,
            settings.role_of,
            username=username,
            outbound=outbound,
        )

    async def on_inline(query: InlineQuery, bot: Bot) -> None:
        await handle_inline(chat, AiogramChatApi(bot), query, (await bot.me()).username)

    async def on_member(update: ChatMemberUpdated) -> None:
        await handle_member(chat, update.chat.id, update.chat.type, update.new_chat_member.status)

    if catch_all:
        router.my_chat_member.register(on_member)
        router.message.register(on_message)
        router.edited_message.register(on_message)
        router.callback_query.register(on_press)
        router.inline_query.register(on_inline)
        return router

    async def ours(message: Message, bot: Bot) -> bool:
        return is_our_command(message, (await bot.me()).username, commands)

    def our_press(query: CallbackQuery) -> bool:
        return is_our_press(query.data)

    router.message.register(on_message, ours)
    router.edited_message.register(on_message, ours)
    router.callback_query.register(on_press, our_press)
    return router


class InFlight:
    """Outer middleware: at most ``limit`` updates handled at once, and shutdown lets them finish.

    The limit lives here and not in ``start_polling(tasks_concurrency_limit=...)`` on purpose:
    aiogram's limit blocks its polling loop in the middle of a fetched batch, and stopping then
    drops the rest of the batch unconfirmed, so after a restart Telegram sends it again and
    users get answers twice. Without it every fetched update becomes a task at once (as with
    python-telegram-bot's ``concurrent_updates``), each waits here for a slot, and the next
    ``getUpdates`` confirms the whole batch.
    """

    def __init__(self, limit: int = 256) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._slots = asyncio.Semaphore(limit)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        self._count += 1
        self._idle.clear()
        try:
            async with self._slots:
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


async def register_admin_commands(
    bot: Bot, content: Content, admin_ids: list[int], reviewer_ids: list[int] | None = None
) -> None:
    """Staff commands in each admin's or reviewer's own chat only (a chat scope), never for
    everyone."""
    for admin_id, menu in staff_menus(content, admin_ids, reviewer_ids or []):
        commands = [BotCommand(command=name, description=text) for name, text in menu]
        try:
            with mapped_errors():
                await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id=admin_id))
        except Exception as exc:  # an admin who never opened the bot: no chat to scope to yet
            log.warning("admin commands not set for one admin: %s", exc)


async def register_commands(bot: Bot, content: Content) -> None:
    """``setMyCommands`` for every language Telegram has a code for, and a default in English."""
    for language_code, commands in command_menus(content):
        await bot.set_my_commands(
            [BotCommand(command=name, description=description) for name, description in commands],
            language_code=language_code,
        )


async def _always_healthy() -> bool:
    return True


def pinned_response_types() -> tuple[type, ...]:
    """Keep aiogram's ``Response[...]`` classes of the calls the bot makes alive.

    aiogram builds ``Response[Message]`` on every call; pydantic caches that class only
    weakly, so whenever the garbage collector ran in between it is built again, schema and
    all (about 10 ms each; a quarter of the bot's CPU under load, measured with cProfile on
    bench/throughput.py). Holding them here makes every later lookup a cache hit.
    """
    kinds = (Message, bool, list[Update], User)
    return (*(Response[kind] for kind in kinds), *pinned_lean_responses())  # type: ignore[misc,valid-type]


class AiogramBot:
    """The bot on aiogram: long polling until stopped; the store is closed by the caller."""

    def __init__(
        self,
        chat: ChatService,
        settings: Settings,
        content: Callable[[], Content],
        *,
        jobs: Sequence[BackgroundJob] = (),
        gate: UpdateGate | None = None,
        health: Health | None = None,
        chat_of: ChatOf | None = None,
        outbound: Outbound = as_is,
    ) -> None:
        if settings.BOT_TOKEN is None:
            raise ValueError("BOT_TOKEN is required")
        self._settings = settings
        self._gate = gate or LocalGate()
        self._health = health or _always_healthy
        self._chat_of = chat_of or (lambda update: None)
        self._stop_webhook = asyncio.Event()
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.TELEGRAM_API_BASE))
        self.bot = Bot(
            settings.BOT_TOKEN.get_secret_value(),
            session=session,
            default=DefaultBotProperties(
                parse_mode=ParseMode.HTML, link_preview=LinkPreviewOptions(is_disabled=True)
            ),
        )
        self._pinned = pinned_response_types()
        # The conversation keeps its state in our store; aiogram's FSM would only cost a
        # storage lookup per update.
        self.dispatcher = Dispatcher(disable_fsm=True)
        self._in_flight = InFlight()
        self.dispatcher.update.outer_middleware(self._in_flight)
        self.dispatcher.include_router(build_router(chat, settings, outbound=outbound))
        self._jobs = tuple(jobs)
        self._admin_ids = list(settings.ADMIN_IDS)
        self._reviewer_ids = list(settings.REVIEWER_IDS)
        self._content = content
        self.started = asyncio.Event()

    async def run(self, *, handle_signals: bool = True) -> None:
        """Poll (or, with ``WEBHOOK_URL``, serve the webhook) until SIGINT/SIGTERM or
        :meth:`stop`; updates in flight are finished first."""

        async def on_startup() -> None:
            await register_commands(self.bot, self._content())
            await register_admin_commands(
                self.bot, self._content(), self._admin_ids, self._reviewer_ids
            )
            api = AiogramChatApi(self.bot)
            for job in self._jobs:
                await job.start(api)
            self.started.set()

        async def on_shutdown() -> None:
            for job in reversed(self._jobs):  # the last started first
                await job.stop()
            await self._in_flight.wait_idle()

        self.dispatcher.startup.register(on_startup)
        self.dispatcher.shutdown.register(on_shutdown)
        if self._settings.WEBHOOK_URL:
            await self._serve_webhook(handle_signals)
            return
        # A webhook left from an earlier run would make every getUpdates a 409.
        await self.bot.delete_webhook()
        await self.dispatcher.start_polling(
            self.bot,
            handle_signals=handle_signals,
            close_bot_session=True,
            allowed_updates=ALLOWED_UPDATES,
        )

    async def _serve_webhook(self, handle_signals: bool) -> None:
        """Webhook mode: set the webhook, answer each POST once its update is handled."""
        settings = self._settings
        secret = settings.WEBHOOK_SECRET.get_secret_value() if settings.WEBHOOK_SECRET else None

        async def feed(update: dict[str, Any]) -> None:
            await self.dispatcher.feed_raw_update(self.bot, update)

        server = WebhookServer(
            path=settings.webhook_path,
            secret=secret,
            listen=settings.listen,
            feed=feed,
            gate=self._gate,
            chat_of=self._chat_of,
            health=self._health,
        )
        loop = asyncio.get_running_loop()
        signals = (signal.SIGINT, signal.SIGTERM) if handle_signals else ()
        for signum in signals:
            loop.add_signal_handler(signum, self._stop_webhook.set)
        try:
            await server.start()
            try:
                await self.bot.set_webhook(
                    settings.WEBHOOK_URL or "",
                    secret_token=secret,
                    allowed_updates=ALLOWED_UPDATES,
                    max_connections=WEBHOOK_CONNECTIONS,
                )
                await self.dispatcher.emit_startup(bot=self.bot)
                try:
                    await self._stop_webhook.wait()
                finally:
                    log.info("stopping: no new updates; finishing those in flight")
                    await server.stop()
                    await self.dispatcher.emit_shutdown(bot=self.bot)
            finally:
                await server.stop()
                await self.bot.session.close()
        finally:
            for signum in signals:
                with suppress(ValueError, RuntimeError):
                    loop.remove_signal_handler(signum)

    async def stop(self) -> None:
        """Ask polling (or the webhook server) to stop, as SIGTERM does; waits until started."""
        await self.started.wait()
        if self._settings.WEBHOOK_URL:
            self._stop_webhook.set()
            return
        await self.dispatcher.stop_polling()
