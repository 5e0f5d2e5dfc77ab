"""Versioned schema migrations shipped as package data.

Each backend has a directory ``bot/store/migrations/<backend>/`` of files named
``NNNN_short_name.sql``. Adding a feature's tables is adding the next numbered file to both
directories; the stores apply whatever is missing at ``open``, one migration per transaction,
and record it in ``schema_version``. Applied files must never be edited: add a new one.

The runner wraps each file in a transaction, so a file must not contain ``BEGIN``/``COMMIT``
(nor, on PostgreSQL, anything that refuses to run in a transaction, such as
``CREATE INDEX CONCURRENTLY``).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

BACKENDS = ("sqlite", "postgres")

_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    """One schema change: ``version`` orders it, ``name`` is for people, ``sql`` is the script."""

    version: int
    name: str
    sql: str


def load_migrations(backend: str) -> list[Migration]:
    """Return the migrations shipped for ``backend``, checked and in order.

    Read through :mod:`importlib.resources` so they are found in a source checkout and after
    ``pip install`` alike. A ``.sql`` file with a bad name, a duplicate or a missing version
    raises, because silently skipping it would leave a deployment without a table.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown store backend {backend!r}")
    folder = resources.files("bot.store").joinpath("migrations", backend)
    found: list[Migration] = []
    for entry in folder.iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = _FILE_NAME.match(entry.name)
        if match is None:
            raise ValueError(
                f"migration file {backend}/{entry.name} must be named NNNN_short_name.sql"
            )
        found.append(
            Migration(int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8"))
        )
    return check_sequence(found)


def check_sequence(migrations: Iterable[Migration]) -> list[Migration]:
    """Sort ``migrations`` and require versions 1, 2, 3, ... with no gap or duplicate."""
    ordered = sorted(migrations, key=lambda m: m.version)
    for expected, migration in enumerate(ordered, start=1):
        if migration.version != expected:
            raise ValueError(
                f"migrations must be numbered 1, 2, 3, ...: expected {expected:04d}, "
                f"found {migration.version:04d}_{migration.name}"
            )
    return ordered


def pending(migrations: Sequence[Migration], applied: set[int]) -> list[Migration]:
    """Return the migrations not yet in ``applied``; refuse a database newer than this code.

    Running old code on a newer schema could write rows the newer code misreads, so it is
    stopped at start rather than left to corrupt data.
    """
    known = {m.version for m in migrations}
    unknown = sorted(applied - known)
    if unknown:
        raise RuntimeError(
            f"the database has schema version {unknown[-1]}, newer than this code knows "
            f"({max(known, default=0)}): upgrade the bot before starting it on this database"
        )
    return [m for m in migrations if m.version not in applied]


def split_sqlite_script(sql: str) -> list[str]:
    """Split a SQLite script into statements, so they can run inside one transaction.

    ``executescript`` would commit any open transaction first, defeating the point. Splitting
    on ``sqlite3.complete_statement`` (SQLite's own tokenizer) copes with semicolons inside
    strings and trigger bodies, which a naive ``split(";")`` would not.
    """
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    leftover = [
        text for text in buffer.splitlines() if text.strip() and not text.strip().startswith("--")
    ]
    if leftover:
        raise ValueError("migration ends with an incomplete statement (missing ';'?)")
    return statements
