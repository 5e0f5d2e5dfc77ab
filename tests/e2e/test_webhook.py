"""Webhook mode of the real bot on both frameworks: the emulator POSTs updates as Telegram does.

The bot sets its webhook (an http URL on 127.0.0.1, as for a local Bot API server), the
emulator posts each update with the secret header and posts it again when the POST fails;
``getUpdates`` is refused with 409 while the webhook is set, as Telegram does.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio

from tests.conftest import ROOT
from tests.e2e.conftest import RunningBot, bot_settings
from tests.telegram_emulator import TelegramEmulator

SECRET = "s3cret-of-the-test_0123"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest_asyncio.fixture
async def webhook_bot(
    tg: TelegramEmulator, tmp_path: Path, framework: str
) -> AsyncIterator[RunningBot]:
    port = free_port()
    settings = bot_settings(
        tg,
        tmp_path,
        BOT_FRAMEWORK=framework,
        WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/hook",
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_LISTEN=f"127.0.0.1:{port}",
    )
    bot = await RunningBot(settings).start()
    try:
        yield bot
    finally:
        await bot.stop()


def local_url(bot: RunningBot, path: str) -> str:
    host, port = bot.settings.listen
    return f"http://{host}:{port}{path}"


async def test_updates_arrive_by_webhook_and_polling_is_refused(
    webhook_bot: RunningBot, tg: TelegramEmulator
) -> None:
    assert tg.webhook_url == webhook_bot.settings.WEBHOOK_URL
    user = tg.user(5101, language_code="en")
    await user.send("/privacy")
    reply = await user.expect_message()
    assert reply.text
    assert all(post.status == 200 for post in tg.webhook_posts)
    async with aiohttp.ClientSession() as http:
        polled = await http.post(f"{tg.base_url}/bot{tg.token}/getUpdates", json={})
        assert polled.status == 409


async def test_a_post_without_the_secret_is_refused_and_not_handled(
    webhook_bot: RunningBot, tg: TelegramEmulator
) -> None:
    user = tg.user(5102, language_code="en")
    update = {"update_id": 999_001, **user.message_update("/privacy")}
    async with aiohttp.ClientSession() as http:
        url = local_url(webhook_bot, "/telegram/hook")
        missing = await http.post(url, json=update)
        wrong = await http.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "x"})
    assert (missing.status, wrong.status) == (401, 401)
    await user.expect_no_reply()


async def test_an_update_posted_again_is_answered_once(
    webhook_bot: RunningBot, tg: TelegramEmulator
) -> None:
    user = tg.user(5103, language_code="en")
    [first] = tg.inject_many([user.message_update("/privacy")])
    tg.repost_after_answer(first)
    [second] = tg.inject_many([user.message_update("/help")])
    await tg.wait_idle()
    posted = [post.update_id for post in tg.webhook_posts if post.status == 200]
    assert posted.count(first) == 2 and posted.count(second) == 1
    assert len(user.messages) == 2  # /privacy once, then /help


async def test_a_failed_post_is_posted_again_and_then_answered(
    webhook_bot: RunningBot, tg: TelegramEmulator
) -> None:
    user = tg.user(5104, language_code="en")
    tg.state.webhook_url = f"http://127.0.0.1:{free_port()}/nobody-listens"  # the replica is down
    [update_id] = tg.inject_many([user.message_update("/privacy")])
    await tg.state.signal.wait_for(
        lambda: any(p.update_id == update_id and p.status is None for p in tg.webhook_posts), 10
    )
    tg.state.webhook_url = webhook_bot.settings.WEBHOOK_URL or ""  # it is back
    await user.expect_message()
    await tg.wait_idle()
    assert len(user.messages) == 1


async def container_healthcheck(bot: RunningBot) -> int:
    """The Dockerfile's HEALTHCHECK command, run as Docker runs it."""
    env = {
        **os.environ,
        "WEBHOOK_URL": bot.settings.WEBHOOK_URL or "",
        "WEBHOOK_LISTEN": bot.settings.WEBHOOK_LISTEN,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.healthcheck",
        env=env,
        cwd=ROOT,
        stderr=asyncio.subprocess.DEVNULL,
    )
    return await asyncio.wait_for(process.wait(), 30)


@pytest.mark.parametrize("framework", ["aiogram"])
async def test_healthz_says_whether_the_store_answers(
    webhook_bot: RunningBot, tg: TelegramEmulator
) -> None:
    async with aiohttp.ClientSession() as http:
        healthy = await http.get(local_url(webhook_bot, "/healthz"))
        assert healthy.status == 200
        assert await container_healthcheck(webhook_bot) == 0
        assert webhook_bot.services is not None
        await webhook_bot.services.store.close()  # the database went away
        unhealthy = await http.get(local_url(webhook_bot, "/healthz"))
        assert unhealthy.status == 503
        assert await container_healthcheck(webhook_bot) == 1


async def run_bot_briefly(tmp_path: Path, **extra: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "REDIS_", "WEBHOOK_"))}
    env.update(
        BOT_TOKEN="123:abc",
        DATA_KEY="k" * 40,
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        TELEGRAM_API_BASE="http://127.0.0.1:9",
        **extra,
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, cwd=ROOT, stderr=asyncio.subprocess.PIPE
    )
    _out, err = await asyncio.wait_for(process.communicate(), 60)
    return int(process.returncode or 0), err.decode()


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("REDIS_URL", "memcached://127.0.0.1"),
        ("WEBHOOK_URL", "bot.example.org/telegram"),
        ("WEBHOOK_SECRET", "has spaces"),
        ("WEBHOOK_LISTEN", "8080"),
    ],
)
async def test_a_bad_replica_setting_stops_the_bot_with_one_line_naming_it(
    tmp_path: Path, setting: str, value: str
) -> None:
    code, err = await run_bot_briefly(tmp_path, **{setting: value})
    lines = [line for line in err.splitlines() if line.strip() and " WARNING " not in line]
    assert code == 2 and len(lines) == 1 and setting in lines[0], err
