"""The key fingerprint and `keys rotate` on both backends: one transaction, nothing lost."""

from __future__ import annotations

import time

import pytest

from bot.broadcast.enqueue import enqueue_broadcast
from bot.errors import ConfigError
from bot.keys.check import check_data_key
from bot.keys.rotation import KeyRotation
from bot.privacy import IdentityKeys, SealError
from bot.store import Store
from bot.store.broadcasts import Audience
from bot.store.keys import KeyMismatch
from tests.conftest import CONTENT_DIR, LOCALES_DIR
from tests.store.conftest import Backend

OLD = IdentityKeys("old-data-key-0123456789abcdef")
NEW = IdentityKeys("new-data-key-0123456789abcdef")
ADMIN = 9001


async def _fill(store: Store, keys: IdentityKeys) -> None:
    """Two users with state (one written before sealed owners), two subscribers, a broadcast."""
    await store.save_state(keys.user_key(11), {"language": "ur", "step": "q3"})
    await store.seal_state_owner(keys.user_key(11), keys.seal_user(11))
    await store.save_state(keys.user_key(12), {"language": "en"})  # no sealed owner
    await store.subscribe(keys.chat_key(11), keys.seal_chat(11), "ur")
    await store.subscribe(keys.chat_key(13), keys.seal_chat(13), "en")
    from bot.content.loader import load_content

    content, _ = load_content(CONTENT_DIR, LOCALES_DIR)
    await enqueue_broadcast(
        store,
        content,
        {"en": "warning"},
        audience=Audience(),
        actor=keys.actor_key(ADMIN),
        start_at=time.time() + 3600,
        report_chat=keys.seal_chat(ADMIN),
    )


async def test_a_store_remembers_its_key_and_refuses_another(store: Store) -> None:
    await check_data_key(store, OLD, "DATA_KEY")
    await check_data_key(store, OLD, "DATA_KEY")  # same key: fine
    with pytest.raises(ConfigError) as refused:
        await check_data_key(store, NEW, "DATA_KEY")
    assert "DATA_KEY" in str(refused.value) and "\n" not in str(refused.value)
    assert "keys rotate" in str(refused.value)


async def test_a_token_derived_key_that_changed_says_to_set_data_key(store: Store) -> None:
    before, _ = IdentityKeys.from_settings(None, "1:old-token")
    after, _ = IdentityKeys.from_settings(None, "1:new-token")
    await check_data_key(store, before, "BOT_TOKEN")
    with pytest.raises(ConfigError) as refused:
        await check_data_key(store, after, "BOT_TOKEN")
    line = str(refused.value)
    assert "BOT_TOKEN" in line and "set DATA_KEY to the old key" in line and "rotate" in line


async def test_a_store_from_before_fingerprints_is_checked_by_its_sealed_ids(
    store: Store,
) -> None:
    await store.subscribe(OLD.chat_key(5), OLD.seal_chat(5), "en")
    with pytest.raises(ConfigError):
        await check_data_key(store, NEW, "DATA_KEY")
    assert await store.recorded_key() is None  # the refusal recorded nothing
    await check_data_key(store, OLD, "DATA_KEY")
    assert (await store.recorded_key()).fingerprint == OLD.fingerprint  # type: ignore[union-attr]


async def test_rotation_rekeys_every_id_and_users_keep_their_state(
    store: Store, backend: Backend
) -> None:
    await check_data_key(store, OLD, "DATA_KEY")
    await _fill(store, OLD)
    count = await store.rekey(KeyRotation(OLD, NEW, "DATA_KEY", [ADMIN]))
    assert (count.states, count.states_dropped, count.subscriptions) == (1, 1, 2)
    assert await store.load_state(NEW.user_key(11)) == {"language": "ur", "step": "q3"}
    assert await store.load_state(OLD.user_key(11)) is None
    assert await store.subscription_status(NEW.chat_key(13)) == "active"
    assert await store.unsubscribe(NEW.chat_key(13))  # /unsubscribe really unsubscribes
    assert await store.subscription_status(NEW.chat_key(13)) is None
    [info] = await store.broadcasts(("queued",))
    assert info.actor == NEW.actor_key(ADMIN)
    assert NEW.open_chat(info.report_chat or "") == ADMIN
    deliveries = await store.claim_deliveries(now=time.time() + 7200, limit=10, lease=60)
    assert {NEW.open_chat(d.sealed_chat) for d in deliveries} == {11}
    # The database now opens with the new key only.
    await check_data_key(store, NEW, "DATA_KEY")
    with pytest.raises(ConfigError):
        await check_data_key(store, OLD, "DATA_KEY")
    keys_at_rest = {
        str(row[0])
        for sql in (
            "SELECT user_key FROM conversation_state",
            "SELECT chat_key FROM subscription",
            "SELECT chat_key FROM outbox",
        )
        for row in await backend.fetch(sql)
    }
    assert keys_at_rest == {NEW.user_key(11), NEW.chat_key(11), NEW.chat_key(13)}


async def test_a_rotation_from_the_wrong_old_key_changes_nothing(
    store: Store, backend: Backend
) -> None:
    await check_data_key(store, OLD, "DATA_KEY")
    await _fill(store, OLD)
    before = await backend.dump()
    stranger = IdentityKeys("some-other-key-0123456789abcdef")
    with pytest.raises(KeyMismatch):
        await store.rekey(KeyRotation(stranger, NEW, "DATA_KEY", [ADMIN]))
    assert await store.load_state(OLD.user_key(11)) is not None
    assert await store.subscription_status(OLD.chat_key(13)) == "active"
    assert (await store.recorded_key()).fingerprint == OLD.fingerprint  # type: ignore[union-attr]
    if backend.sqlite_path is None:
        assert await backend.dump() == before


async def test_a_sealed_id_that_does_not_open_rolls_the_whole_rotation_back(
    store: Store,
) -> None:
    await _fill(store, OLD)  # no fingerprint recorded: a store from before fingerprints
    await store.subscribe(NEW.chat_key(14), NEW.seal_chat(14), "en")  # not the old key's
    with pytest.raises(SealError):
        await store.rekey(KeyRotation(OLD, NEW, "DATA_KEY", [ADMIN]))
    assert await store.load_state(OLD.user_key(11)) == {"language": "ur", "step": "q3"}
    assert await store.subscription_status(OLD.chat_key(11)) == "active"


async def test_a_step_keeps_its_sealed_owner_so_rotation_keeps_the_state(
    store: Store, backend: Backend
) -> None:
    # What the bot does for a user's first update: state, log and sealed owner in one write.
    await store.save_step(OLD.user_key(21), {"language": "en"}, [], OLD.seal_user(21))
    await store.save_step(OLD.user_key(21), {"language": "ur"}, [], None)  # later updates
    await store.save_step(OLD.user_key(21), {"language": "ps"}, [], OLD.seal_user(99))
    [[sealed]] = await backend.fetch("SELECT sealed_user FROM conversation_state")
    assert OLD.open_user(str(sealed)) == 21, "the first sealed owner stays"
    count = await store.rekey(KeyRotation(OLD, NEW, "DATA_KEY", [ADMIN]))
    assert (count.states, count.states_dropped) == (1, 0)
    assert await store.load_state(NEW.user_key(21)) == {"language": "ps"}
