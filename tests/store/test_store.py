"""What a user would notice of the store, on both backends."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import stat
import sys
from pathlib import Path

import asyncpg
import pytest

from bot.privacy import IdentityKeys
from bot.store import Migration, Store, open_store
from bot.store.migrate import load_migrations

from .conftest import Backend

TELEGRAM_ID = 123456789
CHAT_ID = 987654321

STATE = {
    "language": "ur-Latn",
    "language_chosen": True,
    "screen": "checklist",
    "runs": 2,
    "checklist": {"run": 2, "position": 3, "answers": {"fee": "yes"}, "finished": False},
    "extra": {"note": "ویزا 🙂", "nested": [1, 2.5, None, True]},
}

DB_ERRORS = (sqlite3.Error, asyncpg.PostgresError)

REPO_ROOT = Path(__file__).resolve().parents[2]

OPEN_AND_SAVE = """
import asyncio, sys
from bot.privacy import IdentityKeys
from bot.store import open_store

async def main() -> None:
    keys = IdentityKeys("test-data-key-0123456789abcdef")
    store = await open_store(sys.argv[1])
    await store.save_state(keys.user_key(int(sys.argv[2])), {"n": 1})
    await store.close()

asyncio.run(main())
"""


def shipped(backend: Backend) -> list[Migration]:
    return load_migrations(backend.name)


async def test_unknown_user_has_no_state(store: Store, keys: IdentityKeys) -> None:
    assert await store.load_state(keys.user_key(TELEGRAM_ID)) is None


async def test_state_survives_restart(backend: Backend, keys: IdentityKeys) -> None:
    store = await backend.open()
    await store.save_state(keys.user_key(TELEGRAM_ID), STATE)
    await store.close()

    restarted = await backend.open()
    try:
        assert await restarted.load_state(keys.user_key(TELEGRAM_ID)) == STATE
    finally:
        await restarted.close()


async def test_save_replaces_the_previous_state(store: Store, keys: IdentityKeys) -> None:
    key = keys.user_key(TELEGRAM_ID)
    await store.save_state(key, STATE)
    await store.save_state(key, {"screen": "menu"})
    assert await store.load_state(key) == {"screen": "menu"}


async def test_forget_deletes_state_for_good(backend: Backend, keys: IdentityKeys) -> None:
    store = await backend.open()
    key, other = keys.user_key(TELEGRAM_ID), keys.user_key(TELEGRAM_ID + 1)
    await store.save_state(key, STATE)
    await store.save_state(other, {"screen": "menu"})
    await store.forget(key)
    await store.forget(keys.user_key(42))  # nothing held: not an error
    assert await store.load_state(key) is None
    await store.close()

    restarted = await backend.open()
    try:
        assert await restarted.load_state(key) is None
        assert await restarted.load_state(other) == {"screen": "menu"}
    finally:
        await restarted.close()


async def test_concurrent_saves_of_different_users_do_not_interfere(
    store: Store, keys: IdentityKeys
) -> None:
    users = range(1000, 1060)

    async def converse(user: int) -> None:
        for step in range(3):
            await store.save_state(keys.user_key(user), {"user": user, "step": step})
            await asyncio.sleep(0)

    await asyncio.gather(*(converse(user) for user in users))
    loaded = await asyncio.gather(*(store.load_state(keys.user_key(user)) for user in users))
    assert loaded == [{"user": user, "step": 2} for user in users]


async def test_migrations_are_applied_once_and_recorded(backend: Backend) -> None:
    for _ in range(3):
        store = await backend.open()
        await store.close()
    expected = [(m.version, m.name) for m in shipped(backend)]
    assert expected[0] == (1, "initial")
    assert await backend.versions() == expected


async def test_two_stores_opening_one_database_at_once_both_work(
    backend: Backend, keys: IdentityKeys
) -> None:
    first, second, third = await asyncio.gather(backend.open(), backend.open(), backend.open())
    try:
        await first.save_state(keys.user_key(1), {"from": "first"})
        await second.save_state(keys.user_key(2), {"from": "second"})
        assert await third.load_state(keys.user_key(1)) == {"from": "first"}
        assert await first.load_state(keys.user_key(2)) == {"from": "second"}
    finally:
        await asyncio.gather(first.close(), second.close(), third.close())
    assert await backend.versions() == [(m.version, m.name) for m in shipped(backend)]


async def test_processes_starting_together_all_start(backend: Backend, keys: IdentityKeys) -> None:
    """Replicas (or a bot and a `broadcast` command) starting at once on a new database."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            OPEN_AND_SAVE,
            backend.url,
            str(user),
            env=env,
            stderr=asyncio.subprocess.PIPE,
        )
        for user in range(1, 5)
    ]
    results = await asyncio.gather(*(process.communicate() for process in processes))
    for process, (_, stderr) in zip(processes, results, strict=True):
        assert process.returncode == 0, stderr.decode()
    assert await backend.versions() == [(m.version, m.name) for m in shipped(backend)]
    store = await backend.open()
    try:
        for user in range(1, 5):
            assert await store.load_state(keys.user_key(user)) == {"n": 1}
    finally:
        await store.close()


async def test_a_new_migration_is_applied_at_the_next_start(backend: Backend) -> None:
    await (await backend.open()).close()
    later = [
        *shipped(backend),
        Migration(
            len(shipped(backend)) + 1,
            "extra_feature",
            "CREATE TABLE extra_feature (id integer PRIMARY KEY);",
        ),
    ]
    await (await backend.open(migrations=later)).close()
    assert await backend.versions() == [(m.version, m.name) for m in later]
    assert "extra_feature" in await backend.tables()

    with pytest.raises(RuntimeError, match="newer than this code"):
        await backend.open()


async def test_subscribers_from_before_home_countries_keep_their_rows_and_get_a_guess(
    backend: Backend, keys: IdentityKeys
) -> None:
    """Migration 9: Urdu, Pashto, Roman Urdu readers and those in Pakistan count as PK."""
    from bot.store.broadcasts import Audience, NewBroadcast, PlannedDelivery

    before = [m for m in shipped(backend) if m.name != "home_country"]
    assert len(before) == len(shipped(backend)) - 1
    store = await backend.open(migrations=before)
    chats = {201: ("ur", None), 202: ("en", "pakistan"), 203: ("en", "uae"), 204: ("ps", "uae")}
    try:
        for chat, (language, where) in chats.items():
            await store.subscribe(keys.chat_key(chat), keys.seal_chat(chat), language, where)
    finally:
        await store.close()
    store = await backend.open()
    try:
        new = NewBroadcast({"en": "x", "ur": "x", "ps": "x"}, Audience(home_country="PK"), "cli", 0)
        planned: list[str] = []

        def plan(subscribers):  # type: ignore[no-untyped-def]
            planned.extend(s.chat_key for s in subscribers)
            return [PlannedDelivery(s.chat_key, s.language, 0) for s in subscribers]

        await store.create_broadcast(new, plan)
        assert sorted(planned) == sorted(keys.chat_key(c) for c in (201, 202, 204))
        [*counts] = await store.subscriber_counts()
        assert sum(c.count for c in counts) == 4, "no subscriber was lost"
    finally:
        await store.close()


async def test_a_failing_migration_leaves_nothing_behind(backend: Backend) -> None:
    broken = Migration(
        len(shipped(backend)) + 1,
        "broken",
        "CREATE TABLE half_done (id integer);\nINSERT INTO no_such_table VALUES (1);\n",
    )
    with pytest.raises(DB_ERRORS):
        await backend.open(migrations=[*shipped(backend), broken])
    assert "half_done" not in await backend.tables()
    assert await backend.versions() == [(m.version, m.name) for m in shipped(backend)]
    await (await backend.open()).close()  # the database is still usable


async def test_a_copied_database_names_no_one(backend: Backend, keys: IdentityKeys) -> None:
    store = await backend.open()
    try:
        for user in (TELEGRAM_ID, TELEGRAM_ID + 1):
            state = {**STATE, "extra": {"chat": keys.seal_chat(CHAT_ID)}}
            await store.save_state(keys.user_key(user), state)
        assert await store.load_state(keys.user_key(TELEGRAM_ID)) is not None
        while_running = await backend.dump()  # SQLite: the main file and its -wal, -shm
    finally:
        await store.close()
    after_close = await backend.dump()

    for raw in (while_running, after_close):
        assert keys.user_key(TELEGRAM_ID).encode() in raw  # the dump really holds the rows
        assert str(TELEGRAM_ID).encode() not in raw
        assert str(CHAT_ID).encode() not in raw


async def test_a_new_sqlite_file_is_private_to_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    await (await open_store(f"sqlite:///{path}")).close()
    assert _mode(path) == 0o600


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_a_closed_store_can_be_closed_again_but_not_used(
    store: Store, keys: IdentityKeys
) -> None:
    await store.close()
    await store.close()
    with pytest.raises(RuntimeError, match="closed"):
        await store.load_state(keys.user_key(TELEGRAM_ID))


async def test_a_raw_telegram_id_is_refused_as_a_key(store: Store) -> None:
    with pytest.raises(ValueError, match="raw Telegram id"):
        await store.save_state(str(TELEGRAM_ID), STATE)
    with pytest.raises(TypeError):
        await store.load_state(TELEGRAM_ID)


async def test_state_that_is_not_json_is_refused_alike(store: Store, keys: IdentityKeys) -> None:
    with pytest.raises(ValueError):
        await store.save_state(keys.user_key(TELEGRAM_ID), {"score": float("nan")})
    assert await store.load_state(keys.user_key(TELEGRAM_ID)) is None


async def test_a_change_cancelled_at_any_moment_leaves_the_store_writable(
    backend: Backend, keys: IdentityKeys
) -> None:
    """A bot stopping cancels whatever its tasks are doing, a transaction just beginning
    included; the next user's answer must still be saved (on SQLite it was not: the shared
    connection stayed inside the cancelled BEGIN)."""
    store = await backend.open()
    key = keys.user_key(TELEGRAM_ID)
    try:
        for turns in range(8):  # cancel after 0, 1, 2 ... steps of the event loop
            task = asyncio.create_task(store.forget(keys.user_key(TELEGRAM_ID + 1)))
            for _ in range(turns):
                await asyncio.sleep(0)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await store.forget(key)  # a transaction of its own: fails if one is left open
            await store.save_state(key, {"turn": turns})
    finally:
        await store.close()

    reopened = await backend.open()
    try:
        assert await reopened.load_state(key) == {"turn": 7}
    finally:
        await reopened.close()
