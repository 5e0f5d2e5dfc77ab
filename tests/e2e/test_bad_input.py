"""Whatever arrives, the bot answers usefully (or stays silent where Telegram expects it)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.content.model import Content
from tests.e2e.conftest import RunningBot, bot_settings
from tests.telegram_emulator import TelegramEmulator

MENU = ["Check a job offer"]


async def english_user(tg: TelegramEmulator, user_id: int):
    user = tg.user(user_id, language_code="en")
    await user.send("/start")
    await user.expect_message()
    await user.press("English")
    await user.expect_edit()
    return user


# A photo is read for words instead: tests/e2e/test_pictures_on_telegram.py
@pytest.mark.parametrize("kind", ["sticker", "document", "location", "contact", "animation"])
async def test_media_the_bot_cannot_read_gets_a_short_answer_and_the_menu(
    running_bot: RunningBot, tg: TelegramEmulator, kind: str
) -> None:
    user = await english_user(tg, 6001)
    await getattr(user, f"send_{kind}")()
    answer = await user.expect_message()
    assert "I can only read text" in answer.text
    assert MENU in answer.buttons


async def test_voice_note_is_told_to_type_instead(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    user = await english_user(tg, 6002)
    await user.send_voice()
    answer = await user.expect_message()
    assert "voice notes" in answer.text


async def test_photo_with_a_caption_is_read_as_text(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    user = await english_user(tg, 6003)
    await user.send_photo(caption="Is this job in Bangkok real?")
    answer = await user.expect_message()
    assert "I can only read text" not in answer.text


async def test_an_edited_message_is_answered_like_a_new_one(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    user = await english_user(tg, 6004)
    sent = await user.send("helo")
    await user.expect_message()
    await user.edit(sent, "hello")
    answer = await user.expect_message()
    assert MENU in answer.buttons


async def test_garbage_callback_data_is_answered_and_shows_the_menu(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    user = await english_user(tg, 6005)
    menu = user.last_message
    assert menu is not None
    record = await user.press(data="x" * 64, message=menu)
    answer = await user.expect_reply()
    assert "older message" in answer.text
    await tg.wait_idle()
    assert record.answered and record.answer_text == "That button is no longer active."


@pytest.mark.parametrize(
    "data",
    [
        "back:²",  # a digit str.isdigit accepts and int() refuses
        "a:" + "9" * 40 + ":recruiter:not_sure",  # an oversized run number
        "why:0x1:recruiter",
        "a:1:recruiter:not_sure:extra",
        "a:1::",
        "lang:\u0000",
        ":::",
        "a:-1:recruiter:not_sure",
    ],
)
async def test_hostile_callback_data_is_answered_with_a_useful_screen(
    running_bot: RunningBot, tg: TelegramEmulator, data: str
) -> None:
    user = await english_user(tg, 6010)
    await user.send("/check")
    await user.expect_message()
    question = await user.expect_message()
    record = await user.press(data=data, message=question)
    answer = await user.expect_reply()
    assert answer.buttons, "the user gets buttons to go on with"
    await tg.wait_idle()
    assert record.answered


async def test_an_admin_stop_button_with_a_strange_number_is_refused_quietly() -> None:
    from bot.core.callbacks import STALE, parse, small_number

    assert small_number("²") is None and small_number("9" * 40) is None
    assert small_number("12") == 12
    assert parse("back:²") is STALE and parse("x" * 65) is STALE


async def test_a_checklist_button_from_before_a_restart_still_works(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = await english_user(tg, 6006)
    await user.send("/check")
    await user.expect_message()
    question = await user.expect_message()
    await running_bot.restart()
    await user.press(
        content.language("en").text("checklist", "recruiter", "answers", "not_sure"),
        message=question,
    )
    shown = await user.expect_edit()
    assert "Question 2 of 20" in shown.text


async def test_very_long_text_is_answered_within_telegram_limits(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    user = await english_user(tg, 6007)
    await user.send("job offer " * 409)
    answer = await user.expect_message()
    assert MENU in answer.buttons
    assert not tg.errors, "every request the bot made was accepted"


@pytest.mark.parametrize(
    "text",
    ["\u202e/start\u200b", "\x00\x07/start", "\u200f\u200e\ufeff", "/START", "/start@testbot"],
)
async def test_control_zero_width_and_rtl_marks_do_not_confuse_commands(
    running_bot: RunningBot, tg: TelegramEmulator, text: str
) -> None:
    user = tg.user(6008, language_code="en")
    await user.send(text)
    answer = await user.expect_message()
    assert answer.buttons, "the user always gets something to press"
    assert not tg.errors


async def test_group_commands_point_to_a_private_chat_and_other_talk_is_ignored(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    member = tg.user(6009, language_code="en")
    group = tg.group(-100555, title="Jobs Karachi")
    await group.send(member, "/start@testbot")
    answer = await group.expect_message()
    assert "private chat" in answer.text
    await group.send(member, "anyone going to Bangkok?")
    await group.expect_no_reply()


async def test_channel_posts_are_ignored_and_the_bot_keeps_working(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    await tg.channel_post(-100777, "New jobs in Dubai")
    user = tg.user(6010, language_code="en")
    await user.send("/start")
    assert (await user.expect_message()).buttons
    assert not tg.messages(-100777)


async def test_a_user_who_blocked_the_bot_does_not_break_it(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    blocked = await english_user(tg, 6011)
    blocked.block()
    await blocked.send("/help")
    other = tg.user(6012, language_code="en")
    await other.send("/start")
    assert (await other.expect_message()).buttons


async def test_a_flooder_is_slowed_and_nobody_else_is(
    telegram: TelegramEmulator, tmp_path: Path, framework: str
) -> None:
    settings = bot_settings(
        telegram, tmp_path, FLOOD_BURST=10, FLOOD_RATE=1.0, BOT_FRAMEWORK=framework
    )
    bot = RunningBot(settings)
    await bot.start()
    try:
        flooder = telegram.user(6020, language_code="en")
        calm = telegram.user(6021, language_code="en")
        telegram.inject_many([flooder.message_update(f"hello {i}") for i in range(20)])
        await calm.send("/start")
        assert (await calm.expect_message()).buttons, (
            "the calm user is answered while the flood goes on"
        )
        await telegram.wait_idle()
        replies = [m.text for m in flooder.messages]
        slow_down = [t for t in replies if "very fast" in t]
        assert len(slow_down) == 1, "the flooder is told once, not twenty times"
        assert len(replies) == 11, "ten updates are answered, then one notice, the rest dropped"
        await asyncio.sleep(0)  # let the stop below start from a quiet loop
    finally:
        await bot.stop()
