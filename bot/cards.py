"""Warning cards as pictures (PNG) to forward to a family group.

A family decides together, often in a WhatsApp or Telegram group where a picture travels
further than a link. The card shows a verdict or an alert in the user's language, shaped
(Urdu and Pashto joined, right to left: Pillow with libraqm) in Noto fonts, with the bot's
@name; nothing about the person who shares it. Without libraqm or the fonts the bot does
not draw a card it would get wrong: :func:`card_renderer` returns None and the text card
is offered instead.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

from bot.core import bidi
from bot.core.sharing import CardPicture

FONTS = Path("/usr/share/fonts/truetype/noto")
LATIN = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
ARABIC = ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf")
WIDTH = 1080
MARGIN = 64
BAND = {"low": "#2e7d32", "caution": "#f9a825", "high": "#ef6c00", "danger": "#c62828"}
ALERT_BAND = "#1565c0"


class CardRenderer:
    """Draws :class:`CardPicture` values; build it with :func:`card_renderer`."""

    def __init__(self, fonts: Path) -> None:
        self._fonts = fonts

    def _font(self, rtl: bool, bold: bool, size: int) -> ImageFont.FreeTypeFont:
        name = (ARABIC if rtl else LATIN)[1 if bold else 0]
        return ImageFont.truetype(
            str(self._fonts / name), size, layout_engine=ImageFont.Layout.RAQM
        )

    def render(self, card: CardPicture) -> bytes:
        """The card as PNG bytes."""
        rtl = card.direction == "rtl"
        title = _Fonts(self._font(rtl, True, 56), self._font(False, True, 56), rtl)
        body = _Fonts(self._font(rtl, False, 38), self._font(False, False, 38), rtl)
        blocks = [(title, line) for line in _wrap(card.title, title)]
        for text in card.lines:
            blocks.extend((body, line) for line in _wrap(text, body))
            blocks.append((body, ""))
        blocks.extend((body, line) for line in _wrap(card.footer, body))
        step = {id(title): 84, id(body): 58}
        height = 48 + MARGIN + sum(step[id(f)] for f, _ in blocks) + MARGIN
        image = Image.new("RGB", (WIDTH, height), "white")
        draw = ImageDraw.Draw(image)
        band = BAND.get(card.level or "", ALERT_BAND)
        draw.rectangle((0, 0, WIDTH, 24), fill=band)
        y = 48 + MARGIN // 2
        for fonts, line in blocks:
            fonts.draw(draw, y, line, band if fonts is title else "black")
            y += step[id(fonts)]
        draw.rectangle((0, height - 24, WIDTH, height), fill=band)
        out = io.BytesIO()
        image.save(out, "PNG", optimize=True)
        return out.getvalue()


# Latin letters, digits and the signs of handles and amounts: drawn with the Latin font even
# inside an Urdu line (the Naskh font has no Latin letters: "@bot" or "FIA" would be boxes).
_LATIN_RUN = re.compile(r"[A-Za-z0-9@._/+%$'()\-]+(?:[ ,:]+[A-Za-z0-9@._/+%$'()\-]+)*")


_ISOLATED = re.compile("[\u2066\u2068]([^\u2069]*)\u2069")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_FONT_RUN = re.compile(r"[\u0600-\u06ff]+|[^\u0600-\u06ff]+")


@dataclass(frozen=True)
class _Fonts:
    """The script's font and a Latin one, for lines that mix them."""

    main: ImageFont.FreeTypeFont
    latin: ImageFont.FreeTypeFont
    rtl: bool

    def runs(self, line: str) -> list[tuple[str, ImageFont.FreeTypeFont, str]]:
        """(text, font, direction) pieces of ``line`` in the order they are drawn from the
        right margin (right to left) or the left one.

        In an Urdu or Pashto line the dates, numbers, URLs and e-mails that
        :mod:`bot.core.bidi` isolates in messages are one left-to-right unit here too, and
        a unit between Latin words joins them (as the bidi algorithm resolves neutrals
        between two left-to-right runs): each unit's pieces are listed left to right.
        """
        if not self.rtl:
            return [(line, self.latin, "ltr")] if line else []
        units: list[list[tuple[str, ImageFont.FreeTypeFont, str]]] = []
        tokens = self._tokens(line)
        for index, (kind, text) in enumerate(tokens):
            ltr = kind == "latin" or (kind != "rtl" and _between_latin(tokens, index))
            # An isolate reads left to right inside, wherever it stands.
            inside = ltr or kind == "isolate"
            pieces = self._by_font(text) if inside else [(text, self.main, "rtl")]
            if inside and units and units[-1][0][2] == "ltr":
                units[-1].extend(pieces)
            else:
                units.append(pieces)
        return [piece for unit in units for piece in unit]

    def _tokens(self, line: str) -> list[tuple[str, str]]:
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

    def _by_font(self, text: str) -> list[tuple[str, ImageFont.FreeTypeFont, str]]:
        """A left-to-right unit in pieces by font (Arabic-script digits need the Naskh one)."""
        return [
            (m.group(), self.main if _ARABIC_SCRIPT.match(m.group()) else self.latin, "ltr")
            for m in _FONT_RUN.finditer(text)
        ]

    def length(self, line: str) -> float:
        return sum(font.getlength(text, direction=d) for text, font, d in self.runs(line))

    def draw(self, draw: ImageDraw.ImageDraw, y: int, line: str, colour: str) -> None:
        """Right to left from the right margin (Urdu, Pashto), else left to right."""
        if not self.rtl:
            if line:
                draw.text(
                    (MARGIN, y), line, font=self.latin, fill=colour, direction="ltr", anchor="la"
                )
            return
        x: float = WIDTH - MARGIN
        for unit in _units(self.runs(line)):
            right = x
            x -= sum(font.getlength(text, direction=d) for text, font, d in unit)
            if unit[0][2] == "rtl":
                ((text, font, direction),) = unit
                draw.text(
                    (right, y), text, font=font, fill=colour, direction=direction, anchor="ra"
                )
                continue
            left = x
            for text, font, direction in unit:
                draw.text((left, y), text, font=font, fill=colour, direction=direction, anchor="la")
                left += font.getlength(text, direction=direction)


def _units(
    pieces: list[tuple[str, ImageFont.FreeTypeFont, str]],
) -> list[list[tuple[str, ImageFont.FreeTypeFont, str]]]:
    """Pieces grouped as drawn: each right-to-left piece alone, left-to-right ones together."""
    units: list[list[tuple[str, ImageFont.FreeTypeFont, str]]] = []
    for piece in pieces:
        if piece[2] == "ltr" and units and units[-1][0][2] == "ltr":
            units[-1].append(piece)
        else:
            units.append([piece])
    return units


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


def _wrap(text: str, fonts: _Fonts) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}".strip()
            if current and fonts.length(candidate) > WIDTH - 2 * MARGIN:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


def card_renderer(fonts: Path = FONTS) -> CardRenderer | None:
    """A renderer when Urdu and Pashto can be drawn correctly here, else None."""
    if not features.check("raqm"):
        return None
    if not all((fonts / name).exists() for name in (*LATIN, *ARABIC)):
        return None
    return CardRenderer(fonts)
