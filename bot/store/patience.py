"""Waiting out a store that is briefly unavailable, instead of dropping a user's message.

A SQLite file locked by another process (a backup, an operator's query) or a PostgreSQL
server restarting answers "locked" or refuses connections for a few seconds. A user who
writes meanwhile must still get an answer, so the conversation service retries each store
call that failed for such a reason, with growing pauses, for up to :data:`PATIENCE_SECONDS`.
Any other error (a bug, a constraint) is raised at once.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
PATIENCE_SECONDS = 60.0
_FIRST_PAUSE, _LONGEST_PAUSE = 0.2, 5.0


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc`` says the store is busy or unreachable for now (worth waiting for)."""
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        return "locked" in text or "busy" in text
    if isinstance(exc, (ConnectionError, TimeoutError)):
        return True
    asyncpg = sys.modules.get("asyncpg")
    if asyncpg is not None:
        transient = (
            asyncpg.PostgresConnectionError,
            asyncpg.CannotConnectNowError,
            asyncpg.TooManyConnectionsError,
            asyncpg.ConnectionDoesNotExistError,
        )
        return isinstance(exc, transient)
    return False


async def patiently(
    what: str,
    operation: Callable[[], Awaitable[T]],
    *,
    patience: float = PATIENCE_SECONDS,
) -> T:
    """Run ``operation``; while it fails transiently, pause and try again, up to ``patience``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + patience
    pause = _FIRST_PAUSE
    while True:
        try:
            return await operation()
        except Exception as exc:
            if not is_transient(exc) or loop.time() + pause > deadline:
                raise
            log.warning("store busy during %s (%s): trying again", what, type(exc).__name__)
        await asyncio.sleep(pause)
        pause = min(_LONGEST_PAUSE, pause * 2)
