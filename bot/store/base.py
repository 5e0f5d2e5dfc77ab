"""The Store interface every backend implements.

Keys are opaque strings produced by :mod:`bot.privacy` (keyed hashes of Telegram ids), so a
backend never sees, and a copied database file never holds, a Telegram id.
"""

from __future__ import annotations

from typing import Any, Protocol


class Store(Protocol):
    """Persistent storage for conversation state (later: question log, subscriptions, outbox)."""

    async def load_state(self, user_key: str) -> dict[str, Any] | None:
        """Return the saved state of ``user_key`` (a JSON object), or ``None`` if unknown."""
        ...

    async def save_state(self, user_key: str, state: dict[str, Any]) -> None:
        """Insert or replace the state of ``user_key``; durable when this returns."""
        ...

    async def forget(self, user_key: str) -> None:
        """Delete everything held about ``user_key`` (``/forget_me``)."""
        ...

    async def close(self) -> None:
        """Finish pending writes and release connections; safe to call twice."""
        ...
