"""Share this warning: inline mode offers the last verdict and the alerts as cards."""

from __future__ import annotations

import asyncio
import io

import pytesseract
import pytest
from PIL import Image

from bot.content.model import Content
from bot.ocr import OcrModels, read_picture
from tests.e2e.conftest import RunningBot
from tests.pictures.ads import require_ocr
from tests.telegram_emulator import TelegramEmulator

AD = (
    "HIRING NOW: Customer support in Bangkok, salary $1500/month, free air ticket and visa, "
    "travel on visit visa, only 5 seats, contact WhatsApp +92 300 1234567"
)


async def test_a_verdict_is_shared_into_another_chat_as_a_card(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = tg.user(9301, first_name="Kamran", username="kamran_x", language_code="ur")
    await user.send("/language")
    await user.expect_message()
    await user.press("اردو")
    await user.expect_edit()
    await user.send(AD)
    verdict = await user.expect_message()
    ur = content.language("ur")
    share = ur.translate("Share this warning")
    button = next(b for row in verdict.inline_keyboard for b in row if b["text"] == share)
    assert button.get("switch_inline_query") == "", "opens Telegram's chat picker"

    record = await user.inline_query("")
    assert record.results is not None
    first, *alerts = record.results
    assert first["id"].startswith("verdict-")
    card = first["visible_text"]
    assert ur.text("flags", "visit_visa", "found") in card
    assert f"@{tg.state.bot_username}" in card
    for secret in ("Kamran", "kamran_x", "9301", "1234567", "WhatsApp"):
        assert secret not in card, f"a card holds nothing about the sharer or the ad: {secret}"
    assert {a["id"] for a in alerts} == {f"alert-{a.id}" for a in content.alerts}
    assert record.options["is_personal"]


async def test_someone_without_a_verdict_is_offered_the_alerts(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content
) -> None:
    user = tg.user(9302, language_code="en")
    record = await user.inline_query("visa")
    assert record.results is not None
    titles = [r["title"] for r in record.results]
    assert titles == [a.title("en", "en") for a in content.alerts]


@pytest.mark.parametrize("language", ["en", "ur"])
async def test_a_verdict_becomes_a_picture_card_to_forward(
    running_bot: RunningBot, tg: TelegramEmulator, content: Content, language: str
) -> None:
    require_ocr()  # the card is read back with Tesseract: what a relative would read
    lang = content.language(language)
    user = tg.user(9310 + len(language), first_name="Kamran", language_code="en")
    await user.send("/language")
    await user.expect_message()
    await user.press(lang.name)
    await user.expect_edit()
    await user.send(AD)
    await user.expect_message()
    await user.press(lang.translate("Share as a picture"))
    card = await user.expect_message()
    assert card.photo is not None and card.photo.startswith(b"\x89PNG")
    assert lang.translate("Forward this picture to your family:") in card.content
    # Read in a thread: the bot runs on this event loop and must not be blocked meanwhile.
    models = OcrModels.load(running_bot.settings.CONTENT_DIR).for_language(language)
    read = await asyncio.to_thread(read_picture, card.photo, models, 30)
    words = " ".join(read.text.split())
    level = lang.text("levels", "danger", "title").replace("<b>", "").replace("</b>", "")
    assert level.split()[0] in words, f"the verdict is readable on the card: {words}"
    latin = await asyncio.to_thread(
        pytesseract.image_to_string, Image.open(io.BytesIO(card.photo)), "eng"
    )
    assert f"@{tg.state.bot_username}" in latin, "the bot's @name, in Latin letters"
    for secret in ("Kamran", "1234567"):
        assert secret not in words and secret not in latin
