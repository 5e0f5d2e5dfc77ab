"""DATABASE_URL: the accepted forms, and one clear error for everything else."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import DatabaseTarget, open_store, parse_database_url

from . import conftest


def _entries(folder: Path) -> list[Path]:
    return list(folder.iterdir())


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///data/bot.db", DatabaseTarget("sqlite", "data/bot.db")),
        ("sqlite:////var/lib/bot/bot.db", DatabaseTarget("sqlite", "/var/lib/bot/bot.db")),
        ("sqlite:///:memory:", DatabaseTarget("sqlite", ":memory:")),
        (
            "postgresql://u:p@db:5432/bot",
            DatabaseTarget("postgres", "postgresql://u:p@db:5432/bot"),
        ),
        (
            "postgres://u@db/bot?sslmode=require",
            DatabaseTarget("postgres", "postgres://u@db/bot?sslmode=require"),
        ),
        ("  sqlite:///bot.db\n", DatabaseTarget("sqlite", "bot.db")),
    ],
)
def test_accepted_forms(url: str, expected: DatabaseTarget) -> None:
    assert parse_database_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "bot.db",
        "/var/lib/bot.db",
        "sqlite:",
        "sqlite://",
        "sqlite:///",
        "sqlite:////",
        "sqlite://data/bot.db",
        "sqlite:///data/",
        "sqlite:///bot.db?mode=ro",
        "mysql://root:s3cret@db/bot",
        "postgresql+asyncpg://u:s3cret@db/bot",
        "postgresql://u:s3cret@db:port/bot",
        "postgresql://",
    ],
)
def test_malformed_urls_name_the_setting_and_not_the_password(url: str) -> None:
    with pytest.raises(ValueError, match="DATABASE_URL") as caught:
        parse_database_url(url)
    message = str(caught.value)
    assert "s3cret" not in message
    assert "sqlite:///" in message and "postgresql://" in message
    assert "\n" not in message


async def test_open_store_refuses_a_malformed_url_before_touching_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="DATABASE_URL"):
        await open_store("sqlite://x/bot.db")  # two slashes: "x" would be a host
    with pytest.raises(ValueError, match="DATABASE_URL"):
        await open_store("postgresql://u:s3cret@db:port/bot")
    assert _entries(tmp_path) == []


async def test_relative_and_absolute_sqlite_paths_create_their_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    relative = await open_store("sqlite:///data/nested/bot.db")
    await relative.close()
    assert (tmp_path / "data" / "nested" / "bot.db").is_file()

    absolute_path = tmp_path / "abs" / "deeper" / "bot.db"
    assert str(absolute_path).startswith("/")
    absolute = await open_store(f"sqlite:///{absolute_path}")
    await absolute.close()
    assert absolute_path.is_file()


async def test_a_memory_database_works() -> None:
    store = await open_store("sqlite:///:memory:")
    try:
        await store.save_state("a" * 32, {"screen": "menu"})
        assert await store.load_state("a" * 32) == {"screen": "menu"}
    finally:
        await store.close()


async def test_unreachable_postgres_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="TEST_DATABASE_URL"):
        await conftest._postgres_admin("postgresql://postgres@127.0.0.1:1/test")


async def test_unreachable_postgres_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        await conftest._postgres_admin("postgresql://postgres@127.0.0.1:1/test")
