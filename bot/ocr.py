"""Reading the words of a picture (a poster, a screenshot of a job ad) with Tesseract.

Most fake job ads travel as pictures, so the bot reads them like a pasted ad. The picture
exists only in memory while it is read (pytesseract hands it to the ``tesseract`` program
through a temporary file that it deletes at once); nothing of it is kept. Reading runs in a
worker thread with a time limit, one or two at a time, so a big picture cannot stall the
bot for everyone else.
"""

from __future__ import annotations

import asyncio
import io
import logging
from dataclasses import dataclass

import pytesseract
from PIL import Image, ImageOps, UnidentifiedImageError

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024  # larger files are not downloaded at all
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded
MAX_SIDE = 3000  # larger pictures are scaled down first: Tesseract needs no more
MIN_WORDS = 3
MIN_CONFIDENCE = 60.0  # mean word confidence (0-100) below which we ask for the text

# Tesseract's trained data for each content language; Roman Urdu is Latin script.
MODELS = {"en": "eng", "ur": "urd", "ur-Latn": "eng", "ps": "pus"}


@dataclass(frozen=True)
class PictureText:
    """What a picture said: ``text`` in reading order and the mean word ``confidence``."""

    text: str
    confidence: float
    words: int

    @property
    def readable(self) -> bool:
        """Enough words, read with enough confidence, to scan them like a pasted ad."""
        return self.words >= MIN_WORDS and self.confidence >= MIN_CONFIDENCE


UNREADABLE = PictureText("", 0.0, 0)


def models_for(language: str) -> tuple[str, ...]:
    """The user's script first, then the other one (English posters reach Urdu readers too)."""
    first = MODELS.get(language, "eng")
    return (first, "urd" if first == "eng" else "eng")


def _prepared(data: bytes) -> Image.Image | None:
    """The picture decoded, upright, in greyscale and at most MAX_SIDE wide; None if it is none."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
            if width * height > MAX_PIXELS:
                return None
            image = ImageOps.exif_transpose(probe).convert("L")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    return image


def _read_with(image: Image.Image, model: str, timeout: float) -> PictureText:
    data = pytesseract.image_to_data(
        image, lang=model, output_type=pytesseract.Output.DICT, timeout=timeout
    )
    lines: dict[tuple[int, int, int], list[str]] = {}
    confidences: list[float] = []
    for word, conf, block, par, line in zip(
        data["text"],
        data["conf"],
        data["block_num"],
        data["par_num"],
        data["line_num"],
        strict=True,
    ):
        if not str(word).strip() or float(conf) < 0:
            continue
        confidences.append(float(conf))
        lines.setdefault((block, par, line), []).append(str(word))
    if not confidences:
        return UNREADABLE
    text = "\n".join(" ".join(words) for words in lines.values())
    return PictureText(text, sum(confidences) / len(confidences), len(confidences))


def read_picture(data: bytes, language: str, timeout: float) -> PictureText:
    """The words of ``data`` (PNG, JPEG, WebP...), read in the language that fits best. Blocking."""
    image = _prepared(data)
    if image is None:
        return UNREADABLE
    best = UNREADABLE
    for model in models_for(language):
        try:
            found = _read_with(image, model, timeout)
        except (RuntimeError, pytesseract.TesseractError) as exc:  # RuntimeError: timed out
            log.warning("could not read a picture with %s: %s", model, type(exc).__name__)
            continue
        if found.readable and found.confidence > best.confidence:
            best = found
        if best.confidence >= 90:
            break  # clear enough: a second pass would only cost time
    return best


class PictureReader:
    """Reads pictures off the event loop, at most ``parallel`` at a time, each within ``timeout``."""

    def __init__(self, *, timeout: float = 20.0, parallel: int = 1) -> None:
        self._timeout = timeout
        self._slots = asyncio.Semaphore(parallel)

    async def read(self, data: bytes, language: str) -> PictureText:
        """What the picture says; :data:`UNREADABLE` for anything too big, broken or unclear."""
        if len(data) > MAX_BYTES:
            return UNREADABLE
        async with self._slots:
            return await asyncio.to_thread(read_picture, data, language, self._timeout)


def tesseract_available() -> bool:
    """Whether the ``tesseract`` program can be run (the bot then reads pictures)."""
    try:
        pytesseract.get_tesseract_version()
    except (pytesseract.TesseractNotFoundError, OSError):
        return False
    return True
