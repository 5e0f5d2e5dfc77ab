"""Forum topics in the emulator are as strict as Telegram's, for a real aiogram client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest

from tests.telegram_emulator import TelegramEmulator
from tests.telegram_emulator.fixtures import telegram  # noqa: F401

FORUM = -1009990001


@pytest_asyncio.fixture
async def bot(telegram: TelegramEmulator) -> AsyncIterator[Bot]:  # noqa: F811
    session = AiohttpSession(api=TelegramAPIServer.from_base(telegram.base_url))
    client = Bot(telegram.token, session=session)
    try:
        yield client
    finally:
        await client.session.close()


async def test_a_topic_is_created_and_messages_land_in_it(
    telegram: TelegramEmulator,  # noqa: F811
    bot: Bot,
) -> None:
    desk = telegram.forum(FORUM)
    topic = await bot.create_forum_topic(FORUM, "Case 1")
    assert desk.topics() == {topic.message_thread_id: "Case 1"}
    sent = await bot.send_message(FORUM, "hello", message_thread_id=topic.message_thread_id)
    assert sent.message_thread_id == topic.message_thread_id and sent.is_topic_message
    await bot.close_forum_topic(FORUM, topic.message_thread_id)
    with pytest.raises(TelegramBadRequest, match="TOPIC_CLOSED"):
        await bot.send_message(FORUM, "late", message_thread_id=topic.message_thread_id)


async def test_what_telegram_refuses_is_refused(
    telegram: TelegramEmulator,  # noqa: F811
    bot: Bot,
) -> None:
    telegram.group(-1009990002, "Plain supergroup")
    with pytest.raises(TelegramBadRequest, match="not a forum"):
        await bot.create_forum_topic(-1009990002, "Case 1")
    telegram.forum(FORUM)
    with pytest.raises(TelegramBadRequest, match="TOPIC_NAME_INVALID"):
        await bot.create_forum_topic(FORUM, "x" * 129)
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(FORUM, "lost", message_thread_id=4242)
