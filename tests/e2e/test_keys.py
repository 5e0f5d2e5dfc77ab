"""DATA_KEY changes: a start with another key stops and changes nothing; `keys rotate` keeps
every user (state, subscription, /unsubscribe) — the real bot, the real commands."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import sys
from pathlib import Path

from bot.content.model import Content
from tests.conftest import ROOT
from tests.e2e.conftest import RunningBot, bot_settings
from tests.e2e.test_process import bot_env, online_or_killed, run_cli
from tests.telegram_emulator import TelegramEmulator

KEY_A = "first-data-key-0123456789abcdefghij"
KEY_B = "second-data-key-0123456789abcdefghij"


def rows(database: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, read from another connection."""
    with sqlite3.connect(database) as connection:
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {
            t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
            for t in tables
        }


def error_lines(err: str) -> list[str]:
    """What the command printed apart from log lines (``... INFO|WARNING name: ...``)."""
    return [
        line
        for line in err.splitlines()
        if line.strip() and " INFO " not in line and " WARNING " not in line
    ]


async def test_another_key_stops_the_start_and_rotation_keeps_every_user(
    telegram: TelegramEmulator, tmp_path: Path, content: Content, framework: str
) -> None:
    database = tmp_path / "bot.db"
    bot = RunningBot(bot_settings(telegram, tmp_path, BOT_FRAMEWORK=framework, DATA_KEY=KEY_A))
    await bot.start()
    user = telegram.user(7101, language_code="en")
    try:
        await user.send("/check")
        await user.expect_message()
        question = await user.expect_message()
        first = content.checklist.questions[0]
        en = content.language("en")
        await user.press(en.text("checklist", first.id, "answers", "not_sure"), message=question)
        await user.expect_edit()
        await user.send("/subscribe")
        await user.expect_message()
        running = bot_env(tmp_path, DATA_KEY=KEY_B, DATA_KEY_OLD=KEY_A)
        code, _out, err = await run_cli("keys", "rotate", env=running, cwd=ROOT)
        assert code == 2 and "stop it before" in err, "no rotation under a running bot"
    finally:
        await bot.stop()
    before = rows(database)

    env = bot_env(
        tmp_path,
        BOT_TOKEN=telegram.token,
        TELEGRAM_API_BASE=telegram.base_url,
        DATA_KEY=KEY_B,
        BOT_FRAMEWORK=framework,
        CONTENT_DIR=str(ROOT / "content"),
        LOCALES_DIR=str(ROOT / "locales"),
    )
    code, _out, err = await run_cli("run", env=env, cwd=ROOT)
    assert code == 2 and "Traceback" not in err
    [line] = error_lines(err)
    assert "DATA_KEY" in line and "keys rotate" in line
    assert rows(database) == before, "a refused start must not change a single row"

    code, out, err = await run_cli("keys", "rotate", env={**env, "DATA_KEY_OLD": KEY_A}, cwd=ROOT)
    assert code == 0, err
    assert "1 conversation states" in out and "1 subscriptions" in out

    bot = RunningBot(bot_settings(telegram, tmp_path, BOT_FRAMEWORK=framework, DATA_KEY=KEY_B))
    await bot.start()
    try:
        await user.send("/check")
        prompt = await user.expect_message()
        assert re.search(r"\b1 of \d+ answered", prompt.text), (
            "the user's checklist survived the rotation"
        )
        assert bot.services is not None
        store, keys = bot.services.store, bot.services.keys
        assert await store.subscription_status(keys.chat_key(7101)) == "active"
        await user.send("/unsubscribe")
        await user.expect_message()
        assert await store.subscription_status(keys.chat_key(7101)) is None
    finally:
        await bot.stop()


async def test_a_changed_token_without_data_key_is_caught_the_same_way(
    telegram: TelegramEmulator, tmp_path: Path
) -> None:
    env = bot_env(tmp_path, BOT_TOKEN=telegram.token, TELEGRAM_API_BASE=telegram.base_url)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, cwd=ROOT, stderr=asyncio.subprocess.PIPE
    )
    await online_or_killed(process, telegram.wait_polling(timeout=30))
    process.terminate()
    await asyncio.wait_for(process.communicate(), 30)
    before = rows(tmp_path / "bot.db")

    # The token was revoked; @BotFather's new one works with Telegram (a second emulator).
    renewed = TelegramEmulator(token="123456:a-new-token-after-revoking")
    await renewed.start()
    try:
        revoked = {**env, "BOT_TOKEN": renewed.token, "TELEGRAM_API_BASE": renewed.base_url}
        code, _out, err = await run_cli("run", env=revoked, cwd=ROOT)
        assert code == 2 and "Traceback" not in err
        [line] = error_lines(err)
        assert "BOT_TOKEN" in line and "set DATA_KEY to the old key" in line and "rotate" in line
        assert rows(tmp_path / "bot.db") == before

        # The way out the line names: rotate from the old token's key to the new token's.
        rotate = {**revoked, "BOT_TOKEN_OLD": telegram.token}
        code, out, err = await run_cli("keys", "rotate", env=rotate, cwd=ROOT)
        assert code == 0 and "re-keyed" in out, err
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=revoked,
            cwd=ROOT,
            stderr=asyncio.subprocess.PIPE,
        )
        await online_or_killed(process, renewed.wait_polling(timeout=30))
        process.terminate()
        _, err_bytes = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, err_bytes.decode()[-2000:]
    finally:
        await renewed.stop()
