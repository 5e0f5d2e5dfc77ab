"""The store a whole-bot test runs on: a SQLite file, or a fresh schema on the real PostgreSQL.

PostgreSQL is the local server (TEST_DATABASE_URL); without it that half is skipped, except
under ``CI=true``, where it fails (as tests/store does).
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio

from tests.store.conftest import DEFAULT_TEST_DATABASE_URL, _postgres_admin


@pytest_asyncio.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A SQLite file, or a fresh schema on the real PostgreSQL (as tests/store does)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bot.db'}"
        return
    base = os.environ.get("TEST_DATABASE_URL", DEFAULT_TEST_DATABASE_URL)
    admin = await _postgres_admin(base)
    schema = f"e2e_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base}{'&' if '?' in base else '?'}search_path={schema}"
    finally:
        await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.close()


async def fetch_column(url: str, sql: str) -> list[object]:
    """The first column of ``sql``'s rows, read straight from either database."""
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return [row[0] for row in db.execute(sql)]
    base, _, schema = url.partition("?search_path=")
    connection = await asyncpg.connect(base, server_settings={"search_path": schema})
    try:
        return [row[0] for row in await connection.fetch(sql)]
    finally:
        await connection.close()
