"""Helpdesk cases on both backends: one open case per user, found by topic, gone on /forget_me."""

from __future__ import annotations

from bot.privacy import IdentityKeys
from bot.store import Store

from .conftest import Backend

USER = 777000111


async def test_a_case_is_found_by_its_user_and_by_its_topic(
    store: Store, keys: IdentityKeys
) -> None:
    key = keys.user_key(USER)
    case_no = await store.open_case(key, keys.seal_chat(USER), "ur")
    await store.set_case_topic(case_no, 41)
    mine = await store.open_case_of(key)
    assert mine is not None and mine.case_no == case_no and mine.topic_id == 41
    in_topic = await store.case_in_topic(41)
    assert in_topic is not None and keys.open_chat(in_topic.chat_sealed) == USER
    assert in_topic.language == "ur" and not in_topic.closed
    assert await store.case_in_topic(42) is None


async def test_a_new_case_closes_the_users_earlier_one_and_numbers_go_up(
    store: Store, keys: IdentityKeys
) -> None:
    key = keys.user_key(USER)
    first = await store.open_case(key, keys.seal_chat(USER), "en")
    second = await store.open_case(key, keys.seal_chat(USER), "en")
    assert second > first
    mine = await store.open_case_of(key)
    assert mine is not None and mine.case_no == second
    assert await store.close_case(second)
    assert not await store.close_case(second), "closing twice says it was closed already"
    assert await store.open_case_of(key) is None


async def test_forget_me_removes_the_users_cases(backend: Backend, keys: IdentityKeys) -> None:
    store = await backend.open()
    try:
        key = keys.user_key(USER)
        case_no = await store.open_case(key, keys.seal_chat(USER), "en")
        await store.set_case_topic(case_no, 7)
        await store.forget(key)
        assert await store.case_in_topic(7) is None
    finally:
        await store.close()
    raw = await backend.dump()
    assert str(USER).encode() not in raw


async def test_a_key_rotation_keeps_an_open_case_reachable_under_the_new_key(
    store: Store, keys: IdentityKeys
) -> None:
    from bot.keys.rotation import KeyRotation

    case_no = await store.open_case(keys.user_key(USER), keys.seal_chat(USER), "ps")
    await store.set_case_topic(case_no, 9)
    new_keys = IdentityKeys("another-data-key-0123456789abcdef")
    count = await store.rekey(KeyRotation(keys, new_keys, "DATA_KEY", []))
    assert count.helpdesk_cases == 1
    mine = await store.open_case_of(new_keys.user_key(USER))
    assert mine is not None and mine.case_no == case_no, "the user finds their case again"
    in_topic = await store.case_in_topic(9)
    assert in_topic is not None and new_keys.open_chat(in_topic.chat_sealed) == USER
    assert await store.open_case_of(keys.user_key(USER)) is None, "the old key finds nothing"
