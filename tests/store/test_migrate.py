"""The migration files themselves: found as package data, numbered, split correctly."""

from __future__ import annotations

import pytest

from bot.store.migrate import (
    BACKENDS,
    Migration,
    check_sequence,
    load_migrations,
    split_sqlite_script,
)


@pytest.mark.parametrize("backend", BACKENDS)
def test_shipped_migrations_are_numbered_from_one(backend: str) -> None:
    migrations = load_migrations(backend)
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    assert migrations[0].name == "initial"
    assert "conversation_state" in migrations[0].sql


def test_both_backends_ship_the_same_migrations() -> None:
    sqlite, postgres = (load_migrations(backend) for backend in BACKENDS)
    assert [(m.version, m.name) for m in sqlite] == [(m.version, m.name) for m in postgres]


def test_gaps_and_duplicates_are_refused() -> None:
    one, three = Migration(1, "a", ""), Migration(3, "c", "")
    with pytest.raises(ValueError, match="expected 0002"):
        check_sequence([one, three])
    with pytest.raises(ValueError, match="expected 0002"):
        check_sequence([one, Migration(1, "again", "")])


def test_sqlite_scripts_split_on_real_statement_ends() -> None:
    script = (
        "-- a comment; with a semicolon\n"
        "CREATE TABLE t (a TEXT DEFAULT 'x;y');\n"
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
        "  UPDATE t SET a = 'z;'; \n"
        "END;\n"
        "-- trailing comment\n"
    )
    statements = split_sqlite_script(script)
    assert len(statements) == 2
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


def test_an_unfinished_sqlite_statement_is_refused() -> None:
    with pytest.raises(ValueError, match="incomplete"):
        split_sqlite_script("CREATE TABLE t (a TEXT);\nCREATE TABLE u (b TEXT)\n")
