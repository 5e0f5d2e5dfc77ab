"""`python -m bot ...` as a real process: start-up errors in one line, a clean SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import pytest

from bot.content.model import Content
from tests.conftest import ROOT
from tests.telegram_emulator import TelegramEmulator


def bot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"BOT_TOKEN", "DATA_KEY", "ADMIN_IDS", "DATABASE_URL"}
    }
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


async def online_or_killed(
    process: asyncio.subprocess.Process, online: Coroutine[Any, Any, None]
) -> asyncio.subprocess.Process:
    """Wait for ``online``; if it fails, kill and reap the bot so that no process outlives
    its test (a stray one fails whichever later test the garbage collector meets it in)."""
    try:
        await online
    except BaseException:
        if process.returncode is None:
            process.kill()
        await process.communicate()
        raise
    return process


async def run_cli(*args: str, env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_run_without_a_token_says_so_in_one_line_and_points_to_chat(tmp_path: Path) -> None:
    code, _out, err = await run_cli("run", env=bot_env(tmp_path), cwd=tmp_path)
    assert code != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "BOT_TOKEN" in lines[0] and "python -m bot chat" in lines[0]


async def test_a_malformed_setting_stops_the_bot_with_one_line_naming_it(tmp_path: Path) -> None:
    env = bot_env(tmp_path, BOT_TOKEN="123:abc", ADMIN_IDS="12, chief")
    code, _out, err = await run_cli("run", env=env, cwd=ROOT)
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "ADMIN_IDS" in lines[0]


async def test_a_bad_database_url_is_named(tmp_path: Path) -> None:
    env = bot_env(tmp_path, BOT_TOKEN="123:abc", DATABASE_URL="mysql://db/bot")
    code, _out, err = await run_cli("run", env=env, cwd=ROOT)
    assert code == 2 and "DATABASE_URL" in err and "Traceback" not in err


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_sigterm_stops_the_bot_cleanly_and_the_state_survives(
    telegram: TelegramEmulator, tmp_path: Path, content: Content, framework: str
) -> None:
    env = bot_env(
        tmp_path,
        BOT_TOKEN=telegram.token,
        TELEGRAM_API_BASE=telegram.base_url,
        DATA_KEY="k" * 40,
        BOT_FRAMEWORK=framework,
    )

    async def start() -> asyncio.subprocess.Process:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, cwd=ROOT, stderr=asyncio.subprocess.PIPE
        )
        return await online_or_killed(process, telegram.wait_polling(timeout=30))

    process = await start()
    user = telegram.user(7001, language_code="ur")
    await user.send("/check")
    await user.expect_message()
    question = await user.expect_message()
    ur = content.language("ur")
    await user.press(ur.text("checklist", "recruiter", "answers", "not_sure"), message=question)
    await user.expect_edit()
    process.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()[-2000:]
    assert "Traceback" not in err.decode()

    process = await start()
    try:
        await user.send("/check")
        prompt = await user.expect_message(timeout=15)
        assert "(20 میں سے 1 سوالوں کے جواب دیے گئے)" in prompt.text
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.communicate(), 30)
