"""Turning what a chat message carries into a core event; shared by every Telegram adapter."""

from __future__ import annotations

import re
import unicodedata

from bot.core.events import Command, Event, Text, Unsupported

# Control characters other than tab/newline, and zero-width / bidi formatting characters,
# which people paste by accident and which break matching and logs.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
MAX_TEXT = 8000  # Telegram allows 4096 per message; longer only via captions joined by clients

# Bot API ``Message`` fields that carry something other than text, in the order checked.
MEDIA_KINDS = (
    "sticker",
    "photo",
    "voice",
    "audio",
    "video",
    "video_note",
    "document",
    "animation",
    "location",
    "venue",
    "contact",
    "poll",
    "dice",
)


def clean_text(text: str) -> str:
    """Remove invisible and control characters; normalise to NFC so look-alikes compare equal.

    The zero-width non-joiner (U+200C) is kept: Urdu and Pashto spelling uses it.
    """
    text = unicodedata.normalize("NFC", text)
    return _INVISIBLE.sub(lambda m: "\u200c" if m.group() == "\u200c" else "", text)[
        :MAX_TEXT
    ].strip()


def event_from_text_or_kind(text: str | None, kind: str, *, forwarded: bool) -> Event | None:
    """A command, a text, or an Unsupported event naming what arrived; None for empty service messages."""
    if text is not None:
        cleaned = clean_text(text)
        if cleaned.startswith("/") and not forwarded:
            head, _, args = cleaned[1:].partition(" ")
            name = head.partition("@")[0]
            if re.fullmatch(r"[A-Za-z0-9_]{1,32}", name):
                return Command(name.lower(), args.strip())
        if cleaned:
            return Text(cleaned, forwarded=forwarded)
        return Unsupported("empty")
    return Unsupported(kind)


def media_kind(message: object) -> str:
    """The first Bot API media field a message carries, or ``other``.

    Works for aiogram and python-telegram-bot messages alike: both use the Bot API's field
    names. Truthiness, not ``is not None``: python-telegram-bot gives ``photo=()`` when absent.
    """
    return next((kind for kind in MEDIA_KINDS if getattr(message, kind, None)), "other")
