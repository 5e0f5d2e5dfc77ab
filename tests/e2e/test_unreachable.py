"""`python -m bot run` with a service it needs unreachable: one line naming it, no
traceback, non-zero exit — Telegram, PostgreSQL and Redis, on both frameworks."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.e2e.test_keys import error_lines
from tests.e2e.test_process import bot_env, run_cli
from tests.telegram_emulator import TelegramEmulator


def closed_port() -> int:
    """A local port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
@pytest.mark.parametrize(
    ("service", "setting", "named"),
    [
        ("telegram", "TELEGRAM_API_BASE", "Telegram is unreachable at TELEGRAM_API_BASE"),
        ("postgres", "DATABASE_URL", "PostgreSQL at DATABASE_URL is unreachable"),
        ("redis", "REDIS_URL", "Redis at REDIS_URL is unreachable"),
    ],
)
async def test_an_unreachable_service_at_start_is_one_line_naming_it(
    telegram: TelegramEmulator,
    tmp_path: Path,
    framework: str,
    service: str,
    setting: str,
    named: str,
) -> None:
    port = closed_port()
    unreachable = {
        "telegram": f"http://127.0.0.1:{port}",
        "postgres": f"postgresql://postgres@127.0.0.1:{port}/test",
        "redis": f"redis://127.0.0.1:{port}/0",
    }
    env = bot_env(
        tmp_path,
        BOT_TOKEN=telegram.token,
        TELEGRAM_API_BASE=telegram.base_url,
        DATA_KEY="unreachable-test-key-0123456789abcdef",
        BOT_FRAMEWORK=framework,
    )
    env[setting] = unreachable[service]
    code, _out, err = await run_cli("run", env=env, cwd=ROOT)
    assert code == 2 and "Traceback" not in err, err[-3000:]
    [line] = error_lines(err)
    assert (named in line and "ConnectError" in line) or "Connection" in line, line
    assert telegram.token not in err


async def test_a_revoked_token_is_named(telegram: TelegramEmulator, tmp_path: Path) -> None:
    env = bot_env(
        tmp_path,
        BOT_TOKEN="123456:not-the-emulators-token",
        TELEGRAM_API_BASE=telegram.base_url,
        DATA_KEY="unreachable-test-key-0123456789abcdef",
    )
    code, _out, err = await run_cli("run", env=env, cwd=ROOT)
    assert code == 2 and "Traceback" not in err
    [line] = error_lines(err)
    assert "BOT_TOKEN was refused by Telegram" in line
