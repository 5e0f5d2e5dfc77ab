"""One store suite, run against SQLite (a real file) and PostgreSQL (the real server).

PostgreSQL comes from ``TEST_DATABASE_URL`` (default: the local test server). Every test gets
a schema of its own, dropped afterwards, so tests never see each other's rows. When the server
is unreachable the PostgreSQL half is skipped locally but fails under ``CI=true``: CI must
never pass without having run it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiosqlite
import asyncpg
import pytest

from bot.privacy import IdentityKeys
from bot.store import Store, open_store

DEFAULT_TEST_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test"


@dataclass
class Backend:
    """A fresh, empty database for one test, plus raw access to check what was written."""

    name: str
    url: str
    sqlite_path: Path | None = None
    admin: asyncpg.Connection | None = None
    schema: str | None = None

    async def open(self, **kwargs: object) -> Store:
        return await open_store(self.url, **kwargs)  # type: ignore[arg-type]

    async def versions(self) -> list[tuple[int, str]]:
        """Rows of ``schema_version``, in order."""
        return [
            (int(row[0]), str(row[1]))
            for row in await self.fetch("SELECT version, name FROM schema_version ORDER BY 1")
        ]

    async def tables(self) -> set[str]:
        if self.sqlite_path is not None:
            rows = await self.fetch("SELECT name FROM sqlite_master WHERE type = 'table'")
        else:
            rows = await self.fetch(
                "SELECT table_name FROM information_schema.tables "
                f"WHERE table_schema = '{self.schema}'"
            )
        return {str(row[0]) for row in rows}

    async def dump(self) -> bytes:
        """Everything the database holds, as bytes an attacker with a copy could read."""
        if self.sqlite_path is not None:
            files = sorted(self.sqlite_path.parent.glob(self.sqlite_path.name + "*"))
            return b"".join(path.read_bytes() for path in files)
        assert self.admin is not None
        chunks: list[str] = []
        for table in await self.tables():
            rows = await self.admin.fetch(f'SELECT t::text FROM "{self.schema}"."{table}" AS t')
            chunks.extend(str(row[0]) for row in rows)
        return "\n".join(chunks).encode()

    async def fetch(self, sql: str) -> list[tuple[object, ...]]:
        if self.sqlite_path is not None:
            async with aiosqlite.connect(self.sqlite_path) as connection:
                return [tuple(row) for row in await connection.execute_fetchall(sql)]
        assert self.admin is not None
        await self.admin.execute(f'SET search_path TO "{self.schema}"')
        return [tuple(row.values()) for row in await self.admin.fetch(sql)]


async def _postgres_admin(url: str) -> asyncpg.Connection:
    """Connect to the test server, or skip (fail under ``CI=true``) with the reason."""
    try:
        return await asyncpg.connect(url, timeout=5)
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        reason = (
            "PostgreSQL is not reachable at TEST_DATABASE_URL "
            f"(default {DEFAULT_TEST_DATABASE_URL}): {type(exc).__name__}: {exc}"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} — CI=true, so the PostgreSQL tests must run", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    """A fresh database of each backend in turn."""
    if request.param == "sqlite":
        path = tmp_path / "data" / "bot.db"
        yield Backend("sqlite", f"sqlite:///{path}", sqlite_path=path)
        return
    base = os.environ.get("TEST_DATABASE_URL", DEFAULT_TEST_DATABASE_URL)
    admin = await _postgres_admin(base)
    schema = f"store_test_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in base else "?"
    try:
        yield Backend(
            "postgres", f"{base}{separator}search_path={schema}", admin=admin, schema=schema
        )
    finally:
        await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.close()


@pytest.fixture
async def store(backend: Backend) -> AsyncIterator[Store]:
    """An open store on a fresh database, closed after the test."""
    opened = await backend.open()
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def keys() -> IdentityKeys:
    return IdentityKeys("test-data-key-0123456789abcdef")
