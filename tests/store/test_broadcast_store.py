"""Subscriptions, broadcasts and the outbox on both backends, as an agency would notice them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.privacy import IdentityKeys
from bot.store import Store
from bot.store.broadcasts import (
    Audience,
    AuditEntry,
    NewBroadcast,
    PlannedDelivery,
    Subscriber,
)

from .conftest import Backend

NOW = 1_800_000_000.0
EVERYONE = Audience()
CHATS = {101: "en", 102: "ur", 103: "ur", 104: "ps", 105: "ur-Latn"}


def everyone_now(subscribers: Sequence[Subscriber]) -> list[PlannedDelivery]:
    return [PlannedDelivery(s.chat_key, s.language, NOW) for s in subscribers]


def new_broadcast(audience: Audience = EVERYONE, **fields: object) -> NewBroadcast:
    values: dict[str, object] = {
        "texts": {"en": "<b>Warning</b>", "ur": "انتباہ", "ps": "خبرتیا", "ur-Latn": "Khabardar"},
        "audience": audience,
        "actor": "cli",
        "start_at": NOW,
    }
    values.update(fields)
    return NewBroadcast(**values)  # type: ignore[arg-type]


async def subscribe_all(store: Store, keys: IdentityKeys, country: str | None = None) -> None:
    for chat_id, language in CHATS.items():
        await store.subscribe(keys.chat_key(chat_id), keys.seal_chat(chat_id), language, country)


async def test_a_subscription_is_kept_with_its_language_and_country(
    store: Store, keys: IdentityKeys
) -> None:
    key = keys.chat_key(101)
    assert await store.subscription_status(key) is None
    assert await store.subscribe(key, keys.seal_chat(101), "ur", "pakistan") is True
    assert await store.subscribe(key, keys.seal_chat(101), "ps") is False, "already active"
    assert await store.subscription_status(key) == "active"
    [count] = await store.subscriber_counts()
    assert (count.language, count.country, count.status, count.count) == (
        "ps",
        "pakistan",
        "active",
        1,
    ), "a second /subscribe changes the language and keeps the country"
    assert await store.set_subscription_country(key, "uae")
    assert await store.set_subscription_language(key, "en")
    [count] = await store.subscriber_counts()
    assert (count.language, count.country) == ("en", "uae")
    assert not await store.set_subscription_language(keys.chat_key(999), "en")


async def test_counts_tell_the_home_country_apart(store: Store, keys: IdentityKeys) -> None:
    """The admin's "people from one country" screen counts by home country (issue 13)."""
    for chat_id, home in ((111, "BD"), (112, "BD"), (113, "PK"), (114, None)):
        key = keys.chat_key(chat_id)
        await store.subscribe(key, keys.seal_chat(chat_id), "en", "thailand")
        await store.set_subscription_home_country(key, home)
    counts = {(c.home_country, c.status): c.count for c in await store.subscriber_counts()}
    assert counts == {("BD", "active"): 2, ("PK", "active"): 1, (None, "active"): 1}
    assert all(
        (c.language, c.country) == ("en", "thailand") for c in await store.subscriber_counts()
    )


async def test_unsubscribe_removes_the_row(store: Store, keys: IdentityKeys) -> None:
    key = keys.chat_key(101)
    await store.subscribe(key, keys.seal_chat(101), "en")
    assert await store.unsubscribe(key) is True
    assert await store.subscription_status(key) is None
    assert await store.unsubscribe(key) is False
    assert await store.subscriber_counts() == []


async def test_a_blocked_subscriber_is_skipped_until_they_subscribe_again(
    store: Store, keys: IdentityKeys
) -> None:
    await subscribe_all(store, keys)
    blocked = keys.chat_key(102)
    assert await store.mark_unreachable(blocked, "blocked") is True
    assert await store.mark_unreachable(blocked, "blocked") is False
    broadcast_id = await store.create_broadcast(new_broadcast(), everyone_now)
    info = await store.broadcast(broadcast_id)
    assert info is not None and info.total == len(CHATS) - 1
    assert await store.subscription_status(blocked) == "blocked"
    assert await store.subscribe(blocked, keys.seal_chat(102), "ur") is True
    second = await store.create_broadcast(new_broadcast(), everyone_now)
    assert (await store.broadcast(second)).total == len(CHATS)  # type: ignore[union-attr]


async def test_subscribers_over_time_are_daily_totals(store: Store, keys: IdentityKeys) -> None:
    day1, day2 = date(2026, 11, 20), date(2026, 11, 21)
    for chat_id in (1, 2, 3):
        await store.subscribe(keys.chat_key(chat_id), keys.seal_chat(chat_id), "en", today=day1)
    await store.unsubscribe(keys.chat_key(1), today=day2)
    await store.mark_unreachable(keys.chat_key(2), "blocked", today=day2)
    await store.forget_chat(keys.chat_key(2), today=day2)  # already counted as ended
    history = await store.subscriber_history()
    assert [(d.day, d.joined, d.ended) for d in history] == [(day1, 3, 0), (day2, 0, 2)]


async def test_audience_of_one_language_or_one_country(store: Store, keys: IdentityKeys) -> None:
    await subscribe_all(store, keys)
    await store.set_subscription_country(keys.chat_key(101), "uae")
    await store.set_subscription_country(keys.chat_key(102), "uae")
    urdu = await store.create_broadcast(new_broadcast(Audience(language="ur")), everyone_now)
    uae = await store.create_broadcast(new_broadcast(Audience(country="uae")), everyone_now)
    both = await store.create_broadcast(
        new_broadcast(Audience(language="ur", country="uae")), everyone_now
    )
    assert (await store.broadcast(urdu)).total == 2  # type: ignore[union-attr]
    assert (await store.broadcast(uae)).total == 2  # type: ignore[union-attr]
    assert (await store.broadcast(both)).total == 1  # type: ignore[union-attr]


async def test_audience_of_one_home_country_apart_from_where_they_are(
    store: Store, keys: IdentityKeys
) -> None:
    await subscribe_all(store, keys, country="thailand")  # all of them are in Thailand now
    assert await store.set_subscription_home_country(keys.chat_key(101), "NP")
    assert await store.set_subscription_home_country(keys.chat_key(102), "BD")
    assert await store.set_subscription_home_country(keys.chat_key(103), "NP")
    assert await store.set_subscription_home_country(keys.chat_key(103), "BD"), "changed again"
    assert not await store.set_subscription_home_country(keys.chat_key(999), "NP"), "no such"
    nepal = await store.create_broadcast(new_broadcast(Audience(home_country="NP")), everyone_now)
    bangladesh_urdu = await store.create_broadcast(
        new_broadcast(Audience(language="ur", home_country="BD")), everyone_now
    )
    assert (await store.broadcast(nepal)).total == 1  # type: ignore[union-attr]
    assert (await store.broadcast(bangladesh_urdu)).total == 2  # type: ignore[union-attr]
    info = await store.broadcast(nepal)
    assert info is not None and info.audience == Audience(home_country="NP")


async def test_a_broadcast_is_delivered_row_by_row_and_completes(
    store: Store, keys: IdentityKeys
) -> None:
    await subscribe_all(store, keys)
    broadcast_id = await store.create_broadcast(
        new_broadcast(report_chat=keys.seal_chat(1), report_language="ur"), everyone_now
    )
    info = await store.broadcast(broadcast_id)
    assert info is not None
    assert (info.status, info.total, info.count("pending")) == ("queued", 5, 5)
    assert info.texts["en"] == "<b>Warning</b>" and info.report_language == "ur"
    assert keys.open_chat(info.report_chat or "") == 1

    claimed = await store.claim_deliveries(now=NOW, limit=3, lease=10)
    assert len(claimed) == 3
    assert {keys.open_chat(d.sealed_chat) for d in claimed} <= set(CHATS)
    assert all(d.language == CHATS[keys.open_chat(d.sealed_chat)] for d in claimed)
    info = await store.broadcast(broadcast_id)
    assert info is not None and info.status == "sending" and info.count("sending") == 3

    for delivery in claimed:
        await store.finish_delivery(delivery, "sent")
    rest = await store.claim_deliveries(now=NOW, limit=10, lease=10)
    assert len(rest) == 2, "claimed rows are not claimed again while their lease runs"
    await store.finish_delivery(rest[0], "blocked")
    assert await store.complete_broadcasts(now=NOW + 1) == [], "one row is still in flight"
    await store.finish_delivery(rest[1], "failed", failure="refused")
    assert await store.complete_broadcasts(now=NOW + 2) == [broadcast_id]
    info = await store.broadcast(broadcast_id)
    assert info is not None
    assert (info.status, info.count("sent"), info.count("blocked"), info.count("failed")) == (
        "done",
        3,
        1,
        1,
    )
    assert info.finished_at == NOW + 2 and not info.reported
    assert info.failures == {"refused": 1}
    await store.mark_reported(broadcast_id)
    assert (await store.broadcast(broadcast_id)).reported  # type: ignore[union-attr]


async def test_rows_in_flight_at_a_crash_are_claimed_again_after_their_lease(
    backend: Backend, keys: IdentityKeys
) -> None:
    store = await backend.open()
    await subscribe_all(store, keys)
    broadcast_id = await store.create_broadcast(new_broadcast(), everyone_now)
    in_flight = await store.claim_deliveries(now=NOW, limit=2, lease=10)
    await store.close()  # the process dies with two rows in flight

    restarted = await backend.open()
    try:
        early = await restarted.claim_deliveries(now=NOW + 5, limit=10, lease=10)
        assert {d.chat_key for d in early}.isdisjoint({d.chat_key for d in in_flight})
        assert len(early) == 3
        again = await restarted.claim_deliveries(now=NOW + 10, limit=10, lease=10)
        assert {d.chat_key for d in again} == {d.chat_key for d in in_flight}
        info = await restarted.broadcast(broadcast_id)
        assert info is not None and info.count("sending") == 5 and info.total == 5
    finally:
        await restarted.close()


async def test_a_retried_row_waits_until_it_is_due(store: Store, keys: IdentityKeys) -> None:
    await subscribe_all(store, keys)
    await store.create_broadcast(new_broadcast(), everyone_now)
    [first] = await store.claim_deliveries(now=NOW, limit=1, lease=10)
    assert await store.retry_delivery(first, due_at=NOW + 30)
    assert not await store.finish_delivery(first, "sent"), "not claimed any more: ignored"
    others = await store.claim_deliveries(now=NOW + 1, limit=10, lease=10)
    assert first.chat_key not in {d.chat_key for d in others}
    assert await store.next_due() == NOW + 11, "the leases of the others end first"
    for delivery in others:
        await store.finish_delivery(delivery, "sent")
    assert await store.next_due() == NOW + 30
    [retried] = await store.claim_deliveries(now=NOW + 30, limit=10, lease=10)
    assert retried.chat_key == first.chat_key and retried.attempts == 1


async def test_cancel_stops_what_was_not_sent(store: Store, keys: IdentityKeys) -> None:
    await subscribe_all(store, keys)
    broadcast_id = await store.create_broadcast(new_broadcast(), everyone_now)
    [one] = await store.claim_deliveries(now=NOW, limit=1, lease=10)
    info = await store.cancel_broadcast(broadcast_id, now=NOW + 1)
    assert info is not None and info.status == "cancelled"
    assert (info.count("cancelled"), info.count("sending")) == (4, 1)
    again = await store.claim_deliveries(now=NOW + 100, limit=10, lease=10)
    assert [(d.row, d.lease_until) for d in again] == [(one.row, NOW + 110)], (
        "only the row in flight at the cancel is claimed again after its lease"
    )
    assert (await store.broadcasts(["queued", "sending"])) == []
    assert await store.cancel_broadcast(9999, now=NOW) is None


async def test_unsubscribing_or_blocking_mid_broadcast_cancels_their_row(
    store: Store, keys: IdentityKeys
) -> None:
    await subscribe_all(store, keys)
    broadcast_id = await store.create_broadcast(new_broadcast(), everyone_now)
    await store.unsubscribe(keys.chat_key(101))
    await store.mark_unreachable(keys.chat_key(102), "gone")
    info = await store.broadcast(broadcast_id)
    assert info is not None and info.count("cancelled") == 2 and info.count("pending") == 3


async def test_forget_removes_the_subscription_and_its_outbox_rows(
    backend: Backend, store: Store, keys: IdentityKeys
) -> None:
    await subscribe_all(store, keys)
    broadcast_id = await store.create_broadcast(new_broadcast(), everyone_now)
    await store.forget_chat(keys.chat_key(101))
    assert await store.subscription_status(keys.chat_key(101)) is None
    info = await store.broadcast(broadcast_id)
    assert info is not None and info.total == 4
    rows = await backend.fetch(
        f"SELECT COUNT(*) FROM outbox WHERE chat_key = '{keys.chat_key(101)}'"
    )
    assert rows[0][0] == 0


async def test_a_copied_database_names_no_subscriber(
    backend: Backend, store: Store, keys: IdentityKeys
) -> None:
    chat_id = 734_551_209
    await store.subscribe(keys.chat_key(chat_id), keys.seal_chat(chat_id), "ur", "pakistan")
    await store.create_broadcast(new_broadcast(report_chat=keys.seal_chat(chat_id)), everyone_now)
    dump = await backend.dump()
    assert str(chat_id).encode() not in dump
    assert keys.user_key(chat_id).encode() not in dump, "no key joins to conversation state"


async def test_broadcasts_are_listed_by_status(store: Store, keys: IdentityKeys) -> None:
    await subscribe_all(store, keys)
    first = await store.create_broadcast(new_broadcast(), everyone_now)
    second = await store.create_broadcast(
        new_broadcast(Audience(language="en"), spread_seconds=3600, quiet_hours=True),
        everyone_now,
    )
    listed = await store.broadcasts(["queued"])
    assert [b.id for b in listed] == [first, second]
    assert listed[1].audience == Audience(language="en")
    assert (listed[1].spread_seconds, listed[1].quiet_hours) == (3600, True)
    await store.set_progress_message(first, 77)
    assert (await store.broadcast(first)).progress_message_id == 77  # type: ignore[union-attr]


async def test_an_empty_audience_completes_at_once(store: Store) -> None:
    broadcast_id = await store.create_broadcast(new_broadcast(), everyone_now)
    assert await store.complete_broadcasts(now=NOW) == [broadcast_id]
    assert await store.next_due() is None


async def test_the_audit_log_keeps_every_admin_action(store: Store) -> None:
    await store.audit(AuditEntry("2026-11-22T10:00:00+00:00", "cli", "broadcast", {"id": 1}))
    await store.audit(AuditEntry("2026-11-22T10:05:00+00:00", "a1b2", "cancel", {"id": 1}))
    latest = await store.read_audit()
    assert [(e.actor, e.action, dict(e.detail)) for e in latest] == [
        ("a1b2", "cancel", {"id": 1}),
        ("cli", "broadcast", {"id": 1}),
    ]


async def test_finished_broadcasts_wait_for_their_report(store: Store, keys: IdentityKeys) -> None:
    await subscribe_all(store, keys)
    silent = await store.create_broadcast(new_broadcast(), everyone_now)
    followed = await store.create_broadcast(
        new_broadcast(report_chat=keys.seal_chat(1)), everyone_now
    )
    await store.cancel_broadcast(silent, now=NOW)
    await store.cancel_broadcast(followed, now=NOW)
    waiting = await store.broadcasts(["done", "cancelled"], unreported=True)
    assert [b.id for b in waiting] == [followed], "only broadcasts with an admin to tell"
    await store.mark_reported(followed)
    assert await store.broadcasts(["done", "cancelled"], unreported=True) == []


async def test_a_row_is_completed_only_by_the_claim_that_holds_it(
    store: Store, keys: IdentityKeys
) -> None:
    await subscribe_all(store, keys)
    await store.create_broadcast(new_broadcast(), everyone_now)
    [stale] = await store.claim_deliveries(now=NOW, limit=1, lease=10)
    # Replica A waited past its lease (say, a long 429); replica B claims the row again.
    [fresh] = await store.claim_deliveries(now=NOW + 10, limit=1, lease=10)
    assert fresh.row == stale.row and fresh.claim != stale.claim
    assert not await store.finish_delivery(stale, "sent"), "A's answer comes too late"
    assert not await store.retry_delivery(stale, due_at=NOW + 20)
    assert await store.finish_delivery(fresh, "sent")
    info = await store.broadcast(fresh.broadcast_id)
    assert info is not None and (info.count("sent"), info.count("pending")) == (1, 4)


async def test_a_lease_kept_alive_is_not_claimed_by_another_replica(
    store: Store, keys: IdentityKeys
) -> None:
    await subscribe_all(store, keys)
    await store.create_broadcast(new_broadcast(), everyone_now)
    held = await store.claim_deliveries(now=NOW, limit=2, lease=10)
    assert await store.renew_claims(held, NOW + 18) == {d.row for d in held}
    others = await store.claim_deliveries(now=NOW + 12, limit=10, lease=10)
    assert {d.row for d in others}.isdisjoint({d.row for d in held})
    lost = await store.claim_deliveries(now=NOW + 18, limit=10, lease=10)
    assert {d.row for d in held} <= {d.row for d in lost}, "not renewed: claimable again"
    assert await store.renew_claims(held, NOW + 30) == set(), "the old claims hold nothing"


async def test_one_replica_follows_a_broadcast_until_its_lease_ends(
    store: Store, keys: IdentityKeys
) -> None:
    await subscribe_all(store, keys)
    followed = await store.create_broadcast(
        new_broadcast(report_chat=keys.seal_chat(1)), everyone_now
    )
    assert await store.follow_broadcasts("replica-a", now=NOW, lease=30) == [followed]
    assert await store.follow_broadcasts("replica-b", now=NOW + 1, lease=30) == []
    assert await store.follow_broadcasts("replica-a", now=NOW + 20, lease=30) == [followed]
    assert await store.follow_broadcasts("replica-b", now=NOW + 49, lease=30) == []
    assert await store.follow_broadcasts("replica-b", now=NOW + 50, lease=30) == [followed]
    await store.cancel_broadcast(followed, now=NOW + 51)
    assert not await store.mark_reported(followed, "replica-a"), "a lost lease reports nothing"
    assert await store.mark_reported(followed, "replica-b")
    assert not await store.mark_reported(followed, "replica-b"), "reported once"
    assert await store.follow_broadcasts("replica-b", now=NOW + 52, lease=30) == []


async def test_a_claimed_row_says_whether_quiet_hours_apply_and_where(
    store: Store, keys: IdentityKeys
) -> None:
    await store.subscribe(keys.chat_key(7), keys.seal_chat(7), "en", "TH")
    await store.create_broadcast(new_broadcast(quiet_hours=True), everyone_now)
    [claimed] = await store.claim_deliveries(now=NOW, limit=1, lease=10)
    assert (claimed.quiet_hours, claimed.country) == (True, "TH")
