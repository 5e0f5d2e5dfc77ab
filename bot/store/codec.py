"""How a state dict becomes a stored value, shared by every backend so they behave alike."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from bot.store.base import LogEntry

_RAW_ID_MAX_DIGITS = 20


def check_user_key(user_key: str) -> str:
    """Refuse a key that is plainly a raw Telegram id rather than a keyed hash.

    The store cannot tell a hash from an id in general, but a short run of digits is the
    mistake that would put real ids into the database, so it fails loudly here instead.
    """
    if not isinstance(user_key, str) or not user_key:
        raise TypeError("user_key must be a non-empty str from IdentityKeys.user_key")
    digits = user_key.removeprefix("-")
    if digits.isdigit() and len(digits) < _RAW_ID_MAX_DIGITS:
        raise ValueError("user_key looks like a raw Telegram id: use IdentityKeys.user_key")
    return user_key


def encode_state(state: dict[str, Any]) -> str:
    """Serialise ``state`` to JSON text, refusing what one backend could store and another not.

    ``allow_nan=False`` because ``NaN`` is not JSON and PostgreSQL's ``jsonb`` rejects it; the
    same error on SQLite keeps the two backends interchangeable.
    """
    if not isinstance(state, dict):
        raise TypeError("state must be a dict")
    return json.dumps(state, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def decode_state(text: str) -> dict[str, Any]:
    """Parse a value written by :func:`encode_state`."""
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("stored state is not a JSON object")
    return value


def coarse_today() -> date:
    """Return today's UTC date: the only time a state row records.

    A day is enough to expire old state, and unlike a precise timestamp it cannot be matched
    against the moment someone messaged the bot.
    """
    return datetime.now(UTC).date()


def log_entry_from_row(row: Sequence[Any]) -> LogEntry:
    """A question-log row (hour, language, kind, topic, flags, helpful, text) as a LogEntry."""
    hour, language, kind, topic, flags, helpful, text = row
    return LogEntry(
        hour=str(hour),
        language=str(language),
        kind=str(kind),
        topic=topic,
        flags=tuple(f for f in str(flags or "").split(",") if f),
        helpful=None if helpful is None else bool(helpful),
        text=str(text or ""),
    )
