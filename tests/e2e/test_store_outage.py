"""A store outage in the middle of a broadcast: SQLite locked from another connection for
12 s. Delivery resumes on its own (no restart), and a user who wrote meanwhile is answered
once the lock is gone — on both frameworks. The broadcast is due while the lock is held, so
the worker's claim fails: without the supervisor that ended delivery until a restart."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from bot.broadcast.enqueue import enqueue_broadcast
from bot.store.broadcasts import Audience
from tests.e2e.agency import add_subscribers, agency_bot_running, wait_delivered
from tests.telegram_emulator import TelegramEmulator

CHATS = list(range(31_000, 31_120))
LOCK_SECONDS = 12.0


def hold_exclusive_lock(database: Path, locked: threading.Event, seconds: float) -> None:
    """Another process's view: a connection of its own that takes the write lock and sits."""
    connection = sqlite3.connect(database, isolation_level=None, timeout=30)
    try:
        connection.execute("BEGIN EXCLUSIVE")
        locked.set()
        threading.Event().wait(seconds)
        connection.execute("COMMIT")
    finally:
        connection.close()


async def test_a_locked_database_delays_the_broadcast_and_the_user_is_still_answered(
    telegram: TelegramEmulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    framework: str,
) -> None:
    caplog.set_level(logging.WARNING)
    bot_cm = agency_bot_running(telegram, tmp_path, caplog, framework, BROADCAST_RATE=20)
    bot = await bot_cm.__aenter__()
    try:
        async with asyncio.timeout(240):  # a regression fails, it does not hang
            await add_subscribers(bot, telegram, dict.fromkeys(CHATS, "en"))
            assert bot.services is not None
            # Due in 2 s: the worker's first claim falls inside the lock.
            await enqueue_broadcast(
                bot.services.store,
                bot.services.content.current(),
                {"en": "<b>Warning</b>: fake call-centre jobs"},
                audience=Audience(),
                actor="cli",
                start_at=time.time() + 2,
            )
            locked = threading.Event()
            holder = asyncio.create_task(
                asyncio.to_thread(hold_exclusive_lock, tmp_path / "bot.db", locked, LOCK_SECONDS)
            )
            await asyncio.to_thread(locked.wait, 10)
            user = telegram.user(31_500, language_code="en")
            await user.send("/start")
            await holder  # the lock is gone
            welcome = await user.expect_message(timeout=60)
            assert ["English"] in welcome.buttons, "the user who wrote meanwhile is answered"

            await wait_delivered(telegram, CHATS, within=90)  # the rest, without a restart
            restarts = [
                r.getMessage()
                for r in caplog.records
                if "background job 'broadcast delivery' failed" in r.getMessage()
            ]
            assert restarts and "OperationalError" in restarts[0], "the failure was logged by name"
            assert all("Warning" not in line for line in restarts), "no message text in the log"
            assert all(telegram.stats.delivered_to(c) == 1 for c in CHATS), "each copy once"
    finally:
        async with asyncio.timeout(60):  # stopping must not hang either
            await bot_cm.__aexit__(None, None, None)
