"""The one call the broadcast worker needs from a Telegram library.

Each adapter implements it (aiogram: ``AiogramChatApi``, python-telegram-bot:
``PtbChatApi``) and maps its library's errors into :mod:`bot.errors` once, so the worker
is written once and handles one vocabulary: ``RetryLater`` (429), ``RecipientBlocked``
(403), ``RecipientGone`` (400 chat not found), ``TransientFailure`` (network, 5xx).
"""

from __future__ import annotations

from typing import Protocol

from bot.core.replies import Button

Rows = tuple[tuple[Button, ...], ...]


class Sender(Protocol):
    """Sends one broadcast message."""

    async def send_text(
        self, chat_id: int, html: str, *, paid_broadcast: bool = False, buttons: Rows = ()
    ) -> None:
        """Send ``html`` (Telegram HTML, no link preview) to ``chat_id``, with ``buttons``
        (*Share this warning*) under it.

        ``paid_broadcast`` sets ``allow_paid_broadcast``: Telegram then accepts up to 1000
        messages per second and charges the bot's Stars for those beyond 30.
        """
        ...
