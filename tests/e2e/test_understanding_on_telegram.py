"""Questions and forwarded ads in four languages, end to end; the log names no one."""

from __future__ import annotations

import sqlite3

import pytest

from bot.content.model import Content
from tests.e2e.conftest import RunningBot
from tests.telegram_emulator import TelegramEmulator

QUESTIONS = [
    ("en", "en", "how do i check that my agent is licensed?", "verify_recruiter"),
    ("ur", "en", "ایجنٹ کا لائسنس کیسے چیک کروں", "verify_recruiter"),
    ("ur-Latn", "en", "bhai agent 4 lakh fees maang raha hai kya ye theek hai", "fees"),
    ("ps", None, "زما ورور په کمبوډیا کې بند دی، څه وکړم؟", "help_abroad"),
]

ADS = [
    (
        "en",
        "HIRING NOW: Customer support in Bangkok, salary $1500/month, free air ticket and visa, travel on visit visa, only 5 seats, contact WhatsApp",
    ),
    (
        "ur",
        "تھائی لینڈ میں کال سینٹر کی نوکری، تنخواہ 1500 ڈالر، وزٹ ویزا پر جانا ہے، ٹکٹ مفت، جلدی رابطہ کریں",
    ),
    (
        "ur-Latn",
        "Thailand mein online marketing job, tankhwah 2 lakh mahana, visit visa pe jana hai, registration fee 50,000 advance",
    ),
    ("ps", "په تایلینډ کې د کال سنټر دنده، معاش ۱۵۰۰ ډالر، ویزه او ټکټ وړیا، په وزټ ویزه ځئ"),
]


def db_bytes(bot: RunningBot) -> bytes:
    path = str(bot.settings.DATABASE_URL).removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(FULL)")
    with open(path, "rb") as handle:
        return handle.read()


@pytest.mark.parametrize(("language", "hint", "question", "topic"), QUESTIONS)
async def test_a_typed_question_gets_the_faq_answer_in_the_writers_language(
    running_bot: RunningBot,
    tg: TelegramEmulator,
    content: Content,
    language: str,
    hint: str | None,
    question: str,
    topic: str,
) -> None:
    user = tg.user(8100 + QUESTIONS.index((language, hint, question, topic)), language_code=hint)
    await user.send(question)
    answer = await user.expect_message()
    lang = content.language(language)
    assert lang.text("faq", topic, "title") in answer.html
    assert [lang.translate("👍 Yes"), lang.translate("👎 No")] in answer.buttons
    await user.press(lang.translate("👍 Yes"))
    after = await user.expect_edit()
    assert [lang.translate("👍 Yes"), lang.translate("👎 No")] not in after.buttons


@pytest.mark.parametrize(("language", "ad"), ADS)
async def test_a_forwarded_ad_is_scanned_in_its_language_and_can_be_reported(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content, language: str, ad: str
) -> None:
    user = tg.user(8200 + [a for _, a in ADS].index(ad), language_code="en")
    await user.forward(ad, from_chat_title="Jobs Abroad 2026")
    verdict = await user.expect_message()
    lang = content.language(language)
    assert lang.translate("Red flags in this ad") in verdict.text
    assert lang.text("flags", "visit_visa", "found") in verdict.html
    assert verdict.text[0] in "🟠🔴"
    await user.press(lang.translate("Report this ad"))
    thanks = await user.expect_message()
    assert lang.translate("Check a job offer") in [b for row in thanks.buttons for b in row]


async def test_the_log_keeps_scrubbed_questions_and_never_the_asker(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    user = tg.user(987654321, first_name="Imran", username="imran_k", language_code="en")
    await user.send("My name is Imran Khalid, call me on 0300-1234567. Is the agent licence real?")
    await user.expect_message()
    await running_bot.stop()
    raw = db_bytes(running_bot)
    for secret in (b"987654321", b"Imran", b"imran_k", b"0300", b"1234567"):
        assert secret not in raw, secret
    assert b"[phone]" in raw and b"[name]" in raw, (
        "the scrubbed question itself is kept for the agencies"
    )
    await running_bot.start()


async def test_nonsense_gets_an_honest_answer_and_the_checklist(
    running_bot: RunningBot, tg: TelegramEmulator
) -> None:
    user = tg.user(8300, language_code="en")
    await user.send("asdf qwer zxcv")
    answer = await user.expect_message()
    assert "not sure I understood" in answer.text
    assert ["Check a job offer"] in answer.buttons
