"""Delivery of a broadcast against an emulator that enforces Telegram's limits.

What an agency would notice: every subscriber gets the warning exactly once, as fast as
Telegram allows and never faster, a 429 stops everything for as long as Telegram says,
and people who blocked the bot are counted and skipped from then on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.agency import (
    add_subscribers,
    agency_bot_running,
    queue_warning,
    store_of,
    subscription_status,
    wait_delivered,
)
from tests.telegram_emulator import TelegramEmulator
from tests.telegram_emulator.limits import Limits


def exactly_once(tg: TelegramEmulator, chats: list[int]) -> None:
    counts = {chat: tg.stats.delivered_to(chat) for chat in chats}
    twice = {c: n for c, n in counts.items() if n != 1}
    assert not twice, f"chats that did not get exactly one message: {twice}"


async def test_a_broadcast_keeps_to_telegrams_limits_and_reaches_everyone_once(
    telegram: TelegramEmulator, tmp_path: Path, caplog: pytest.LogCaptureFixture, framework: str
) -> None:
    telegram.set_limits(Limits.telegram())
    chats = list(range(20_000, 20_150))
    async with agency_bot_running(telegram, tmp_path, caplog, framework) as bot:
        await add_subscribers(bot, telegram, dict.fromkeys(chats, "en"))
        broadcast_id = await queue_warning(bot)
        await wait_delivered(telegram, chats, within=30)
        await telegram.wait_idle()
        store, _keys = store_of(bot)
        info = await store.broadcast(broadcast_id)
    exactly_once(telegram, chats)
    stats = telegram.stats
    assert (stats.rate_limited, stats.early_retries) == (0, 0)
    times = [s.time for s in stats.sends if s.status == 200 and s.chat_id in set(chats)]
    rate = (len(times) - 1) / (times[-1] - times[0])
    assert 27 <= rate <= 31, f"{rate:.1f} messages/s; the limit is 30"
    assert info is not None and info.count("sent") == len(chats)


async def test_a_429_pauses_all_sending_for_its_retry_after(
    telegram: TelegramEmulator, tmp_path: Path, caplog: pytest.LogCaptureFixture, framework: str
) -> None:
    # Telegram allows fewer messages than the bot is configured for: it answers 429s.
    telegram.set_limits(Limits(global_per_second=10))
    chats = list(range(21_000, 21_045))
    async with agency_bot_running(telegram, tmp_path, caplog, framework) as bot:
        await add_subscribers(bot, telegram, dict.fromkeys(chats, "en"))
        await queue_warning(bot)
        await wait_delivered(telegram, chats, within=40)
        await telegram.wait_idle()
    exactly_once(telegram, chats)
    assert telegram.stats.rate_limited > 0, "the emulator did answer 429"
    assert telegram.stats.early_retries == 0, "nothing was sent before retry_after ran out"
    assert "Telegram asked to wait" in caplog.text


async def test_blocked_and_vanished_chats_are_counted_and_skipped_next_time(
    telegram: TelegramEmulator, tmp_path: Path, caplog: pytest.LogCaptureFixture, framework: str
) -> None:
    chats = list(range(22_000, 22_010))
    async with agency_bot_running(telegram, tmp_path, caplog, framework) as bot:
        await add_subscribers(bot, telegram, dict.fromkeys(chats, "ur"))
        telegram.fail_chat(22_000, "blocked")
        telegram.fail_chat(22_001, "not_found")
        telegram.fail_chat(22_002, "deactivated")
        first = await queue_warning(bot)
        await wait_delivered(telegram, chats[3:])
        await telegram.wait_idle()
        store, _keys = store_of(bot)
        info = await store.broadcast(first)
        assert info is not None
        assert (info.count("sent"), info.count("blocked"), info.count("gone")) == (7, 2, 1)
        assert await subscription_status(bot, 22_000) == "blocked"
        assert await subscription_status(bot, 22_001) == "gone"
        attempts_before = len(telegram.stats.sends)
        await queue_warning(bot, "second warning")
        await wait_delivered(telegram, chats[3:], since={c: 1 for c in chats[3:]})
        await telegram.wait_idle()
    later = telegram.stats.sends[attempts_before:]
    assert {s.chat_id for s in later} == set(chats[3:]), "unreachable chats are not tried again"


async def test_network_failures_are_retried_without_losing_anyone(
    telegram: TelegramEmulator, tmp_path: Path, caplog: pytest.LogCaptureFixture, framework: str
) -> None:
    chats = list(range(23_000, 23_012))
    async with agency_bot_running(telegram, tmp_path, caplog, framework) as bot:
        await add_subscribers(bot, telegram, dict.fromkeys(chats, "en"))
        telegram.inject_faults(3, "500", methods=["sendMessage"])
        telegram.inject_faults(2, "reset", methods=["sendMessage"])
        broadcast_id = await queue_warning(bot)
        await wait_delivered(telegram, chats, within=30)
        await telegram.wait_idle()
        store, _keys = store_of(bot)
        info = await store.broadcast(broadcast_id)
    exactly_once(telegram, chats)
    assert info is not None and info.count("failed") == 0


async def test_paid_broadcasts_are_an_option(
    telegram: TelegramEmulator, tmp_path: Path, caplog: pytest.LogCaptureFixture, framework: str
) -> None:
    chats = [24_000, 24_001]
    async with agency_bot_running(
        telegram, tmp_path, caplog, framework, BROADCAST_PAID=True
    ) as bot:
        assert bot.settings.broadcast_rate == 1000
        await add_subscribers(bot, telegram, dict.fromkeys(chats, "en"))
        await queue_warning(bot)
        await wait_delivered(telegram, chats)
    calls = [c for c in telegram.calls_to("sendMessage") if c.chat_id in chats]
    assert calls and all(str(c.params.get("allow_paid_broadcast")).lower() == "true" for c in calls)
