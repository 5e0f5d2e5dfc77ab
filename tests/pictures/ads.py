"""Render a job ad as a PNG poster, with Urdu and Pashto joined and right to left (raqm),
and Devanagari shaped.

The tests draw the pictures themselves so that what the bot must read is known exactly.
Pillow shapes Arabic-script text only with libraqm (Debian ``libraqm0``); Noto fonts come
from ``fonts-noto-core``. Without them the pictures would be wrong, so the tests skip
with the reason (and ``.ci/run`` installs both).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont, features

from bot.ocr import OcrModels, missing_models, tesseract_available

ROOT = Path(__file__).resolve().parents[2]
FONTS = Path("/usr/share/fonts/truetype/noto")
FONT_OF = {
    "en": "NotoSans-Regular.ttf",
    "ur-Latn": "NotoSans-Regular.ttf",
    "id": "NotoSans-Regular.ttf",
    "fil": "NotoSans-Regular.ttf",
    "ur": "NotoNaskhArabic-Regular.ttf",
    "ps": "NotoNaskhArabic-Regular.ttf",
    "hi": "NotoSansDevanagari-Regular.ttf",
}
RTL = {"ur", "ps"}
WIDTH = 1200
MARGIN = 40


def require_ocr() -> None:
    """Skip (fail on CI, where .ci/run installs them) without Tesseract, libraqm or the fonts."""
    reason = missing()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def missing() -> str | None:
    """Why ad pictures cannot be drawn and read here, or None."""
    if not tesseract_available():
        return "tesseract is not installed (apt-get install tesseract-ocr-urd tesseract-ocr-pus)"
    absent_models = missing_models(OcrModels.load(ROOT / "content"))
    if absent_models:
        packages = " ".join(f"tesseract-ocr-{m}" for m in absent_models)
        return f"tesseract has no data for {absent_models} (apt-get install {packages})"
    if not features.check("raqm"):
        return "Pillow has no libraqm (apt-get install libraqm0): Urdu would not be shaped"
    absent = [name for name in set(FONT_OF.values()) if not (FONTS / name).exists()]
    if absent:
        return f"fonts missing (apt-get install fonts-noto-core): {absent}"
    return None


def _lines(text: str, font: ImageFont.FreeTypeFont, direction: str | None) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate, direction=direction) > WIDTH - 2 * MARGIN:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current]


def ad_picture(text: str, language: str, *, size: int = 40, fmt: str = "PNG") -> bytes:
    """``text`` drawn black on white like a simple poster, wrapped to the width."""
    font = ImageFont.truetype(
        str(FONTS / FONT_OF[language]), size, layout_engine=ImageFont.Layout.RAQM
    )
    direction = "rtl" if language in RTL else "ltr"
    lines = _lines(text, font, direction)
    step = int(size * 2)
    image = Image.new("RGB", (WIDTH, 2 * MARGIN + step * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        y = MARGIN + index * step
        if direction == "rtl":
            draw.text(
                (WIDTH - MARGIN, y), line, font=font, fill="black", direction="rtl", anchor="ra"
            )
        else:
            draw.text((MARGIN, y), line, font=font, fill="black", direction="ltr", anchor="la")
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def noise_picture() -> bytes:
    """A photo with no words in it (a sunset, a selfie): nothing to read."""
    image = Image.radial_gradient("L").resize((600, 400)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()
