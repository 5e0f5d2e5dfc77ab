"""The real bot, unmodified, long-polling a Bot API emulator on 127.0.0.1.

Every test that uses ``running_bot`` (or the ``framework`` fixture) runs twice: on aiogram
and on python-telegram-bot. Any difference between the two is a bug in an adapter.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.adapters.aiogram_runtime import AiogramBot
from bot.adapters.ptb_runtime import PtbBot
from bot.config import Settings, load_settings
from bot.services import Services, build_services
from tests.conftest import CONTENT_DIR, LOCALES_DIR
from tests.telegram_emulator import TelegramEmulator
from tests.telegram_emulator.fixtures import telegram  # noqa: F401

FRAMEWORKS = ["aiogram", "ptb"]


class RunningBot:
    """Starts and stops the bot like `python -m bot run` does, in this event loop.

    The framework is the settings' ``BOT_FRAMEWORK``, as for the real command.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.services: Services | None = None
        self._app: AiogramBot | PtbBot | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def framework(self) -> str:
        return self.settings.BOT_FRAMEWORK

    async def start(self) -> RunningBot:
        self.services = await build_services(self.settings)
        runtime = PtbBot if self.framework == "ptb" else AiogramBot
        self._app = runtime(
            self.services.chat,
            self.settings,
            self.services.content.current,
            **self.services.runtime_kwargs(),
        )
        self._task = asyncio.create_task(self._app.run(handle_signals=False))
        started = asyncio.create_task(self._app.started.wait())
        done, _ = await asyncio.wait({started, self._task}, return_when=asyncio.FIRST_COMPLETED)
        if self._task in done:
            started.cancel()
            self._task.result()  # raises what stopped the bot
        return self

    async def stop(self) -> None:
        if self._app is not None and self._task is not None and not self._task.done():
            await self._app.stop()
            await self._task
        if self.services is not None:
            await self.services.close()
        self._app = self._task = self.services = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()


def bot_settings(emulator: TelegramEmulator, data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "BOT_TOKEN": emulator.token,
        "TELEGRAM_API_BASE": emulator.base_url,
        "DATABASE_URL": f"sqlite:///{data_dir / 'bot.db'}",
        "DATA_KEY": "test-data-key-that-is-long-enough-0123456789",
        "CONTENT_DIR": CONTENT_DIR,
        "LOCALES_DIR": LOCALES_DIR,
        # Tests press buttons at machine speed; the flood test sets people's limits itself.
        "FLOOD_BURST": 1000,
    }
    values.update(overrides)
    return load_settings(**values)


@pytest.fixture(params=FRAMEWORKS)
def framework(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """``aiogram`` or ``ptb``: every test asking for it runs once on each."""
    if request.param == "ptb":
        monkeypatch.setenv("PTB_TIMEDELTA", "true")  # as `python -m bot run --framework ptb`
    return str(request.param)


@pytest_asyncio.fixture
async def running_bot(
    telegram: TelegramEmulator,  # noqa: F811
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    framework: str,
) -> AsyncIterator[RunningBot]:
    """The bot, polling the emulator; afterwards no press is unanswered and nothing crashed."""
    caplog.set_level(logging.WARNING)
    bot = RunningBot(bot_settings(telegram, tmp_path, BOT_FRAMEWORK=framework))
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()
    assert not telegram.unanswered_callbacks(), "every button press must be answered"
    crashes = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not crashes, (
        f"unhandled errors while handling updates: {[r.getMessage() for r in crashes]}"
    )


@pytest.fixture
def tg(telegram: TelegramEmulator) -> TelegramEmulator:  # noqa: F811
    return telegram
