"""/help lists every command the bot registers with Telegram, in every language."""

from __future__ import annotations

import re

import pytest

from bot.content.model import Content
from bot.core.conversation import USER_COMMANDS
from tests.e2e.conftest import RunningBot
from tests.telegram_emulator import TelegramEmulator

# Commands /help may name beyond the menu: /end only means something in a helpdesk case.
ONLY_IN_CONTEXT = {"end"}
_COMMAND = re.compile(r"(?<![\w/])/([a-z_]+)")


@pytest.mark.parametrize("language", ["en", "ur", "ur-Latn", "ps"])
async def test_help_names_every_registered_command_and_only_real_ones(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content, language: str
) -> None:
    code = language.split("-")[0]
    registered = {name for name, _ in tg.commands(code if len(language) == 2 else None)}
    assert registered, "the bot registered its commands at start"
    user = tg.user(9901, language_code=code)
    await user.send("/language")
    await user.expect_message()
    await user.press(content.language(language).name)
    await user.expect_edit()
    await user.send("/help")
    shown = set(_COMMAND.findall((await user.expect_message()).content))
    assert registered - shown == set(), f"/help in {language} misses {registered - shown}"
    assert shown - registered - ONLY_IN_CONTEXT == set(), "every command /help names exists"


async def test_every_registered_command_is_answered(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    registered = {name for name, _ in tg.commands()}
    assert registered == set(USER_COMMANDS), "the menu and the handled commands are one list"
