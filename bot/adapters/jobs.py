"""Background jobs a Telegram runtime starts with the bot and stops before it exits."""

from __future__ import annotations

from typing import Protocol

from bot.adapters.delivery import ChatApi


class BackgroundJob(Protocol):
    """Something that runs beside polling (content watching); it may send through ``api``."""

    async def start(self, api: ChatApi) -> None:
        """Begin; return at once, leaving the work in a task."""
        ...

    async def stop(self) -> None:
        """End, letting work in progress finish."""
        ...
