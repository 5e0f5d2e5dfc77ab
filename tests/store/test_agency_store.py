"""The agency tables on both backends: reports counted without reporters, lists, watches."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.agency.db import database_of
from bot.agency.followup_store import FollowupStore
from bot.agency.indicators import Indicator, find_indicators
from bot.agency.licence_store import LicenceStore
from bot.agency.licences import Licence
from bot.agency.records import KnownIndicator
from bot.agency.store import AgencyStore
from bot.privacy import IdentityKeys
from bot.store import Store

from .conftest import Backend

TODAY = date(2026, 11, 30)
AD = "Call centre job in Bangkok, salary $1500, contact 0300-1234567 or @fastjobs_bkk"
OTHER_AD = "Data entry in Myawaddy, free ticket. WhatsApp +92 300 1234567"
PHONE = Indicator("phone", "+923001234567")


class Agency:
    """The three agency stores on one database, as the desk holds them."""

    def __init__(self, store: Store, keys: IdentityKeys) -> None:
        db = database_of(store)
        self.shelf = AgencyStore(db)
        self.oeps = LicenceStore(db)
        self.watches = FollowupStore(db, keys)


def agency(store: Store, keys: IdentityKeys) -> Agency:
    return Agency(store, keys)


async def test_the_same_ad_and_the_same_number_are_counted_across_reports(
    store: Store, keys: IdentityKeys
) -> None:
    shelf = agency(store, keys)
    first = await shelf.shelf.report_ad(AD, "en", ["risky_destination"], find_indicators(AD), TODAY)
    again = await shelf.shelf.report_ad(
        "call centre job in Bangkok,  salary $1500, contact 0300-1234567 or @fastjobs_bkk",
        "en",
        ["risky_destination"],
        find_indicators(AD),
        TODAY + timedelta(days=2),
    )
    await shelf.shelf.report_ad(OTHER_AD, "en", [], find_indicators(OTHER_AD), TODAY)
    assert first == again, "the same ad with other spacing and case is one entry"
    shown = await shelf.shelf.next_pending()
    assert shown is not None and shown.id == first
    assert shown.text == AD, "the recruiter's contacts are kept intact"
    assert (shown.times, shown.first_seen, shown.last_seen) == (2, "2026-11-30", "2026-12-02")
    assert shown.indicator_reports["phone:+923001234567"] == 3, "two reports of this ad, one other"
    assert shown.indicator_reports["handle:fastjobs_bkk"] == 2
    nxt = await shelf.shelf.next_pending(after=first)
    assert nxt is not None and nxt.text == OTHER_AD
    assert await shelf.shelf.pending_count() == 2


async def test_a_decision_is_taken_once_and_leaves_the_queue(
    store: Store, keys: IdentityKeys
) -> None:
    shelf = agency(store, keys)
    ad_id = await shelf.shelf.report_ad(AD, "en", [], find_indicators(AD), TODAY)
    decided = await shelf.shelf.decide(ad_id, "confirmed", TODAY)
    assert decided is not None and decided.status == "confirmed"
    assert await shelf.shelf.decide(ad_id, "rejected", TODAY) is None, (
        "a second reviewer is too late"
    )
    assert await shelf.shelf.next_pending() is None


async def test_known_indicators_match_exactly_and_can_be_removed(
    store: Store, keys: IdentityKeys
) -> None:
    shelf = agency(store, keys)
    entries = [
        KnownIndicator("phone", "+923001234567", "+92 300 1234567", "FIA", "2026-11-30"),
        KnownIndicator(
            "company", "golden star manpower", "Golden Star Manpower", "NGO", "2026-11-01"
        ),
    ]
    assert await shelf.shelf.list_indicators(entries) == 2
    assert await shelf.shelf.list_indicators(entries) == 0, "listing again changes nothing"
    text = "Apply to GOLDEN STAR manpower, whatsapp 923001234567"
    hits = await shelf.shelf.known(find_indicators(text), text)
    assert {(h.kind, h.listed_on) for h in hits} == {
        ("phone", "2026-11-30"),
        ("company", "2026-11-01"),
    }
    near = "whatsapp 923001234568, Golden Stars Manpower"
    assert await shelf.shelf.known(find_indicators(near), near) == [], "never fuzzy"
    assert await shelf.shelf.unlist_indicator("phone", "+923001234567")
    assert not await shelf.shelf.unlist_indicator("phone", "+923001234567")


async def test_importing_licences_replaces_the_list_and_records_its_date(
    store: Store, keys: IdentityKeys
) -> None:
    shelf = agency(store, keys)
    assert await shelf.oeps.licence_list() is None
    await shelf.oeps.replace_licences(
        [Licence("2814/LHR", "Example Overseas", status="valid", expiry="2027-06-30")],
        "first.csv",
        TODAY,
    )
    await shelf.oeps.replace_licences(
        [Licence("3011/RWP", "Sample Manpower", status="cancelled")], "second.csv", TODAY
    )
    assert await shelf.oeps.licences(["2814/LHR"]) == [], "the old list is gone"
    [entry] = await shelf.oeps.licences(["3011/RWP"])
    assert entry.status == "cancelled"
    listed = await shelf.oeps.licence_list()
    assert listed is not None and (listed.source, listed.entries) == ("second.csv", 1)


async def test_a_watch_holds_no_indicator_or_chat_id_and_warns_only_its_chat(
    backend: Backend, store: Store, keys: IdentityKeys
) -> None:
    shelf = agency(store, keys)
    await shelf.watches.watch(5550001, "ur", find_indicators(AD), TODAY)
    await shelf.watches.watch(5550002, "en", [Indicator("phone", "+923339999999")], TODAY)
    dump = await backend.dump()
    for secret in (b"5550001", b"+923001234567", b"fastjobs_bkk"):
        assert secret not in dump
    watchers = await shelf.watches.watchers([PHONE], TODAY)
    assert [keys.open_chat(w.sealed_chat) for w in watchers] == [5550001]
    assert watchers[0].language == "ur"
    assert await shelf.watches.watchers([PHONE], TODAY + timedelta(days=91)) == [], "expired"
    broadcast = await shelf.watches.queue_followups(
        watchers, {"ur": "خبردار", "en": "Warning"}, actor="reviewer", now=1.0, created_at="x"
    )
    assert broadcast is not None
    [delivery] = await store.claim_deliveries(now=2.0, limit=10, lease=5.0)
    assert keys.open_chat(delivery.sealed_chat) == 5550001 and delivery.language == "ur"
    assert await shelf.watches.watchers([PHONE], TODAY) == [], "warned once"


async def test_forget_me_deletes_the_watches_and_a_reopened_store_keeps_the_secret(
    backend: Backend, store: Store, keys: IdentityKeys
) -> None:
    shelf = agency(store, keys)
    await shelf.watches.watch(5550003, "en", [PHONE], TODAY)
    reopened = await backend.open()
    try:
        again = agency(reopened, keys)
        assert len(await again.watches.watchers([PHONE], TODAY)) == 1, "hashes survive a restart"
        assert await again.watches.forget_watches(5550003) == 1
        assert await shelf.watches.watchers([PHONE], TODAY) == []
    finally:
        await reopened.close()


async def test_a_key_rotation_reseals_the_watches_and_they_still_match(
    backend: Backend, store: Store, keys: IdentityKeys
) -> None:
    """`keys rotate` (the store's one rotation transaction) covers the agency tables too."""
    from bot.keys.rotation import KeyRotation
    from bot.privacy import SealError

    await agency(store, keys).watches.watch(5550004, "ps", [PHONE], TODAY)
    new_keys = IdentityKeys("another-data-key-0123456789abcdef")
    count = await store.rekey(KeyRotation(keys, new_keys, "DATA_KEY", []))
    assert count.followups == 1
    rotated = agency(store, new_keys)
    [watcher] = await rotated.watches.watchers([PHONE], TODAY)
    assert new_keys.open_chat(watcher.sealed_chat) == 5550004
    assert await rotated.watches.forget_watches(5550004) == 1, "the watch key is still found"
    with pytest.raises(SealError):
        await agency(store, keys).watches.watchers([PHONE], TODAY)
