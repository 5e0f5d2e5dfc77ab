"""The supervisor: a failing job is logged by name and type, retried with capped backoff."""

from __future__ import annotations

import asyncio
import logging
import sqlite3

import pytest

from bot.supervision import Backoff, describe, supervise


class FlakyJob:
    """Fails ``failures`` times (each time with ``error``), then finishes."""

    def __init__(self, failures: int, error: Exception) -> None:
        self.left = failures
        self.error = error
        self.runs = 0

    async def __call__(self) -> None:
        self.runs += 1
        if self.left:
            self.left -= 1
            raise self.error


async def test_a_failing_job_is_started_again_until_it_succeeds(
    caplog: pytest.LogCaptureFixture,
) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    job = FlakyJob(6, sqlite3.OperationalError("database is locked"))
    caplog.set_level(logging.WARNING)
    await supervise("delivery", job, backoff=Backoff(first=1, cap=8), sleep=sleep, clock=lambda: 0)
    assert job.runs == 7
    assert waits == [1, 2, 4, 8, 8, 8], "exponential, capped"
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 6
    assert all("'delivery'" in line and "OperationalError" in line for line in lines)
    assert "database is locked" in lines[0]


async def test_a_job_that_ran_long_enough_starts_again_from_the_first_delay() -> None:
    waits: list[float] = []
    moments = iter([0, 100, 100, 200, 200, 201, 201, 202])

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    job = FlakyJob(3, RuntimeError("boom"))
    await supervise(
        "watch",
        job,
        backoff=Backoff(first=1, healthy_after=60),
        sleep=sleep,
        clock=lambda: next(moments),
    )
    assert waits == [1, 1, 2]


def test_user_text_in_an_error_message_never_reaches_the_log() -> None:
    assert describe(ValueError("my brother Imran +92 300 1234567")) == "ValueError"
    assert describe(KeyError("Imran")) == "KeyError"
    assert describe(sqlite3.OperationalError("database is locked")) == (
        "OperationalError: database is locked"
    )


async def test_cancelling_stops_a_job_even_while_it_waits_to_restart() -> None:
    ran = asyncio.Event()
    job = FlakyJob(1000, RuntimeError("boom"))

    async def work() -> None:
        ran.set()
        await job()

    task = asyncio.create_task(supervise("purge", work, backoff=Backoff(first=30)))
    await ran.wait()
    await asyncio.sleep(0)  # let it reach the 30 s wait before restarting
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert job.runs == 1
