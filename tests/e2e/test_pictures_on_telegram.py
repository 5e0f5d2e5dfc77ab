"""Job ads sent as pictures are read (Tesseract) and scanned like pasted ads, on both frameworks."""

from __future__ import annotations

import sqlite3

import pytest

from bot.content.model import Content
from bot.core.bidi import isolate
from bot.core.home_country import guess_country
from tests.e2e.conftest import RunningBot
from tests.pictures.ads import ad_picture, noise_picture, require_ocr
from tests.telegram_emulator import TelegramEmulator
from tests.telegram_emulator.users import EmulatedUser


@pytest.fixture(autouse=True)
def ocr() -> None:
    """Tesseract, libraqm and the Noto fonts; on CI they must be there."""
    require_ocr()


# (language, ad text, flags the picture must raise, a flag whose words are quoted)
POSTERS = [
    (
        "en",
        "HIRING NOW: Customer support in Bangkok, salary $1500/month, free air ticket and visa, travel on visit visa, only 5 seats, contact WhatsApp",
        ("visit_visa", "risky_destination", "chat_app_recruitment", "free_travel"),
        ("visit_visa", "visit visa"),
    ),
    (
        "ur",
        "تھائی لینڈ میں کال سینٹر کی نوکری، تنخواہ 1500 ڈالر، وزٹ ویزا پر جانا ہے، ٹکٹ مفت، جلدی رابطہ کریں",
        ("visit_visa", "risky_destination", "unrealistic_salary", "free_travel"),
        ("visit_visa", "وزٹ ویزا"),
    ),
    (
        "ur-Latn",
        "Thailand mein online marketing job, tankhwah 2 lakh mahana, visit visa pe jana hai, registration fee 50,000 advance",
        ("upfront_fee", "visit_visa", "risky_destination"),
        ("upfront_fee", "registration fee"),
    ),
    (
        "ps",
        "په تایلینډ کې د کال سنټر دنده، معاش ۱۵۰۰ ډالر، ویزه او ټکټ وړیا، په وزټ ویزه ځئ",
        ("visit_visa", "risky_destination"),
        ("risky_destination", "تایلینډ"),
    ),
    (
        "id",
        "LOWONGAN KERJA di Thailand: admin online, gaji Rp 25 juta per bulan, tiket pesawat gratis, berangkat pakai visa turis, hubungi WhatsApp",
        ("visit_visa", "risky_destination", "unrealistic_salary", "free_travel"),
        ("visit_visa", "visa turis"),
    ),
    (
        "fil",
        "HIRING: call center agent sa Cambodia, sweldo 80 libo pesos kada buwan, libre ang ticket at hotel, tourist muna, PM lang po",
        ("visit_visa", "risky_destination", "unrealistic_salary", "free_travel"),
        ("free_travel", "libre ang ticket"),
    ),
]


async def speaking(
    tg: TelegramEmulator, user_id: int, language: str, content: Content
) -> EmulatedUser:
    """A user who chose ``language`` with /language."""
    user = tg.user(user_id, language_code="en")
    await user.send("/language")
    await user.expect_message()
    await user.press(content.language(language).name)
    await user.expect_edit()
    return user


def log_rows(bot: RunningBot) -> list[tuple[str, str, str]]:
    path = str(bot.settings.DATABASE_URL).removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        return db.execute("SELECT kind, flags, text FROM question_log").fetchall()


@pytest.mark.parametrize(("language", "ad", "flags", "quoted"), POSTERS)
async def test_a_photo_of_an_ad_gets_its_red_flags_with_the_words_quoted(
    running_bot: RunningBot,
    tg: TelegramEmulator,
    content: Content,
    language: str,
    ad: str,
    flags: tuple[str, ...],
    quoted: tuple[str, str],
) -> None:
    user = await speaking(tg, 8700 + [p[0] for p in POSTERS].index(language), language, content)
    await user.send_photo(ad_picture(ad, language), width=1200, height=400)
    verdict = await user.expect_message()
    # The home country guessed from the language brings its pack's flag texts.
    home = guess_country(content, language)
    lang = content.for_country(home).language(language)
    assert lang.translate("I read the words in your picture. This is what I found:") in verdict.text
    assert lang.translate("Red flags in this ad") in verdict.text

    def shown(flag: str) -> str:  # as a reader sees it: numbers isolated in RTL languages
        found = lang.text("flags", flag, "found")
        return isolate(found) if lang.direction == "rtl" else found

    for flag in flags:
        assert shown(flag) in verdict.html, flag
    flag, words = quoted
    line = next(x for x in verdict.text.splitlines() if shown(flag) in x)
    assert words in line and "“" in line, f"the words that raised {flag} are quoted: {line}"
    assert [lang.translate("Report this ad")] in verdict.buttons
    rows = [r for r in log_rows(running_bot) if r[0] == "scan"]
    assert len(rows) == 1 and all(f in rows[0][1] for f in flags), "logged like a pasted ad"


async def test_an_image_sent_as_a_file_is_read_too(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = await speaking(tg, 8711, "en", content)
    _, ad, flags, _ = POSTERS[0]
    await user.send_document(ad_picture(ad, "en"), file_name="job.png", mime_type="image/png")
    verdict = await user.expect_message()
    for flag in flags:
        assert content.language("en").text("flags", flag, "found") in verdict.html


async def test_a_picture_without_readable_words_asks_for_the_text_and_logs_nothing(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = await speaking(tg, 8712, "ur", content)
    await user.send_photo(noise_picture(), width=600, height=400)
    answer = await user.expect_message()
    ur = content.language("ur")
    assert (
        ur.translate(
            "I could not read the words in this picture clearly. Please type or paste the text of the ad, and I will check it."
        )
        in answer.text
    )
    assert [ur.translate("Main menu")] in answer.buttons
    assert not log_rows(running_bot)
    # The bot now waits for the ad's text: typing it gets the scan.
    await user.send(POSTERS[1][1])
    assert ur.translate("Red flags in this ad") in (await user.expect_message()).text


async def test_a_photo_in_the_middle_of_the_checklist_is_scanned_with_the_way_back(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = await speaking(tg, 8713, "en", content)
    await user.send("/check")
    await user.expect_message()
    await user.expect_message()
    await user.send_photo(ad_picture(POSTERS[0][1], "en"), width=1200, height=400)
    verdict = await user.expect_message()
    assert "Red flags in this ad" in verdict.text
    assert ["Back to question 1"] in verdict.buttons
    await user.press("Back to question 1")
    assert "Question 1 of " in (await user.expect_edit()).text
