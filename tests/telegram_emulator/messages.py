"""Building real-shaped ``Message`` objects, for the bot's sends and the users' messages.

Both aiogram and python-telegram-bot validate what they receive (pydantic models,
``de_json``), so every object here carries the fields Telegram always sends.
"""

from __future__ import annotations

import re
import time
from typing import Any

from .state import ChatState, EmulatorState, StoredMessage
from .telegram_html import ParsedText, utf16_len

_COMMAND = re.compile(r"(?<![\w/<>])/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?(?![\w/<>])")
_MENTION = re.compile(r"(?<!\w)@[a-zA-Z0-9_]{2,32}(?!\w)")
# As TDLib's ``is_url_unicode_symbol``: a link ends at General Punctuation (U+2000-U+206F, so
# also the bidi isolates U+2066-U+2069) except ZWNJ, ZWJ and the dashes U+2010-U+2015.
_URL = re.compile(
    r"(?<![\w@])(?:https?://|www\.|t\.me/)"
    r"(?:[^\s\u2000-\u206f]|[\u200c\u200d\u2010-\u2015])+"
)
_EMAIL = re.compile(r"(?<![\w.])[\w.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}")


def detect_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram adds to a user's plain text: commands, mentions, emails, URLs.

    python-telegram-bot's ``CommandHandler`` needs the ``bot_command`` entity at offset 0,
    so without this a ``/start`` from the emulator would not reach it.
    """
    found: list[tuple[int, int, str]] = []
    taken: list[range] = []
    for kind, pattern in (
        ("bot_command", _COMMAND),
        ("email", _EMAIL),
        ("mention", _MENTION),
        ("url", _URL),
    ):
        for match in pattern.finditer(text):
            span = range(match.start(), match.end())
            if any(span.start < t.stop and t.start < span.stop for t in taken):
                continue
            taken.append(span)
            found.append((match.start(), match.end(), kind))
    found.sort()
    return [
        {
            "type": kind,
            "offset": utf16_len(text[:start]),
            "length": utf16_len(text[start:end]),
        }
        for start, end, kind in found
    ]


def base_message(chat: ChatState, message_id: int) -> dict[str, Any]:
    return {"message_id": message_id, "date": int(time.time()), "chat": chat.chat_json()}


def put_text(data: dict[str, Any], parsed: ParsedText, caption: bool = False) -> None:
    """Set ``text``/``entities`` (or ``caption``/``caption_entities``) on a message dict."""
    key, entities_key = ("caption", "caption_entities") if caption else ("text", "entities")
    data.pop(key, None)
    data.pop(entities_key, None)
    if parsed.text:
        data[key] = parsed.text
        if parsed.entities:
            data[entities_key] = parsed.entities


def reply_snapshot(message: StoredMessage) -> dict[str, Any]:
    """A replied-to message as embedded in a reply (Telegram nests only one level)."""
    return {k: v for k, v in message.data.items() if k != "reply_to_message"}


def new_bot_message(
    state: EmulatorState,
    chat: ChatState,
    *,
    text: ParsedText | None = None,
    caption: ParsedText | None = None,
    markup: dict[str, Any] | None = None,
    reply_to: StoredMessage | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``Message`` dict for something the bot is sending now to ``chat``."""
    data = base_message(chat, chat.allocate_message_id())
    if chat.type == "channel":
        data["sender_chat"] = chat.chat_json()
    else:
        data["from"] = state.bot_user()
    if reply_to is not None:
        data["reply_to_message"] = reply_snapshot(reply_to)
    if extra:
        data.update(extra)
    if text is not None:
        put_text(data, text)
    if caption is not None:
        put_text(data, caption, caption=True)
    if markup is not None:
        data["reply_markup"] = markup
    return data


def new_user_message(
    chat: ChatState, sender: dict[str, Any] | None, body: dict[str, Any]
) -> StoredMessage:
    """Store a message a user (or a channel) wrote in ``chat`` and return it."""
    data = base_message(chat, chat.allocate_message_id())
    if sender is not None:
        data["from"] = sender
    if chat.type == "channel":
        data["sender_chat"] = chat.chat_json()
    data.update(body)
    if "text" in data and "entities" not in data:
        entities = detect_entities(data["text"])
        if entities:
            data["entities"] = entities
    stored = StoredMessage(chat.id, data["message_id"], from_bot=False, data=data)
    chat.messages[stored.message_id] = stored
    return stored
