"""The hot path's Bot API calls as small aiogram methods that read back only a message id.

aiogram's ``SendMessage`` returns a whole ``Message``: its pydantic model, with the sender,
the chat and the keyboard, is validated for every reply, and the request is built by
dumping the keyboard's models. The core reads nothing of it but ``message_id``; on
``bench/throughput.py`` those two steps were most of the cost of a reply. These methods are
ordinary aiogram methods (``await bot(SendText(...))``): the same Bot, session, request
middlewares, timeouts and error classes (a 429 is still ``TelegramRetryAfter``), only with
the keyboard as ready JSON (:mod:`bot.adapters.bot_api_json`) and a reply model of one field.
"""

from __future__ import annotations

from typing import Any

from aiogram.methods.base import Response, TelegramMethod
from pydantic import BaseModel, ConfigDict

from bot.adapters.bot_api_json import NO_PREVIEW_JSON


class Sent(BaseModel):
    """What the bot reads of a message it sent: its id (everything else is ignored)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    message_id: int


class SendText(TelegramMethod[Sent]):
    """``sendMessage`` with HTML, no link preview, and a keyboard given as JSON."""

    __returning__ = Sent
    __api_method__ = "sendMessage"

    chat_id: int
    text: str
    parse_mode: str = "HTML"
    link_preview_options: str = NO_PREVIEW_JSON
    reply_markup: str | None = None
    message_thread_id: int | None = None
    allow_paid_broadcast: bool | None = None


class EditText(TelegramMethod[Any]):
    """``editMessageText`` of a message the bot sent (Telegram answers with it, or True)."""

    __returning__ = Any
    __api_method__ = "editMessageText"

    chat_id: int
    message_id: int
    text: str
    parse_mode: str = "HTML"
    link_preview_options: str = NO_PREVIEW_JSON
    reply_markup: str | None = None


def pinned_lean_responses() -> tuple[type, ...]:
    """Their ``Response[...]`` classes, held so pydantic never rebuilds them (see
    :func:`bot.adapters.aiogram_runtime.pinned_response_types`)."""
    return (Response[Sent], Response[Any])
