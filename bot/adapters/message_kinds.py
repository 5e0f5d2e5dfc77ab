"""Turning what a chat message carries into a core event; shared by every Telegram adapter."""

from __future__ import annotations

import re

from bot.core.events import Command, Event, Text, Unsupported
from bot.core.input_text import clean_text

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
