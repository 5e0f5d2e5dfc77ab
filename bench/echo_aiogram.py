"""A bare aiogram echo bot: the baseline the real bot on aiogram is compared with.

Configured like the real bot: ``BOT_TOKEN``, ``TELEGRAM_API_BASE``, HTML parse mode, the same
task concurrency and INFO logging; SIGINT/SIGTERM stop it.
"""

from __future__ import annotations

import asyncio
import logging
import os

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import Message


async def main() -> None:
    """Echo every text message until stopped."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["TELEGRAM_API_BASE"]))
    bot = Bot(
        os.environ["BOT_TOKEN"],
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?", parse_mode=None)

    await dispatcher.start_polling(bot, tasks_concurrency_limit=256)


if __name__ == "__main__":
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    asyncio.run(main())
