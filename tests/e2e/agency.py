"""What the agency tests share: the bot with an admin, and subscribers set up quickly."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
import pytest_asyncio

from bot.broadcast.enqueue import enqueue_broadcast
from bot.privacy import IdentityKeys
from bot.store.base import Store
from bot.store.broadcasts import Audience
from tests.e2e.conftest import RunningBot, bot_settings
from tests.telegram_emulator import TelegramEmulator
from tests.telegram_emulator.users import EmulatedUser

ADMIN = 9001


@asynccontextmanager
async def agency_bot_running(
    telegram: TelegramEmulator,
    data_dir: Path,
    caplog: pytest.LogCaptureFixture,
    framework: str,
    **settings: object,
) -> AsyncIterator[RunningBot]:
    """The bot with user :data:`ADMIN` in ``ADMIN_IDS``; afterwards nothing crashed."""
    caplog.set_level(logging.WARNING)
    values: dict[str, object] = {"BOT_FRAMEWORK": framework, "ADMIN_IDS": str(ADMIN)}
    values.update(settings)
    bot = RunningBot(bot_settings(telegram, data_dir, **values))
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()
    assert not telegram.unanswered_callbacks(), "every button press must be answered"
    crashes = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not crashes, f"errors while running: {[r.getMessage() for r in crashes]}"


@pytest_asyncio.fixture
async def agency_bot(
    telegram: TelegramEmulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    framework: str,
) -> AsyncIterator[RunningBot]:
    """The bot with user :data:`ADMIN` in ``ADMIN_IDS``, on each framework in turn."""
    async with agency_bot_running(telegram, tmp_path, caplog, framework) as bot:
        yield bot


async def queue_warning(
    bot: RunningBot, body: str = "<b>Warning</b>: fake call-centre jobs", **fields: object
) -> int:
    """Queue a broadcast to every subscriber as the command line does; returns its id."""
    assert bot.services is not None and bot.services.broadcasts is not None
    content = bot.services.content.current()
    info = await enqueue_broadcast(
        bot.services.store,
        content,
        {"en": body},
        audience=Audience(),
        actor="cli",
        start_at=time.time(),
        **fields,  # type: ignore[arg-type]
    )
    bot.services.broadcasts.wake()
    return info.id


def store_of(bot: RunningBot) -> tuple[Store, IdentityKeys]:
    assert bot.services is not None
    return bot.services.store, bot.services.keys


async def add_subscribers(
    bot: RunningBot,
    tg: TelegramEmulator,
    languages: dict[int, str],
    country: str | None = None,
) -> list[EmulatedUser]:
    """Users who once wrote to the bot and subscribed (set up in the store, for speed)."""
    store, keys = store_of(bot)
    users = []
    for chat_id, language in languages.items():
        users.append(tg.user(chat_id, language_code=language.split("-")[0], started=True))
        await store.subscribe(keys.chat_key(chat_id), keys.seal_chat(chat_id), language, country)
    return users


async def subscription_status(bot: RunningBot, chat_id: int) -> str | None:
    store, keys = store_of(bot)
    return await store.subscription_status(keys.chat_key(chat_id))


def sent_so_far(tg: TelegramEmulator) -> dict[int, int]:
    """Messages each chat has received until now (a baseline for :func:`wait_delivered`)."""
    return dict(tg.stats.per_chat)


async def wait_delivered(
    tg: TelegramEmulator,
    chats: Iterable[int],
    *,
    since: dict[int, int] | None = None,
    within: float = 30,
) -> None:
    """Wait until every chat in ``chats`` has received a message more than at ``since``."""
    wanted = list(chats)
    stats, before = tg.stats, since or {}
    if not await tg.state.signal.wait_for(
        lambda: all(stats.delivered_to(c) > before.get(c, 0) for c in wanted), within
    ):
        missing = [c for c in wanted if stats.delivered_to(c) <= before.get(c, 0)]
        raise AssertionError(f"{len(missing)} chats got nothing within {within}s: {missing[:10]}")
