"""PostgreSQL refusing connections for 6 s in the middle of a broadcast (a proxy in front of
the real server cuts it off): delivery resumes by itself, and a user who wrote meanwhile is
answered once the database is back — on both frameworks."""

from __future__ import annotations

import asyncio
import logging
import os
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.broadcast.enqueue import enqueue_broadcast
from bot.store.broadcasts import Audience
from tests.e2e.agency import add_subscribers, agency_bot_running, wait_delivered
from tests.e2e.tcp_cut import CuttableProxy
from tests.store.conftest import DEFAULT_TEST_DATABASE_URL, _postgres_admin
from tests.telegram_emulator import TelegramEmulator

CHATS = list(range(32_000, 32_060))
OUTAGE_SECONDS = 6.0

pytestmark = pytest.mark.postgres


async def test_postgres_refusing_connections_delays_but_loses_nothing(
    telegram: TelegramEmulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    framework: str,
) -> None:
    base = os.environ.get("TEST_DATABASE_URL", DEFAULT_TEST_DATABASE_URL)
    admin = await _postgres_admin(base)
    schema = f"outage_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE SCHEMA "{schema}"')
    parts = urlsplit(base)
    proxy = CuttableProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    await proxy.start()
    url = parts._replace(netloc=f"{parts.username}@127.0.0.1:{proxy.port}").geturl()
    url += f"?search_path={schema}"
    caplog.set_level(logging.WARNING)
    bot_cm = agency_bot_running(telegram, tmp_path, caplog, framework, DATABASE_URL=url)
    try:
        bot = await bot_cm.__aenter__()
        try:
            await add_subscribers(bot, telegram, dict.fromkeys(CHATS, "en"))
            assert bot.services is not None
            await enqueue_broadcast(
                bot.services.store,
                bot.services.content.current(),
                {"en": "<b>Warning</b>: fake call-centre jobs"},
                audience=Audience(),
                actor="cli",
                start_at=time.time() + 1,
            )
            await proxy.cut()
            user = telegram.user(32_500, language_code="en")
            await user.send("/start")
            await asyncio.sleep(OUTAGE_SECONDS)  # the outage itself, not a wait for a result
            await proxy.mend()
            welcome = await user.expect_message(timeout=60)
            assert ["English"] in welcome.buttons, "the user who wrote meanwhile is answered"
            await wait_delivered(telegram, CHATS, within=90)
            assert all(telegram.stats.delivered_to(c) >= 1 for c in CHATS)
        finally:
            await bot_cm.__aexit__(None, None, None)
    finally:
        await proxy.stop()
        await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.close()
