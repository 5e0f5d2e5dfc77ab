"""The helpdesk's opening hours are content: a saved edit changes the automatic answer at
once, and a broken one is refused with its line while the last good hours stay."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest_asyncio

from bot.content.helpdesk_hours import DAYS
from bot.content.model import Content
from tests.e2e.conftest import RunningBot, bot_settings
from tests.e2e.test_hot_reload import EDITOR
from tests.telegram_emulator import TelegramEmulator

HELPDESK = -1001234500002


@pytest_asyncio.fixture
async def desk_bot(
    telegram: TelegramEmulator, tmp_path: Path, content_copy: tuple[Path, Path], framework: str
) -> AsyncIterator[tuple[RunningBot, Path]]:
    content_dir, locales_dir = content_copy
    telegram.forum(HELPDESK, "Helpdesk")
    settings = bot_settings(
        telegram,
        tmp_path,
        CONTENT_DIR=content_dir,
        LOCALES_DIR=locales_dir,
        EDITOR_IDS=str(EDITOR),
        BOT_FRAMEWORK=framework,
        HELPDESK_CHAT_ID=HELPDESK,
    )
    bot = RunningBot(settings)
    await bot.start()
    try:
        yield bot, content_dir
    finally:
        await bot.stop()


def hours_file(*, open_now: bool) -> str:
    """Hours of every day, in a time zone where it is now about noon: open around the clock
    (00:00-23:59) or only from 02:00 to 03:00, hours away from now whenever the test runs."""
    offset = 12 - datetime.now(UTC).hour  # -11 .. 12; POSIX Etc/GMT zones invert the sign
    zone = f"Etc/GMT{'-' if offset >= 0 else '+'}{abs(offset)}"
    opens, closes = ("00:00", "23:59") if open_now else ("02:00", "03:00")
    days = ", ".join(DAYS)
    return f'timezone: {zone}\ndays: [{days}]\nopens: "{opens}"\ncloses: "{closes}"\n'


async def connect(telegram: TelegramEmulator, user_id: int) -> str:
    user = telegram.user(user_id, language_code="en")
    await user.send("/start")
    await user.expect_message()
    await user.press("English")
    await user.expect_edit()
    await user.press("I need help now")
    await user.expect_edit()
    await user.press("Talk to a person")
    await user.expect_edit()
    await user.press("Yes, connect me")
    return (await user.expect_message()).text or ""


async def test_saved_hours_change_the_automatic_answer_and_broken_ones_are_refused(
    desk_bot: tuple[RunningBot, Path], telegram: TelegramEmulator, content: Content
) -> None:
    _bot, content_dir = desk_bot
    editor = telegram.user(EDITOR, language_code="en", started=True)
    closed_now = content.language("en").text("helpdesk", "closed_now")
    path = content_dir / "helpdesk.yaml"

    path.write_text(hours_file(open_now=False), encoding="utf-8")
    assert (await editor.expect_message(timeout=15)).text.startswith("Content reloaded")
    assert closed_now in await connect(telegram, 9111), "closed now: the automatic answer"

    path.write_text(hours_file(open_now=True), encoding="utf-8")
    assert (await editor.expect_message(timeout=15)).text.startswith("Content reloaded")
    assert closed_now not in await connect(telegram, 9112), "open now: no automatic answer"

    path.write_text(hours_file(open_now=False).replace("Etc/GMT", "Etc/Nowhere"), encoding="utf-8")
    notice = (await editor.expect_message(timeout=15)).text or ""
    assert "helpdesk.yaml:1" in notice and "Etc/Nowhere" in notice, notice
    assert closed_now not in await connect(telegram, 9113), "the last good hours still hold"
