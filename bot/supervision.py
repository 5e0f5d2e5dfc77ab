"""Supervised background work: a job that fails is logged and started again, never lost.

Every background job of the running bot (the delivery worker and its progress reports, the
content watcher, the question-log purge, the heartbeat) runs through :func:`supervise`. A
store that is locked for a few seconds, a database that refuses connections, a network
error: the job's loop raises, the failure is logged with the job's name and the error's type
(never the text of a message a user wrote), and the job starts again after an exponential,
capped delay. A job only ends when it returns or is cancelled (the bot stopping).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Backoff:
    """Delay before restart number ``n`` (from 1): ``first * factor**(n-1)``, at most ``cap``."""

    first: float = 1.0
    factor: float = 2.0
    cap: float = 30.0
    healthy_after: float = 60.0
    """A job that ran this long before failing starts again from ``first``."""

    def delay(self, failures: int) -> float:
        """Seconds to wait after the ``failures``-th failure in a row."""
        return float(min(self.cap, self.first * self.factor ** max(0, failures - 1)))


def describe(exc: BaseException) -> str:
    """What may be logged of an error: its type, and the message only of errors that never
    carry user text (the database's and the operating system's own words)."""
    name = type(exc).__name__
    module = type(exc).__module__
    if isinstance(exc, (sqlite3.Error, OSError, TimeoutError)) or module.startswith("asyncpg"):
        return f"{name}: {exc}"
    return name


async def supervise(
    name: str,
    work: Callable[[], Awaitable[None]],
    *,
    backoff: Backoff = Backoff(),
    sleep: Sleep = asyncio.sleep,
    clock: Callable[[], float] | None = None,
) -> None:
    """Run ``work()`` until it returns; after each exception log it and start it again.

    Cancellation (the bot stopping) goes straight through. ``sleep`` and ``clock`` are
    injectable so the unit tests need no real waiting.
    """
    now = clock or asyncio.get_running_loop().time
    failures = 0
    while True:
        started = now()
        try:
            await work()
            return
        except Exception as exc:
            failures = 1 if now() - started >= backoff.healthy_after else failures + 1
            delay = backoff.delay(failures)
            log.warning(
                "background job %r failed (%s); starting it again in %.1f s (failure %d in a row)",
                name,
                describe(exc),
                delay,
                failures,
            )
        await sleep(delay)


def start_supervised(name: str, work: Callable[[], Awaitable[None]]) -> asyncio.Task[None]:
    """:func:`supervise` ``work`` in a task of its own, named after the job."""
    return asyncio.create_task(supervise(name, work), name=name)
