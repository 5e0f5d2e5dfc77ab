"""What the runtimes need of the webhook door even when they poll: who an update is from,
and the shapes of the two callbacks they are given.

Apart from :mod:`bot.adapters.webhook` on purpose: that module imports aiohttp's server
(about 14 MiB), which python-telegram-bot never needs while it polls.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

Health = Callable[[], Awaitable[bool]]
ChatOf = Callable[[dict[str, Any]], str | None]


def sender_id(update: dict[str, Any]) -> int | None:
    """Who an update is from (the user, else the chat): the unit whose updates keep order."""
    for kind, body in update.items():
        if kind == "update_id" or not isinstance(body, dict):
            continue
        who = body.get("from") or body.get("chat") or (body.get("message") or {}).get("chat")
        if isinstance(who, dict) and isinstance(who.get("id"), int):
            return int(who["id"])
    return None
