"""`python -m bot run` killed with SIGKILL in the middle of a broadcast, then started again.

Counted in the emulator, chat by chat: nobody is missed, and the only messages sent twice
are those that were in flight at the kill (sent, but their answer never recorded).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.broadcast.cli import wait_for
from bot.broadcast.enqueue import enqueue_broadcast
from bot.content.model import Content
from bot.privacy import IdentityKeys
from bot.store import open_store
from bot.store.broadcasts import Audience
from tests.conftest import ROOT
from tests.e2e.agency import wait_delivered
from tests.telegram_emulator import TelegramEmulator
from tests.telegram_emulator.limits import Limits

DATA_KEY = "crash-test-data-key-0123456789abcdef"
CHATS = list(range(25_000, 25_300))

pytestmark = pytest.mark.slow


def bot_env(telegram: TelegramEmulator, database_url: str, framework: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"ADMIN_IDS", "BROADCAST_RATE"}}
    env.update(
        BOT_TOKEN=telegram.token,
        TELEGRAM_API_BASE=telegram.base_url,
        DATABASE_URL=database_url,
        DATA_KEY=DATA_KEY,
        BOT_FRAMEWORK=framework,
        PYTHONUNBUFFERED="1",
        PTB_TIMEDELTA="true",
    )
    return env


@asynccontextmanager
async def bot_process(
    telegram: TelegramEmulator, env: dict[str, str], log: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """`python -m bot run`, polling the emulator; stopped with SIGTERM unless killed."""
    with log.open("ab") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, cwd=ROOT, stdout=output, stderr=output
        )
    try:
        await telegram.wait_polling(timeout=30)
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            await asyncio.wait_for(process.wait(), 30)


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_kill_9_mid_broadcast_misses_nobody_and_repeats_only_what_was_in_flight(
    telegram: TelegramEmulator, tmp_path: Path, content: Content, framework: str
) -> None:
    telegram.set_limits(Limits.telegram())
    keys = IdentityKeys(DATA_KEY)
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    store = await open_store(url)
    for chat in CHATS:
        telegram.user(chat, language_code="en", started=True)
        await store.subscribe(keys.chat_key(chat), keys.seal_chat(chat), "en")
    info = await enqueue_broadcast(
        store,
        content,
        {"en": "<b>Warning</b>: fake call-centre jobs in Thailand"},
        audience=Audience(),
        actor="cli",
        start_at=time.time(),
    )
    await store.close()
    env = bot_env(telegram, url, framework)
    log = tmp_path / "bot.log"

    async with bot_process(telegram, env, log) as process:
        await telegram.wait_sent(len(CHATS) // 3, timeout=30)
        process.kill()
        await process.wait()
    await asyncio.sleep(0)  # let the emulator finish requests it had already received

    store = await open_store(url)
    try:
        rows = await _in_flight_chats(tmp_path / "bot.db", keys)
        delivered = {chat for chat in CHATS if telegram.stats.delivered_to(chat)}
        in_flight = {chat for chat in rows if chat in delivered}
        assert 0 < len(delivered) < len(CHATS), "the kill came in the middle of the broadcast"

        async with bot_process(telegram, env, log):
            await wait_delivered(telegram, CHATS, within=60)
            finished = await asyncio.wait_for(wait_for(store, info.id, say=lambda _: None), 60)
    finally:
        await store.close()

    counts = {chat: telegram.stats.delivered_to(chat) for chat in CHATS}
    missed = [chat for chat, n in counts.items() if n == 0]
    twice = {chat for chat, n in counts.items() if n > 1}
    assert missed == []
    assert twice <= in_flight, "only messages in flight at the kill were sent again"
    assert max(counts.values()) <= 2
    assert finished.status == "done" and finished.count("sent") == len(CHATS)
    assert telegram.stats.early_retries == 0
    assert "Traceback" not in log.read_text(encoding="utf-8")


async def _in_flight_chats(path: Path, keys: IdentityKeys) -> set[int]:
    """Chats whose outbox row was left ``sending`` by the killed process."""
    import aiosqlite

    async with aiosqlite.connect(path) as connection:
        rows = await connection.execute_fetchall(
            "SELECT sealed_chat FROM outbox WHERE state = 'sending'"
        )
    return {keys.open_chat(str(row[0])) for row in rows}
