"""*Share this warning* under every broadcast alert: the chat picker offers that alert first."""

from __future__ import annotations

import asyncio
import io
import time

import pytesseract
from PIL import Image

from bot.broadcast.enqueue import enqueue_broadcast
from bot.content.model import Content
from bot.core.bidi import LRI, PDI
from bot.ocr import OcrModels, read_picture
from bot.store.broadcasts import Audience
from tests.e2e.agency import add_subscribers, agency_bot, wait_delivered  # noqa: F401
from tests.e2e.conftest import RunningBot
from tests.pictures.ads import require_ocr
from tests.telegram_emulator import TelegramEmulator

EN = "<b>Fake visas</b>: an agent in Lahore sells Thai work visas for Rs 350,000. Call 1991."
UR = "<b>جعلی ویزے</b>: لاہور میں ایک ایجنٹ Rs 350,000 میں تھائی ویزا بیچ رہا ہے۔ 1991 پر کال کریں۔"


async def test_every_alert_copy_can_be_shared_as_that_alert(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
    content: Content,
) -> None:
    english, urdu = await add_subscribers(agency_bot, tg, {9801: "en", 9802: "ur"})
    assert agency_bot.services is not None and agency_bot.services.broadcasts is not None
    info = await enqueue_broadcast(
        agency_bot.services.store,
        agency_bot.services.content.current(),
        {"en": EN, "ur": UR},
        audience=Audience(),
        actor="cli",
        start_at=time.time(),
    )
    agency_bot.services.broadcasts.wake()
    await wait_delivered(tg, [9801, 9802])

    for user, code in ((english, "en"), (urdu, "ur")):
        lang = content.language(code)
        copy = user.messages[-1]
        share = lang.translate("Share this warning")
        (button,) = [b for row in copy.inline_keyboard for b in row if b["text"] == share]
        query = button["switch_inline_query"]
        assert query == f"b{info.id}", "the picker opens on this very alert"
        record = await user.inline_query(query)
        assert record.results is not None
        first = record.results[0]
        assert first["id"] == f"broadcast-{info.id}"
        assert "Rs 350,000" in first["visible_text"], "the card says what the alert says"
        assert f"@{tg.state.bot_username}" in first["visible_text"], "the family can find the bot"
        assert {r["id"] for r in record.results[1:]} >= {f"alert-{a.id}" for a in content.alerts}

    assert f"{LRI}Rs 350,000{PDI}" in urdu.messages[-1].content, "an Urdu alert is isolated too"
    assert LRI not in english.messages[-1].content


async def test_an_inline_query_for_a_broadcast_that_does_not_exist_offers_the_usual_cards(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
    content: Content,
) -> None:
    user = tg.user(9803, language_code="en")
    record = await user.inline_query("b999")
    assert record.results is not None
    assert [r["id"] for r in record.results] == [f"alert-{a.id}" for a in content.alerts]


async def test_every_alert_copy_can_be_forwarded_as_a_picture_in_its_readers_language(
    agency_bot: RunningBot,  # noqa: F811
    tg: TelegramEmulator,
    content: Content,
) -> None:
    require_ocr()  # the card is read back with Tesseract: what a relative would read
    english, urdu = await add_subscribers(agency_bot, tg, {9811: "en", 9812: "ur"})
    assert agency_bot.services is not None
    await enqueue_broadcast(
        agency_bot.services.store,
        agency_bot.services.content.current(),
        {"en": EN, "ur": UR},
        audience=Audience(),
        actor="cli",
        start_at=time.time(),
    )
    agency_bot.services.broadcasts.wake()
    await wait_delivered(tg, [9811, 9812])
    models = OcrModels.load(agency_bot.settings.CONTENT_DIR)

    read: dict[str, tuple[str, str]] = {}
    for user, code in ((english, "en"), (urdu, "ur")):
        lang = content.language(code)
        await user.expect_message()  # the copy
        await user.press(lang.translate("Share as a picture"))
        card = await user.expect_message()
        assert card.photo is not None and card.photo.startswith(b"\x89PNG")
        assert lang.translate("Forward this picture to your family:") in card.content
        # Read in threads: the bot runs on this event loop and must not be blocked meanwhile.
        own = await asyncio.to_thread(read_picture, card.photo, models.for_language(code), 30)
        latin = await asyncio.to_thread(
            pytesseract.image_to_string, Image.open(io.BytesIO(card.photo)), "eng"
        )
        read[code] = (" ".join(own.text.split()), " ".join(latin.split()))

    english_words = read["en"][0]
    assert "Fake visas" in english_words and "Rs 350,000" in english_words
    urdu_words, urdu_latin = read["ur"]
    assert "لاہور" in urdu_words, f"the Urdu reader gets the Urdu alert: {urdu_words}"
    assert "350,000" in urdu_latin, "the amount reads left to right inside the Urdu line"
    for code, (_, latin) in read.items():
        assert f"@{tg.state.bot_username}" in latin, f"{code}: the bot's @name, in Latin letters"
        assert "unsubscribe" not in latin, f"{code}: nothing says the sharer subscribed"
