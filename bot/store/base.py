"""The Store interface every backend implements.

Keys are opaque strings produced by :mod:`bot.privacy` (keyed hashes of Telegram ids), so a
backend never sees, and a copied database file never holds, a Telegram id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from bot.store.broadcasts import BroadcastStore
from bot.store.database import Database
from bot.store.heartbeat import HeartbeatStore
from bot.store.helpdesk_port import HelpdeskStore
from bot.store.keys import KeyStore
from bot.store.voice_files import VoiceFileStore


def hour_of(moment: datetime) -> str:
    """A moment rounded down to its UTC hour, as the log keeps it: ``2026-11-22T14:00``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:00")


@dataclass(frozen=True)
class LogEntry:
    """One anonymous row of the question log; nothing in it says who wrote.

    ``kind`` is ``question``, ``unanswered``, ``scan``, ``report`` or ``feedback``; ``flags``
    are red-flag ids; ``text`` must already be scrubbed (``bot.understanding.scrub``).
    """

    hour: str
    language: str
    kind: str
    topic: str | None = None
    flags: tuple[str, ...] = ()
    helpful: bool | None = None
    text: str = ""


class Store(BroadcastStore, KeyStore, HeartbeatStore, HelpdeskStore, VoiceFileStore, Protocol):
    """Persistent storage for conversation state (later: question log, subscriptions, outbox)."""

    @property
    def database(self) -> Database:
        """The database port the store runs on; the agency's tables (:mod:`bot.agency`) are
        written once over it too, so there is one SQLite connection and one pool."""
        ...

    async def load_state(self, user_key: str) -> dict[str, Any] | None:
        """Return the saved state of ``user_key`` (a JSON object), or ``None`` if unknown."""
        ...

    async def save_state(self, user_key: str, state: dict[str, Any]) -> None:
        """Insert or replace the state of ``user_key``; durable when this returns."""
        ...

    async def forget(self, user_key: str) -> None:
        """Delete everything held about ``user_key`` (``/forget_me``)."""
        ...

    async def log(self, entry: LogEntry) -> None:
        """Append one anonymous entry to the question log."""
        ...

    async def save_step(
        self,
        user_key: str,
        state: dict[str, Any] | None,
        entries: Sequence[LogEntry],
        sealed_user: str | None = None,
    ) -> None:
        """After one update: save the state (None: delete it) and append ``entries`` to the
        question log, atomically; durable when this returns, before any reply is sent.

        ``sealed_user`` is kept beside a saved state that has none yet (what
        :meth:`~bot.store.keys.KeyStore.seal_state_owner` does), in the same write."""
        ...

    async def ping(self) -> bool:
        """Whether the database answers (``/healthz``); never raises."""
        ...

    async def read_log(self, since_hour: str) -> list[LogEntry]:
        """Entries from ``since_hour`` (inclusive) on, oldest first."""
        ...

    async def purge_log(self, before_hour: str) -> int:
        """Delete entries older than ``before_hour``; return how many were deleted."""
        ...

    async def close(self) -> None:
        """Finish pending writes and release connections; safe to call twice."""
        ...
