"""Broadcasting is wired by build_services as one more background job, and replies to users
share its send budget through the runtime's outbound layer (no runtime knows broadcasting)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import RetryLater
from bot.services import build_services
from tests.e2e.conftest import bot_settings
from tests.telegram_emulator import TelegramEmulator


class Refusing:
    """A ChatApi whose every send Telegram answers with a 429."""

    async def send(self, chat_id: int, text: str, buttons: object) -> int:
        raise RetryLater(7)


async def test_broadcasting_starts_first_and_stops_last_among_the_background_jobs(
    tg: TelegramEmulator, tmp_path: Path
) -> None:
    services = await build_services(bot_settings(tg, tmp_path))
    try:
        assert services.broadcasts is not None
        assert services.jobs[0] is services.broadcasts
        assert services.runtime_kwargs()["jobs"] == services.jobs
    finally:
        await services.close()


async def test_a_429_on_a_reply_pauses_the_broadcasts_too(
    tg: TelegramEmulator, tmp_path: Path
) -> None:
    services = await build_services(bot_settings(tg, tmp_path))
    try:
        assert services.broadcasts is not None
        outbound = services.runtime_kwargs()["outbound"]
        with pytest.raises(RetryLater):
            await outbound(Refusing()).send(1, "hi", ())
        assert services.broadcasts.pacer.paused_for > 0, "the worker waits out the 429 too"
    finally:
        await services.close()
