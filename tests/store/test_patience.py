"""Which store errors are worth waiting for, and waiting them out."""

from __future__ import annotations

import sqlite3

import asyncpg
import pytest

from bot.store.patience import is_transient, patiently


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (sqlite3.OperationalError("database is locked"), True),
        (sqlite3.OperationalError("no such table: outbox"), False),
        (ConnectionRefusedError(111, "Connection refused"), True),
        (asyncpg.CannotConnectNowError("the database system is starting up"), True),
        (asyncpg.ConnectionDoesNotExistError("connection was closed"), True),
        (asyncpg.UniqueViolationError("duplicate key"), False),
        (ValueError("a bug"), False),
    ],
)
def test_only_a_busy_or_unreachable_store_is_waited_for(error: Exception, transient: bool) -> None:
    assert is_transient(error) is transient


async def test_a_store_that_comes_back_is_used_and_a_bug_is_raised_at_once() -> None:
    calls = 0

    async def flaky() -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise sqlite3.OperationalError("database is locked")
        return "saved"

    assert await patiently("save_state", flaky) == "saved" and calls == 3

    async def broken() -> None:
        raise sqlite3.OperationalError("no such table: conversation_state")

    with pytest.raises(sqlite3.OperationalError):
        await patiently("save_state", broken, patience=30)
