"""The ports: what the features need from Telegram, and what a runtime needs from a feature.

Protocols and types only, no Telegram library's types: each framework adapter
(:mod:`bot.adapters.aiogram_runtime`, :mod:`bot.adapters.ptb_runtime`) implements
:class:`ChatApi` and :class:`Sender` over its own library and maps its errors into
:mod:`bot.errors` once (``RetryLater`` for a 429, ``RecipientBlocked`` for a 403,
``RecipientGone`` for "chat not found", ``TransientFailure`` for the network and 5xx);
the features (broadcasting, content watching, the heartbeat ...) are written once against
them. This module sits below both, like a transport port beneath the client that uses it:
it imports nothing of the bot but the core's ``Button``, and import-linter keeps it so
(``[tool.importlinter]`` in pyproject.toml).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from bot.core.replies import Button

Rows = tuple[tuple[Button, ...], ...]
"""A message's inline keyboard: rows of buttons."""


class ChatApi(Protocol):
    """The Telegram calls replies need; implemented by each framework adapter."""

    async def send(self, chat_id: int, text: str, buttons: Rows) -> int:
        """Send an HTML message; return its message id."""
        ...

    async def edit(self, chat_id: int, message_id: int, text: str, buttons: Rows) -> None:
        """Replace the text and buttons of a message the bot sent."""
        ...

    async def answer_press(self, press_id: str, toast: str | None) -> None:
        """Answer a button press (Telegram shows a spinner until this is called)."""
        ...

    async def send_photo(self, chat_id: int, photo: bytes, caption: str, buttons: Rows) -> int:
        """Send a picture (PNG bytes) with an HTML caption of at most 1024 characters."""
        ...

    async def send_voice(
        self, chat_id: int, voice: bytes | str, duration: int, caption: str, buttons: Rows
    ) -> str:
        """Send a voice note: OGG/Opus bytes to upload, or the ``file_id`` of an earlier
        upload; return the ``file_id`` Telegram gave it."""
        ...


class Sender(Protocol):
    """The one call the broadcast worker needs: sends one broadcast message."""

    async def send_text(
        self, chat_id: int, html: str, *, paid_broadcast: bool = False, buttons: Rows = ()
    ) -> None:
        """Send ``html`` (Telegram HTML, no link preview) to ``chat_id``, with ``buttons``
        (*Share this warning*) under it.

        ``paid_broadcast`` sets ``allow_paid_broadcast``: Telegram then accepts up to 1000
        messages per second and charges the bot's Stars for those beyond 30.
        """
        ...


class BotApi(ChatApi, Sender, Protocol):
    """What a runtime hands its background jobs: both adapters' ``ChatApi`` objects are one."""


class BackgroundJob(Protocol):
    """Something that runs beside polling (content watching, broadcasting, the heartbeat).

    The runtime starts every job once updates flow and stops them, last started first,
    before it exits; a job may send through ``api`` (one that needs only the ``ChatApi``
    calls may say so in its own signature).
    """

    async def start(self, api: BotApi) -> None:
        """Begin; return at once, leaving the work in a task."""
        ...

    async def stop(self) -> None:
        """End, letting work in progress finish."""
        ...


Outbound = Callable[[ChatApi], ChatApi]
"""What every reply to an update goes through on its way out (the shared send budget),
given to a runtime by the wiring; by default replies go out as they are."""


def as_is(api: ChatApi) -> ChatApi:
    """The default :data:`Outbound`: replies go out through ``api`` itself."""
    return api
