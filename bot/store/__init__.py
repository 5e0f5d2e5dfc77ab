"""Durable state behind one interface, with SQLite (default) and PostgreSQL backends.

Call :func:`open_store` with ``DATABASE_URL`` at start and :meth:`Store.close` at shutdown.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.store.base import Store
from bot.store.migrate import Migration
from bot.store.url import DatabaseTarget, parse_database_url

__all__ = ["DatabaseTarget", "Migration", "Store", "open_store", "parse_database_url"]


async def open_store(database_url: str, *, migrations: Sequence[Migration] | None = None) -> Store:
    """Open the store ``database_url`` names, creating and migrating its schema as needed.

    Raises ``ValueError`` naming ``DATABASE_URL`` when the URL is malformed, before touching
    any file or network. Each backend's driver is imported only when chosen, so a SQLite
    deployment never loads asyncpg. ``migrations`` replaces the shipped ones (tests only).
    """
    target = parse_database_url(database_url)
    if target.backend == "sqlite":
        from bot.store.sqlite import SqliteStore

        return await SqliteStore.open(target.location, migrations=migrations)
    from bot.store.postgres import PostgresStore

    return await PostgresStore.open(target.location, migrations=migrations)
