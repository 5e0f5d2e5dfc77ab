"""Cleaning what people type before anything reads it; pure, whichever door it came through."""

from __future__ import annotations

import re
import unicodedata

# Control characters other than tab/newline, and zero-width / bidi formatting characters,
# which people paste by accident and which break matching and logs.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
MAX_TEXT = 8000  # Telegram allows 4096 per message; longer only via captions joined by clients


def clean_text(text: str) -> str:
    """Remove invisible and control characters; normalise to NFC so look-alikes compare equal.

    The zero-width non-joiner (U+200C) is kept: Urdu and Pashto spelling uses it.
    """
    text = unicodedata.normalize("NFC", text)
    return _INVISIBLE.sub(lambda m: "\u200c" if m.group() == "\u200c" else "", text)[
        :MAX_TEXT
    ].strip()
