"""Picture cards: every language in its own script, emoji in colour, and in Urdu and Pashto
dates, numbers and links read left to right inside the line."""

from __future__ import annotations

import io
import re

import pytesseract
import pytest
import yaml
from PIL import Image

from bot.cards import card_renderer
from bot.content.model import Content
from bot.core.sharing import CardPicture
from tests.pictures.ads import ROOT, require_ocr

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


def _read_words(png: bytes, model: str) -> set[str]:
    text = pytesseract.image_to_string(Image.open(io.BytesIO(png)), model)
    return {_bare(word) for word in text.split()} - {""}


def _bare(word: str) -> str:
    """A word without the punctuation and invisible marks Tesseract may add around it."""
    return word.strip(".,:;!?()।،۔\u200c\u200d\u200e\u200f")


# Each language with a country whose pack writes its danger summary in it.
HOME = {
    "en": "PK", "ur": "PK", "ps": "PK", "hi": "IN", "ne": "NP", "bn": "BD",
    "si": "LK", "ta": "LK", "id": "ID", "fil": "PH",
}  # fmt: skip


@pytest.mark.parametrize("language", sorted(HOME))
def test_a_danger_card_is_drawn_in_the_script_of_its_language(
    language: str, content: Content
) -> None:
    """A Hindi, Bengali, Sinhala or Tamil card drawn with a Latin-only font is a row of boxes:
    Tesseract reading the card back in that language finds most of the summary's words."""
    require_ocr()
    renderer = card_renderer()
    assert renderer is not None
    lang = content.country_views[HOME[language]].languages[language]
    summary = " ".join(lang.text("levels", "danger", "summary").split())
    plain = re.sub(r"<[^>]+>", "", summary)
    card = CardPicture(
        title=lang.text("levels", "danger", "title"),
        lines=(plain,),
        footer="@bot",
        direction=lang.direction,
        level="danger",
    )
    models = yaml.safe_load((ROOT / "content/understanding/languages.yaml").read_text())
    read = _read_words(renderer.render(card), models["languages"][language]["ocr"])
    words = [_bare(w) for w in plain.split()]
    words = [w for w in words if len(w) > 2]
    found = [w for w in words if w in read]
    assert len(found) >= 0.6 * len(words), f"{language}: read back {sorted(read)}"


def _coloured_pixels(png: bytes) -> int:
    """Pixels between the two bands that are neither white, grey nor black."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    body = image.crop((0, 30, image.width, image.height - 30))
    return sum(1 for r, g, b in body.get_flattened_data() if max(r, g, b) - min(r, g, b) > 80)


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_emoji_on_a_card_are_drawn_in_colour_not_as_boxes(direction: str) -> None:
    require_ocr()
    renderer = card_renderer()
    assert renderer is not None
    words = "Danger" if direction == "ltr" else "خطرہ"
    plain = renderer.render(CardPicture("", (words,), "@bot", direction))
    with_emoji = renderer.render(CardPicture("", (f"⚠️ {words} 🔴",), "@bot", direction))
    # The lines are black on white (only a title is in colour, and these cards have none):
    # the warning sign and the red circle are the only colour.
    assert _coloured_pixels(plain) == 0
    assert _coloured_pixels(with_emoji) > 500
