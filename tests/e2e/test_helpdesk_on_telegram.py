"""Talk to a person: a relative's cry for help reaches a counsellor's forum topic and back."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.content.model import Content
from bot.core.bidi import LRI, PDI
from tests.e2e.conftest import RunningBot, bot_settings
from tests.e2e.databases import database_url, fetch_column  # noqa: F401
from tests.telegram_emulator import TelegramEmulator

HELPDESK = -1001234500001


@pytest_asyncio.fixture
async def helpdesk_bot(
    tg: TelegramEmulator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    framework: str,
    database_url: str,  # noqa: F811
) -> AsyncIterator[RunningBot]:
    """The bot with HELPDESK_CHAT_ID set to a forum where it is an administrator, on each
    framework and each store (the cases and their topics live in the store)."""
    caplog.set_level(logging.WARNING)
    tg.forum(HELPDESK, "Helpdesk")
    settings = bot_settings(
        tg,
        tmp_path,
        BOT_FRAMEWORK=framework,
        HELPDESK_CHAT_ID=HELPDESK,
        DATABASE_URL=database_url,
    )
    bot = RunningBot(settings)
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()
    assert not tg.unanswered_callbacks()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def logged_texts(bot: RunningBot) -> list[str]:
    url = str(bot.settings.DATABASE_URL)
    return [str(text) for text in await fetch_column(url, "SELECT text FROM question_log")]


async def test_a_cry_for_help_reaches_a_counsellor_and_the_answer_comes_back_anonymously(
    helpdesk_bot: RunningBot, tg: TelegramEmulator
) -> None:
    desk = tg.group(HELPDESK)
    counsellor = tg.user(9101, first_name="Counsellor")
    user = tg.user(9001, first_name="Shabnam", username="shabnam_k", language_code="en")

    await user.send("help me my brother is trapped in Myanmar")
    answer = await user.expect_message()
    assert ["Talk to a person"] in answer.buttons
    await user.press("Talk to a person")
    consent = await user.expect_edit()
    assert "only a case number" in consent.text
    await user.press("Yes, connect me")
    connected = await user.expect_message()
    assert "Your case number is 1" in connected.text

    ((thread, name),) = desk.topics().items()
    assert name == "Case 1"
    intro = await desk.expect_message()
    assert intro.raw["message_thread_id"] == thread and "New case 1, in English" in intro.text

    await user.send("My brother Imran is held in KK Park, they want 5 lakh to let him go")
    relayed = await desk.expect_message()
    assert relayed.raw["message_thread_id"] == thread
    assert relayed.text == "My brother Imran is held in KK Park, they want 5 lakh to let him go"

    await desk.send(counsellor, "Please call the embassy in Yangon. Is he safe now?", topic=thread)
    back = await user.expect_message()
    assert back.text == "Counsellor: Please call the embassy in Yangon. Is he safe now?"
    assert ["End the conversation"] in back.buttons

    await user.send("/end")
    ended = await user.expect_message()
    assert "The conversation with the counsellor has ended." in ended.text
    assert "The person ended the conversation." in (await desk.expect_message()).text
    await tg.wait_idle()
    assert desk.topic_closed(thread)

    # Nobody in the helpdesk learned who wrote; nothing relayed entered the question log.
    seen = " ".join(m.content for m in tg.messages(HELPDESK))
    for secret in ("Shabnam", "shabnam_k", "9001"):
        assert secret not in seen
    assert not any("Imran" in text or "lakh" in text for text in await logged_texts(helpdesk_bot))

    # After the end, the bot reads the user's words again instead of relaying them.
    await user.send("how do i check that my agent is licensed?")
    assert "licen" in (await user.expect_message()).text.lower()


async def test_a_counsellor_can_end_the_case_and_a_closed_case_relays_nothing(
    helpdesk_bot: RunningBot, tg: TelegramEmulator
) -> None:
    desk = tg.group(HELPDESK)
    counsellor = tg.user(9102, first_name="Counsellor")
    user = tg.user(9002, first_name="Zainab", username="zainab_q", language_code="ur")
    await user.send("/language")
    await user.expect_message()
    await user.press("اردو")
    await user.expect_edit()
    await user.press("مجھے ابھی مدد چاہیے")
    await user.expect_edit()
    await user.press("کسی انسان سے بات کریں")
    await user.expect_edit()
    await user.press("ہاں، مجھے ملائیں")
    assert "کیس نمبر 1" in (await user.expect_message()).text
    ((thread, _),) = desk.topics().items()
    await desk.expect_message()

    await user.press("کونسلر کو میرا ٹیلی گرام نام دکھائیں")
    shared = await desk.expect_message()
    assert "Zainab (@zainab_q)" in shared.text, "shown only because the user chose to"
    await desk.send(counsellor, "/end", topic=thread)
    ended = await user.expect_message()
    assert "کونسلر نے بات چیت ختم کر دی" in ended.text
    await tg.wait_idle()
    assert desk.topic_closed(thread)
    await user.send("ایجنٹ کا لائسنس کیسے چیک کروں")
    assert "کونسلر" not in (await user.expect_message()).text, "no longer relayed"


async def test_a_counsellors_dates_and_numbers_keep_their_order_for_an_urdu_reader(
    helpdesk_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    ur = content.language("ur")
    desk = tg.group(HELPDESK)
    counsellor = tg.user(9102, first_name="Counsellor")
    user = tg.user(9002, language_code="ur")
    await user.send("/language")
    await user.expect_message()
    await user.press(ur.name)
    await user.expect_edit()
    await user.send("help me my brother is trapped in Myanmar")
    await user.expect_message()
    await user.press(ur.translate("Talk to a person"))
    await user.expect_edit()
    await user.press(ur.translate("Yes, connect me"))
    await user.expect_message()
    ((thread, _),) = desk.topics().items()
    await desk.expect_message()

    said = "سفارت خانے کو 2026-11-22 سے پہلے +95 1 524 312 پر کال کریں"
    await desk.send(counsellor, said, topic=thread)
    back = await user.expect_message()
    assert f"{LRI}2026-11-22{PDI}" in back.content, "the date does not turn into 22-11-2026"
    assert f"{LRI}+95 1 524 312{PDI}" in back.content
    assert [ur.translate("End the conversation")] in back.buttons
