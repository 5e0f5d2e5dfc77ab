"""Warning cards as pictures (PNG) to forward to a family group.

A family decides together, often in a WhatsApp or Telegram group where a picture travels
further than a link. The card shows a verdict or an alert in the user's language, shaped
(Urdu and Pashto joined, right to left; Devanagari, Bengali, Sinhala and Tamil with their
conjuncts: Pillow with libraqm) in Noto fonts, emoji in colour, with the bot's @name; nothing
about the person who shares it.

Pillow draws a run of text with one font and has no fallback, and no one Noto font holds every
script the content uses. So each line is cut into runs that one font covers (read from the
fonts' own character maps with fontTools, Pillow's dependency through matplotlib): the font of
the current run while it has the character, else the first of :data:`TEXT_FONTS` that has it,
and the colour emoji font for emoji.

Without libraqm or the fonts the bot does not draw a card it would get wrong:
:func:`card_renderer` returns None and the text card is offered instead.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont, features

from bot.core import bidi
from bot.core.sharing import CardPicture

FONTS = Path("/usr/share/fonts/truetype/noto")
# (regular, bold) per script, in the order a character not in the current run's font is looked
# up: Latin first (digits and punctuation), then every script the content's languages write.
TEXT_FONTS = (
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    ("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    ("NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    ("NotoSansSinhala-Regular.ttf", "NotoSansSinhala-Bold.ttf"),
    ("NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"),
)
EMOJI_FONT = "NotoColorEmoji.ttf"
EMOJI_SIZE = 109  # the one size of Noto Color Emoji's bitmaps; drawn there, then scaled
WIDTH = 1080
MARGIN = 64
BAND = {"low": "#2e7d32", "caution": "#f9a825", "high": "#ef6c00", "danger": "#c62828"}
ALERT_BAND = "#1565c0"
_VS16 = "\ufe0f"  # "show the character before as an emoji"
_ZWJ = "\u200d"


class _Face(Protocol):
    """A font a run is drawn with: text fonts and the emoji font alike."""

    def length(self, text: str, direction: str) -> float: ...

    def draw(
        self, image: Image.Image, x: float, y: int, text: str, colour: str, direction: str
    ) -> None:
        """Draw ``text`` with its left edge at ``x`` and its baseline at ``y`` (fonts of
        different scripts have different ascenders: a shared baseline keeps a line level)."""


@dataclass(frozen=True)
class _TextFace:
    font: ImageFont.FreeTypeFont

    def length(self, text: str, direction: str) -> float:
        return self.font.getlength(text, direction=direction)

    def draw(
        self, image: Image.Image, x: float, y: int, text: str, colour: str, direction: str
    ) -> None:
        ImageDraw.Draw(image).text(
            (x, y), text, font=self.font, fill=colour, direction=direction, anchor="ls"
        )


@dataclass(frozen=True)
class _EmojiFace:
    """Colour emoji drawn at the bitmaps' size and scaled to the line's."""

    font: ImageFont.FreeTypeFont
    size: int

    @property
    def _scale(self) -> float:
        return self.size / EMOJI_SIZE

    def length(self, text: str, direction: str) -> float:
        return self.font.getlength(text) * self._scale

    def draw(
        self, image: Image.Image, x: float, y: int, text: str, colour: str, direction: str
    ) -> None:
        width = max(1, round(self.font.getlength(text)))
        ascent, descent = self.font.getmetrics()
        glyphs = Image.new("RGBA", (width, ascent + descent), (0, 0, 0, 0))
        ImageDraw.Draw(glyphs).text((0, 0), text, font=self.font, embedded_color=True)
        scaled = glyphs.resize(
            (max(1, round(width * self._scale)), max(1, round(glyphs.height * self._scale))),
            Image.Resampling.LANCZOS,
        )
        image.paste(scaled, (round(x), y - round(ascent * self._scale)), scaled)


@dataclass(frozen=True)
class _Font:
    face: _Face
    covers: frozenset[int]


class _FontSet:
    """The fonts of one size and weight, and which characters each has."""

    def __init__(self, text: list[_Font], emoji: _Font) -> None:
        self._text = text
        self._emoji = emoji
        self.latin = text[0].face

    def split(self, text: str) -> list[tuple[str, _Face]]:
        """``text`` in runs, in logical order, each drawn with one face."""
        runs: list[tuple[str, _Font]] = []
        for cluster in _clusters(text):
            font = self._pick(cluster, runs[-1][1] if runs else None)
            if runs and runs[-1][1] is font:
                runs[-1] = (runs[-1][0] + cluster, font)
            else:
                runs.append((cluster, font))
        return [(run, font.face) for run, font in runs]

    def _pick(self, cluster: str, current: _Font | None) -> _Font:
        code = ord(cluster[0])
        if _is_emoji(cluster, self._emoji.covers, self._text):
            return self._emoji
        if current is not None and current is not self._emoji and code in current.covers:
            return current
        return next((f for f in self._text if code in f.covers), self._text[0])


def _is_emoji(cluster: str, emoji: frozenset[int], text: list[_Font]) -> bool:
    code = ord(cluster[0])
    if code not in emoji:
        return False
    if _VS16 in cluster or _ZWJ in cluster:
        return True
    # Digits, '#' and '*' are in the emoji font for keycaps: text unless asked for (VS16).
    return not any(code in f.covers for f in text)


def _clusters(text: str) -> list[str]:
    """Characters with the marks, joiners and variation selectors that belong to them."""
    clusters: list[str] = []
    for char in text:
        joins = clusters and (
            unicodedata.combining(char)
            or unicodedata.category(char) in {"Mn", "Mc", "Me"}
            or unicodedata.category(char) == "Cf"  # ZWJ, ZWNJ, marks of direction
            or char in {_VS16, "\u20e3"}
            or clusters[-1].endswith(_ZWJ)
            or _is_skin_tone(char)
            or (_is_regional(char) and len(clusters[-1]) == 1 and _is_regional(clusters[-1]))
        )
        if joins:
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _is_skin_tone(char: str) -> bool:
    return 0x1F3FB <= ord(char) <= 0x1F3FF


def _is_regional(char: str) -> bool:
    """Half of a flag (🇵🇰 is two regional indicator letters)."""
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


class CardRenderer:
    """Draws :class:`CardPicture` values; build it with :func:`card_renderer`."""

    def __init__(self, fonts: Path) -> None:
        self._fonts = fonts
        self._sets: dict[tuple[bool, int], _FontSet] = {}

    @cached_property
    def _coverage(self) -> dict[str, frozenset[int]]:
        """Each font file's characters, read once, when the first card is drawn."""
        names = [name for pair in TEXT_FONTS for name in pair] + [EMOJI_FONT]
        coverage: dict[str, frozenset[int]] = {}
        for name in names:
            with TTFont(self._fonts / name, lazy=True) as font:
                coverage[name] = frozenset(font.getBestCmap())
        return coverage

    def _font_set(self, bold: bool, size: int) -> _FontSet:
        key = (bold, size)
        if key not in self._sets:
            text = [
                _Font(_TextFace(self._truetype(pair[bold], size)), self._coverage[pair[bold]])
                for pair in TEXT_FONTS
            ]
            emoji = _EmojiFace(self._truetype(EMOJI_FONT, EMOJI_SIZE), size)
            self._sets[key] = _FontSet(text, _Font(emoji, self._coverage[EMOJI_FONT]))
        return self._sets[key]

    def _truetype(self, name: str, size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(
            str(self._fonts / name), size, layout_engine=ImageFont.Layout.RAQM
        )

    def render(self, card: CardPicture) -> bytes:
        """The card as PNG bytes."""
        rtl = card.direction == "rtl"
        title = _Lines(self._font_set(True, 56), rtl, 56)
        body = _Lines(self._font_set(False, 38), rtl, 38)
        blocks = [(title, line) for line in _wrap(card.title, title)]
        for text in card.lines:
            blocks.extend((body, line) for line in _wrap(text, body))
            blocks.append((body, ""))
        blocks.extend((body, line) for line in _wrap(card.footer, body))
        step = {id(title): 84, id(body): 58}
        height = 48 + MARGIN + sum(step[id(lines)] for lines, _ in blocks) + MARGIN
        image = Image.new("RGB", (WIDTH, height), "white")
        draw = ImageDraw.Draw(image)
        band = BAND.get(card.level or "", ALERT_BAND)
        draw.rectangle((0, 0, WIDTH, 24), fill=band)
        y = 48 + MARGIN // 2
        for lines, line in blocks:
            lines.draw(image, y, line, band if lines is title else "black")
            y += step[id(lines)]
        draw.rectangle((0, height - 24, WIDTH, height), fill=band)
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
        return out.getvalue()


# Latin letters, digits and the signs of handles and amounts: one left-to-right unit even
# inside an Urdu line.
_LATIN_RUN = re.compile(r"[A-Za-z0-9@._/+%$'()\-]+(?:[ ,:]+[A-Za-z0-9@._/+%$'()\-]+)*")
_ISOLATED = re.compile("[\u2066\u2068]([^\u2069]*)\u2069")

_Piece = tuple[str, _Face, str]  # text, face, direction


@dataclass(frozen=True)
class _Lines:
    """How the lines of one size are cut into runs, measured and drawn."""

    fonts: _FontSet
    rtl: bool
    size: int

    def runs(self, line: str) -> list[_Piece]:
        """(text, face, direction) pieces of ``line``, in logical order.

        In an Urdu or Pashto line the dates, numbers, URLs and e-mails that
        :mod:`bot.core.bidi` isolates in messages are one left-to-right unit here too, and
        a unit between Latin words joins them (as the bidi algorithm resolves neutrals
        between two left-to-right runs). Consecutive left-to-right pieces form one unit,
        drawn left to right; every right-to-left piece is a unit of its own.
        """
        if not self.rtl:
            return [(text, face, "ltr") for text, face in self.fonts.split(line)]
        pieces: list[_Piece] = []
        tokens = _tokens(line)
        for index, (kind, text) in enumerate(tokens):
            ltr = kind == "latin" or (kind != "rtl" and _between_latin(tokens, index))
            # An isolate reads left to right inside, wherever it stands.
            direction = "ltr" if ltr or kind == "isolate" else "rtl"
            pieces.extend((run, face, direction) for run, face in self.fonts.split(text))
        return pieces

    def length(self, line: str) -> float:
        return sum(face.length(text, d) for text, face, d in self.runs(line))

    def draw(self, image: Image.Image, y: int, line: str, colour: str) -> None:
        """From the left margin, or right to left from the right margin (Urdu, Pashto);
        ``y`` is the top of the line."""
        baseline = y + self.size
        if not self.rtl:
            x: float = MARGIN
            for text, face, direction in self.runs(line):
                face.draw(image, x, baseline, text, colour, direction)
                x += face.length(text, direction)
            return
        x = WIDTH - MARGIN
        for unit in _units(self.runs(line)):
            x -= sum(face.length(text, d) for text, face, d in unit)
            left = x
            for text, face, direction in unit:
                face.draw(image, left, baseline, text, colour, direction)
                left += face.length(text, direction)


def _units(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Pieces grouped as drawn: each right-to-left piece alone, left-to-right ones together."""
    units: list[list[_Piece]] = []
    for piece in pieces:
        if piece[2] == "ltr" and units and units[-1][0][2] == "ltr":
            units[-1].append(piece)
        else:
            units.append([piece])
    return units


def _tokens(line: str) -> list[tuple[str, str]]:
    """("rtl" | "latin" | "isolate" | "neutral", text) in logical order."""
    tokens: list[tuple[str, str]] = []
    for isolated, text in _isolates(bidi.isolate_plain(line)):
        if isolated:
            tokens.append(("isolate", text))
            continue
        at = 0
        for match in _LATIN_RUN.finditer(text):
            if match.start() > at:
                tokens.append(_between(text[at : match.start()]))
            tokens.append(("latin", match.group()))
            at = match.end()
        if at < len(text):
            tokens.append(_between(text[at:]))
    return tokens


def _isolates(text: str) -> list[tuple[bool, str]]:
    """``text`` split at the isolates :func:`bot.core.bidi.isolate_plain` put in, without them."""
    parts: list[tuple[bool, str]] = []
    at = 0
    for match in _ISOLATED.finditer(text):
        if match.start() > at:
            parts.append((False, text[at : match.start()]))
        parts.append((True, match.group(1)))
        at = match.end()
    if at < len(text):
        parts.append((False, text[at:]))
    return parts


def _between(text: str) -> tuple[str, str]:
    return ("rtl", text) if bidi.has_rtl_letter(text) else ("neutral", text)


def _between_latin(tokens: list[tuple[str, str]], index: int) -> bool:
    """Whether the nearest strong runs on both sides of ``tokens[index]`` are Latin."""
    before = next((k for k, _ in reversed(tokens[:index]) if k in {"rtl", "latin"}), "rtl")
    after = next((k for k, _ in tokens[index + 1 :] if k in {"rtl", "latin"}), "rtl")
    return before == after == "latin"


def _wrap(text: str, lines: _Lines) -> list[str]:
    wrapped: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}".strip()
            if current and lines.length(candidate) > WIDTH - 2 * MARGIN:
                wrapped.append(current)
                current = word
            else:
                current = candidate
        wrapped.append(current)
    return wrapped


def card_renderer(fonts: Path = FONTS) -> CardRenderer | None:
    """A renderer when every script of the content can be drawn correctly here, else None."""
    if not features.check("raqm"):
        return None
    names = [name for pair in TEXT_FONTS for name in pair] + [EMOJI_FONT]
    if not all((fonts / name).exists() for name in names):
        return None
    return CardRenderer(fonts)
