"""The python-telegram-bot 22 door: the same conversation as the aiogram door.

What an update means and how an outcome is delivered is shared
(:mod:`bot.adapters.telegram_updates`, :mod:`bot.adapters.delivery`); this module registers
two handlers, maps PTB's errors into :mod:`bot.errors`, and runs long polling.
``build_handlers`` gives fresh handlers each call, so a host ``Application`` can mount the
checklist next to its own handlers.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from telegram import Bot as PtbBotApi
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputFile,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBDeprecationWarning

from bot.adapters.commands import command_menus, staff_menus
from bot.adapters.senders import ChatOf, Health
from bot.adapters.telegram_updates import (
    MOUNTED_COMMANDS,
    handle_inline,
    handle_member,
    handle_message,
    handle_press,
    is_our_command,
    is_our_press,
)
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

if TYPE_CHECKING:
    from bot.adapters.webhook import WebhookServer

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
ALLOWED_UPDATES = [
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "inline_query",
]
CONCURRENT_UPDATES = 256  # PTB handles one update at a time unless told otherwise
# httpcore looks at every pooled connection for each request it places, so PTB's default of
# 256 connections made a burst of replies cost more the bigger it was (bench/throughput.py:
# a third of the bot's CPU). A few dozen keep a local Bot API server or Telegram busy; the
# rest of a burst waits its turn for POOL_PATIENCE seconds instead of PTB's one second.
CONNECTIONS = 32
POOL_PATIENCE = 30.0


def retry_after_seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds, whether PTB gives an int or (``PTB_TIMEDELTA``) a timedelta."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


@contextmanager
def mapped_errors() -> Iterator[None]:
    """Translate python-telegram-bot's exceptions into the bot's own (bot.errors)."""
    try:
        yield
    except RetryAfter as exc:
        raise RetryLater(retry_after_seconds(exc)) from exc
    except Forbidden as exc:
        raise RecipientBlocked(exc.message) from exc
    except BadRequest as exc:  # before NetworkError: PTB's BadRequest is a NetworkError
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
    except NetworkError as exc:  # includes TimedOut and 5xx answers
        raise TransientFailure(exc.message) from exc


def _button(b: Button) -> InlineKeyboardButton:
    if b.switch_inline is not None:
        return InlineKeyboardButton(b.label, switch_inline_query=b.switch_inline)
    return InlineKeyboardButton(b.label, callback_data=b.data)


def _markup(buttons: Rows) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup([[_button(b) for b in row] for row in buttons])


class PtbChatApi:
    """:class:`bot.ports.ChatApi` over a python-telegram-bot Bot."""

    def __init__(self, bot: PtbBotApi) -> None:
        self._bot = bot

    # Parse mode and previews are passed on every call, not left to the Application's
    # Defaults: a host bot that mounts the checklist may have other defaults.
    async def send(self, chat_id: int, text: str, buttons: Rows) -> int:
        with mapped_errors():
            message = await self._bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
                reply_markup=_markup(buttons),
            )
        return message.message_id

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Rows) -> None:
        with mapped_errors():
            await self._bot.edit_message_text(
                text,
                chat_id=chat_id,
                message_id=message_id,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
                reply_markup=_markup(buttons),
            )

    async def answer_press(self, press_id: str, toast: str | None) -> None:
        with mapped_errors():
            await self._bot.answer_callback_query(press_id, text=toast)

    async def create_topic(self, chat_id: int, name: str) -> int:
        """:class:`bot.helpdesk.HelpdeskApi`: a forum topic for a new case."""
        with mapped_errors():
            topic = await self._bot.create_forum_topic(chat_id, name)
        return topic.message_thread_id

    async def send_to_topic(self, chat_id: int, thread_id: int, text: str) -> None:
        with mapped_errors():
            await self._bot.send_message(
                chat_id,
                text,
                message_thread_id=thread_id,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
            )

    async def close_topic(self, chat_id: int, thread_id: int) -> None:
        with mapped_errors():
            await self._bot.close_forum_topic(chat_id, thread_id)

    async def answer_inline(self, query_id: str, cards: tuple[Card, ...]) -> None:
        """:class:`bot.adapters.telegram_updates.InlineAnswers`: cards as article results."""
        results = [
            InlineQueryResultArticle(
                id=card.id,
                title=card.title,
                description=card.description,
                input_message_content=InputTextMessageContent(
                    card.html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
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
            return bytes(await found.download_as_bytearray())

    async def send_photo(self, chat_id: int, photo: bytes, caption: str, buttons: Rows) -> int:
        with mapped_errors():
            message = await self._bot.send_photo(
                chat_id,
                photo,
                caption=caption or None,
                parse_mode=ParseMode.HTML,
                reply_markup=_markup(buttons),
            )
        return message.message_id

    async def send_voice(
        self, chat_id: int, voice: bytes | str, duration: int, caption: str, buttons: Rows
    ) -> str:
        """A recording as a voice note (bytes are uploaded; a str is an earlier ``file_id``)."""
        note = InputFile(voice, filename="voice.ogg") if isinstance(voice, bytes) else voice
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

    async def send_text(
        self, chat_id: int, html: str, *, paid_broadcast: bool = False, buttons: Rows = ()
    ) -> None:
        """:class:`bot.ports.Sender`: one broadcast message."""
        with mapped_errors():
            await self._bot.send_message(
                chat_id,
                html,
                parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW,
                allow_paid_broadcast=paid_broadcast or None,
                reply_markup=_markup(buttons) if buttons else None,
            )


class _OurCommands(filters.MessageFilter):
    """Messages carrying one of the mounted checklist's commands, addressed to this bot."""

    def __init__(self, commands: frozenset[str]) -> None:
        super().__init__(name="safe_job_abroad_commands")
        self._commands = commands

    def filter(self, message: Message) -> bool:
        return is_our_command(message, message.get_bot().username, self._commands)


def build_handlers(
    chat: ChatService,
    settings: Settings,
    *,
    catch_all: bool = True,
    commands: frozenset[str] = MOUNTED_COMMANDS,
    outbound: Outbound = as_is,
) -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, None]]:
    """Fresh handlers with the whole conversation; add them to any ``Application``.

    ``catch_all=True`` (the bot on its own) answers every message and button press.
    ``catch_all=False`` (mounted in a host bot) takes only ``commands`` (by default
    :data:`~bot.adapters.telegram_updates.MOUNTED_COMMANDS`: not ``/start`` or ``/help``)
    and presses of the checklist's own buttons; everything else goes on to the host's handlers.
    Add them in a group before the host's (``app.add_handlers(..., group=-1)``).
    Replies go out through ``outbound`` (``Services.outbound``: the shared send budget).
    """

    # An update these handlers took goes no further (ApplicationHandlerStop), as with
    # aiogram's first match: a host's handlers in later groups must not answer it again.
    async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message or update.edited_message
        if message is not None:
            username = None if message.chat.type == "private" else context.bot.username
            api = PtbChatApi(context.bot)
            await handle_message(chat, api, message, username, settings.role_of, outbound=outbound)
        raise ApplicationHandlerStop

    async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.callback_query is not None:
            api = PtbChatApi(context.bot)
            await handle_press(
                chat,
                api,
                update.callback_query,
                settings.role_of,
                username=context.bot.username,
                outbound=outbound,
            )
        raise ApplicationHandlerStop

    async def on_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        member = update.my_chat_member
        if member is not None:
            status = member.new_chat_member.status
            await handle_member(chat, member.chat.id, member.chat.type, status)
        raise ApplicationHandlerStop

    async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.inline_query is not None:
            api = PtbChatApi(context.bot)
            await handle_inline(chat, api, update.inline_query, context.bot.username)
        raise ApplicationHandlerStop

    messages = filters.UpdateType.MESSAGE | filters.UpdateType.EDITED_MESSAGE
    if catch_all:
        return [
            MessageHandler(messages, on_message),
            CallbackQueryHandler(on_press),
            InlineQueryHandler(on_inline),
            ChatMemberHandler(on_member, ChatMemberHandler.MY_CHAT_MEMBER),
        ]
    return [
        MessageHandler(messages & _OurCommands(commands), on_message),
        CallbackQueryHandler(on_press, pattern=is_our_press),
    ]


async def register_admin_commands(
    bot: PtbBotApi, content: Content, admin_ids: list[int], reviewer_ids: list[int] | None = None
) -> None:
    """Staff commands in each admin's or reviewer's own chat only (a chat scope), never for
    everyone."""
    for admin_id, menu in staff_menus(content, admin_ids, reviewer_ids or []):
        commands = [BotCommand(name, text) for name, text in menu]
        try:
            with mapped_errors():
                await bot.set_my_commands(commands, scope=BotCommandScopeChat(admin_id))
        except Exception as exc:  # an admin who never opened the bot: no chat to scope to yet
            log.warning("admin commands not set for one admin: %s", exc)


async def register_commands(bot: PtbBotApi, content: Content) -> None:
    """``setMyCommands`` for every language Telegram has a code for, and a default in English."""
    for language_code, commands in command_menus(content):
        await bot.set_my_commands(
            [BotCommand(name, description) for name, description in commands],
            language_code=language_code,
        )


async def _always_healthy() -> bool:
    return True


class PtbBot:
    """The bot on python-telegram-bot: long polling until stopped; the caller closes the store."""

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
        # httpx logs every request's URL at INFO, and PTB's URLs contain the token.
        httpx_log = logging.getLogger("httpx")
        if httpx_log.level == logging.NOTSET:
            httpx_log.setLevel(logging.WARNING)
        base = settings.TELEGRAM_API_BASE
        builder = (
            Application.builder()
            .token(settings.BOT_TOKEN.get_secret_value())
            .base_url(f"{base}/bot")
            .base_file_url(f"{base}/file/bot")
            .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW))
            .concurrent_updates(CONCURRENT_UPDATES)
            .connection_pool_size(CONNECTIONS)
            .pool_timeout(POOL_PATIENCE)
        )
        if settings.WEBHOOK_URL:  # updates come from our own HTTP server, not PTB's Updater
            builder = builder.updater(None)
        self.application = builder.build()
        self.application.add_handlers(build_handlers(chat, settings, outbound=outbound))
        self._jobs = tuple(jobs)
        self._admin_ids = list(settings.ADMIN_IDS)
        self._reviewer_ids = list(settings.REVIEWER_IDS)
        self._content = content
        self._stop = asyncio.Event()
        self.started = asyncio.Event()

    async def run(self, *, handle_signals: bool = True) -> None:
        """Poll until SIGINT/SIGTERM (or :meth:`stop`); updates in flight are finished first."""
        app = self.application
        loop = asyncio.get_running_loop()
        signals = (signal.SIGINT, signal.SIGTERM) if handle_signals else ()
        for signum in signals:
            loop.add_signal_handler(signum, self._stop.set)
        try:
            async with app:  # initialize() ... shutdown(): getMe, then closing the HTTP pools
                await register_commands(app.bot, self._content())
                await register_admin_commands(
                    app.bot, self._content(), self._admin_ids, self._reviewer_ids
                )
                await app.start()
                server = await self._start_updates()
                api = PtbChatApi(app.bot)
                for job in self._jobs:
                    await job.start(api)
                self.started.set()
                try:
                    await self._stop.wait()
                finally:
                    log.info("stopping: no new updates; finishing those in flight")
                    if server is not None:
                        await server.stop()
                    elif app.updater is not None:
                        await app.updater.stop()
                    for job in reversed(self._jobs):  # the last started first
                        await job.stop()
                    await app.stop()  # waits for every update already fetched
        finally:
            for signum in signals:
                with suppress(ValueError, RuntimeError):
                    loop.remove_signal_handler(signum)

    async def _start_updates(self) -> WebhookServer | None:
        """Long polling; or, with ``WEBHOOK_URL``, our webhook server feeding the Application.

        ``Application.process_update`` returns once the handlers are done, so the POST is
        answered only after the update was handled (PTB's own webhook answers at once, when
        the update is merely queued in memory).
        """
        app, settings = self.application, self._settings
        if not settings.WEBHOOK_URL:
            assert app.updater is not None
            await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
            return None
        # Imported here: a polling bot never loads aiohttp's server (PTB itself uses httpx).
        from bot.adapters.webhook import WEBHOOK_CONNECTIONS, WebhookServer

        secret = settings.WEBHOOK_SECRET.get_secret_value() if settings.WEBHOOK_SECRET else None

        async def feed(data: dict[str, Any]) -> None:
            update = Update.de_json(data, app.bot)
            if update is not None:
                await app.process_update(update)

        server = WebhookServer(
            path=settings.webhook_path,
            secret=secret,
            listen=settings.listen,
            feed=feed,
            gate=self._gate,
            chat_of=self._chat_of,
            health=self._health,
        )
        await server.start()
        await app.bot.set_webhook(
            settings.WEBHOOK_URL,
            secret_token=secret,
            allowed_updates=ALLOWED_UPDATES,
            max_connections=WEBHOOK_CONNECTIONS,
        )
        return server

    async def stop(self) -> None:
        """Ask polling to stop (as SIGTERM does); waits until polling has started first."""
        await self.started.wait()
        self._stop.set()
