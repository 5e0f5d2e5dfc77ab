"""Picture cards in Urdu and Pashto: dates, numbers and links read left to right inside the line."""

from __future__ import annotations

import io

import pytesseract
import pytest
from PIL import Image

from bot.cards import card_renderer
from bot.core.sharing import CardPicture
from tests.pictures.ads import require_ocr

LINES = {
    "ur": (
        "دفتر کے اوقات 10:00–17:00 ہیں، فہرست https://beoe.gov.pk/list?city=lhr&page=2 پر "
        "دیکھیں اور 2026-11-22 سے پہلے Call 0300-1234567 now لکھیں"
    ),
    "ps": (
        "د دفتر وخت 10:00–17:00 دی، لېست https://beoe.gov.pk/list?city=lhr&page=2 کې "
        "وګورئ او تر 2026-11-22 مخکې Call 0300-1234567 now ولیکئ"
    ),
}


@pytest.mark.parametrize("language", sorted(LINES))
def test_numbers_dates_and_links_keep_their_order_inside_a_right_to_left_card(
    language: str,
) -> None:
    require_ocr()
    renderer = card_renderer()
    assert renderer is not None
    card = CardPicture(title="⚠", lines=(LINES[language],), footer="@bot", direction="rtl")
    png = renderer.render(card)
    read = pytesseract.image_to_string(Image.open(io.BytesIO(png)), "eng")
    words = " ".join(read.replace("–", "-").split())  # Tesseract may read the en dash
    assert "10:00-17:00" in words, f"the hours are not turned into 17:00-10:00: {words}"
    assert "2026-11-22" in words, f"the date does not read 22-11-2026: {words}"
    assert "beoe.gov.pk/list?city=" in words and "&page=2" in words, words
    assert "Call 0300-1234567 now" in words, f"a Latin phrase around a number stays whole: {words}"
