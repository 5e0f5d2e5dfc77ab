"""The checklist mounted in someone else's bot, as docs/mounting.md shows, on both frameworks.

The host bot has its own ``/start``, ``/ping`` (with a button of its own) and a handler for
any text; with the checklist mounted (``catch_all=False``) all of those keep working and
``/check`` runs our flow.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram import InlineKeyboardButton as PtbButton
from telegram import InlineKeyboardMarkup as PtbMarkup
from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.adapters.aiogram_runtime import build_router
from bot.adapters.ptb_runtime import build_handlers
from bot.config import Settings
from bot.content.model import Content
from bot.services import Services, build_services
from tests.e2e.conftest import bot_settings
from tests.telegram_emulator import TelegramEmulator

HostBot = Callable[[TelegramEmulator, Services, Settings], AbstractAsyncContextManager[None]]


def host_router() -> Router:
    """An aiogram host bot's own handlers (its text handler takes anything, commands too)."""
    router = Router(name="host")

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer("host: welcome")

    @router.message(Command("ping"))
    async def ping(message: Message) -> None:
        again = InlineKeyboardButton(text="Ping again", callback_data="host:ping")
        await message.answer("pong", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[again]]))

    @router.callback_query(F.data == "host:ping")
    async def ping_again(query: CallbackQuery) -> None:
        await query.answer("pong")

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"host heard: {message.text}")

    return router


@asynccontextmanager
async def aiogram_host(
    emu: TelegramEmulator, services: Services, settings: Settings
) -> AsyncIterator[None]:
    bot = Bot(emu.token, session=AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url)))
    dp = Dispatcher()
    dp.include_router(
        build_router(services.chat, settings, catch_all=False, outbound=services.outbound)
    )
    dp.include_router(host_router())
    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False))
    await emu.wait_polling()
    try:
        yield
    finally:
        await dp.stop_polling()
        await polling


def host_handlers() -> list[object]:
    """A python-telegram-bot host bot's own handlers (its text handler takes commands too)."""

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("host: welcome")

    async def ping(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        again = PtbMarkup([[PtbButton("Ping again", callback_data="host:ping")]])
        await update.effective_message.reply_text("pong", reply_markup=again)

    async def ping_again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("pong")

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"host heard: {update.effective_message.text}")

    return [
        CommandHandler("start", start),
        CommandHandler("ping", ping),
        CallbackQueryHandler(ping_again, pattern="^host:ping$"),
        MessageHandler(filters.TEXT, echo),
    ]


@asynccontextmanager
async def ptb_host(
    emu: TelegramEmulator, services: Services, settings: Settings
) -> AsyncIterator[None]:
    app = (
        Application.builder()
        .token(emu.token)
        .base_url(f"{emu.base_url}/bot")
        .base_file_url(f"{emu.base_url}/file/bot")
        .concurrent_updates(True)
        .build()
    )
    app.add_handlers(
        build_handlers(services.chat, settings, catch_all=False, outbound=services.outbound),
        group=-1,
    )
    app.add_handlers(host_handlers())  # type: ignore[arg-type]
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling()
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()


HOSTS: dict[str, HostBot] = {"aiogram": aiogram_host, "ptb": ptb_host}


@pytest.fixture(params=sorted(HOSTS))
def host(request: pytest.FixtureRequest) -> HostBot:
    """A host bot on each framework, with the checklist mounted as docs/mounting.md shows."""
    return HOSTS[request.param]


async def test_host_handlers_keep_working_while_check_runs_our_flow(
    tg: TelegramEmulator,
    tmp_path: Path,
    content: Content,
    host: HostBot,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    settings = bot_settings(tg, tmp_path)
    services = await build_services(settings)
    user = tg.user(9001, language_code="en")
    en = content.language("en")
    try:
        async with host(tg, services, settings):
            await user.send("/start")
            assert (await user.expect_message()).text == "host: welcome"
            await user.send("/ping")
            pong = await user.expect_message()
            assert pong.text == "pong"
            press = await user.press("Ping again", message=pong)
            await user.expect_callback_answer(press)
            assert press.answer_text == "pong"

            await user.send("/check")
            intro = await user.expect_message()
            assert not intro.text.startswith("host"), "/check is ours, not the host's"
            question = await user.expect_message()
            assert "Question 1 of 20" in question.text
            first = content.checklist.questions[0]
            await user.press(en.text("checklist", first.id, "answers", first.answers[0].id))
            assert "Question 2 of 20" in (await user.expect_edit()).text

            await user.send("is this agent real?")
            assert (await user.expect_message()).text == "host heard: is this agent real?"
            await user.send("/ping@testbot")
            assert (await user.expect_message()).text == "pong"
            await tg.wait_idle()
    finally:
        await services.close()
    assert not tg.unanswered_callbacks(), "every button press must be answered"
    assert not tg.errors, "every request was accepted"
    crashes = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not crashes


async def test_in_groups_the_mounted_checklist_answers_only_its_own_commands(
    tg: TelegramEmulator,
    tmp_path: Path,
    host: HostBot,
) -> None:
    settings = bot_settings(tg, tmp_path)
    services = await build_services(settings)
    member = tg.user(9002, language_code="en")
    group = tg.group(-100900, title="Jobs Lahore")
    try:
        async with host(tg, services, settings):
            await group.send(member, "/check")
            assert "private chat" in (await group.expect_message()).text
            await group.send(member, "/ping@testbot")
            assert (await group.expect_message()).text == "pong"
            await group.send(member, "/start@testbot")
            assert (await group.expect_message()).text == "host: welcome"
    finally:
        await services.close()
