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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytesseract
from PIL import Image, ImageOps, UnidentifiedImageError

from bot.understanding.vocabulary import read_yaml

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024  # larger files are not downloaded at all
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded
MAX_SIDE = 3000  # larger pictures are scaled down first: Tesseract needs no more
MIN_WORDS = 3
MIN_CONFIDENCE = 60.0  # mean word confidence (0-100) below which we ask for the text

DEFAULT_MODEL = "eng"  # a language whose entry names no `ocr:` model is read as English


@dataclass(frozen=True)
class OcrModels:
    """Which Tesseract data reads each content language, from ``languages.yaml`` (``ocr:``).

    A language is added in content, so its OCR data is named there too, next to its script:
    a volunteer who adds Bengali writes ``ocr: ben`` and CI installs ``tesseract-ocr-ben``.
    ``also`` are the models tried next when the user's own one reads nothing clear (an
    English poster forwarded to an Urdu reader, an Urdu one to an English reader).
    """

    by_language: Mapping[str, str]
    also: tuple[str, ...]

    @classmethod
    def load(cls, content_dir: Path) -> OcrModels:
        """Read the `ocr:` entries and `ocr_also:` of ``languages.yaml`` (checked by content check)."""
        data = read_yaml(content_dir / "understanding" / "languages.yaml")
        entries = data.get("languages") or {}
        return cls(
            by_language={
                str(code): str((entry or {}).get("ocr") or DEFAULT_MODEL)
                for code, entry in entries.items()
            },
            also=tuple(str(m) for m in data.get("ocr_also") or (DEFAULT_MODEL,)),
        )

    def for_language(self, language: str) -> tuple[str, str]:
        """The user's own model first, then the first of ``also`` that is another one."""
        first = self.by_language.get(language, DEFAULT_MODEL)
        second = next((m for m in self.also if m != first), first)
        return (first, second)

    @property
    def needed(self) -> frozenset[str]:
        """Every model the content names: what the machine must have installed."""
        return frozenset({*self.by_language.values(), *self.also})


def missing_models(models: OcrModels) -> list[str]:
    """The models the content needs that this machine's Tesseract does not have (sorted)."""
    try:
        installed = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError):
        return sorted(models.needed)
    return sorted(models.needed - installed)


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


_SENTENCE_END = tuple(".!?:;۔؟؛")


def _unwrapped(lines: list[str]) -> str:
    """The lines of a picture, with a sentence that a poster wrapped ("travel on visit" /
    "visa") joined again so that its phrases are found; a line that ends a sentence, or
    one that starts with a capital (a new item: "Contact: ..."), still starts a new line."""
    out: list[str] = []
    for line in lines:
        if out and not out[-1].endswith(_SENTENCE_END) and not line[:1].isupper():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


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
    text = _unwrapped([" ".join(words) for words in lines.values()])
    return PictureText(text, sum(confidences) / len(confidences), len(confidences))


def read_picture(data: bytes, models: Sequence[str], timeout: float) -> PictureText:
    """The words of ``data`` (PNG, JPEG, WebP...), read with the one of ``models`` (tried in
    order) that reads them most clearly. Blocking."""
    image = _prepared(data)
    if image is None:
        return UNREADABLE
    best = UNREADABLE
    for model in dict.fromkeys(models):
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
    """Reads pictures off the event loop, at most ``parallel`` at a time, each within ``timeout``,
    with the Tesseract data that ``models`` names for the user's language."""

    def __init__(self, models: OcrModels, *, timeout: float = 20.0, parallel: int = 1) -> None:
        self._models = models
        self._timeout = timeout
        self._slots = asyncio.Semaphore(parallel)

    async def read(self, data: bytes, language: str) -> PictureText:
        """What the picture says; :data:`UNREADABLE` for anything too big, broken or unclear."""
        if len(data) > MAX_BYTES:
            return UNREADABLE
        async with self._slots:
            models = self._models.for_language(language)
            return await asyncio.to_thread(read_picture, data, models, self._timeout)


def tesseract_available() -> bool:
    """Whether the ``tesseract`` program can be run (the bot then reads pictures)."""
    try:
        pytesseract.get_tesseract_version()
    except (pytesseract.TesseractNotFoundError, OSError):
        return False
    return True
