"""When each subscriber gets a broadcast: now, spread out, or after the night where they are."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.broadcast.plan import outside_quiet_hours, plan_deliveries, text_language
from bot.store.broadcasts import Subscriber

TEXTS = {"en": "warning", "ur": "انتباہ"}


def at(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("utc", "offset", "expected"),
    [
        ("2026-11-22T10:00", 300, "2026-11-22T10:00"),  # 15:00 in Pakistan: now
        ("2026-11-22T18:00", 300, "2026-11-23T03:00"),  # 23:00 in Pakistan: 08:00 next day
        ("2026-11-22T01:00", 300, "2026-11-22T03:00"),  # 06:00 in Pakistan: 08:00 today
        ("2026-11-22T18:00", 240, "2026-11-23T04:00"),  # 22:00 in Dubai is quiet...
        ("2026-11-22T17:59", 240, "2026-11-22T17:59"),  # ...21:59 is not
        ("2026-11-22T23:30", 390, "2026-11-23T01:30"),  # 06:00 in Myanmar: 08:00
    ],
)
def test_quiet_hours_follow_the_subscribers_local_time(
    utc: str, offset: int, expected: str
) -> None:
    assert outside_quiet_hours(at(utc), offset) == at(expected)


def test_a_spread_broadcast_gives_evenly_spaced_due_times() -> None:
    people = [Subscriber(f"k{i}", "en") for i in range(4)]
    planned = plan_deliveries(
        people, texts=TEXTS, default_language="en", start_at=1000.0, spread_seconds=400
    )
    assert [p.due_at for p in planned] == [1000, 1100, 1200, 1300]


def test_quiet_hours_use_the_country_and_pakistan_otherwise() -> None:
    night_in_pakistan = at("2026-11-22T18:00")  # 23:00 PKT, 01:00 in Thailand
    people = [
        Subscriber("a", "ur"),
        Subscriber("b", "ur", "thailand"),
        Subscriber("c", "en", "uae"),
    ]
    planned = plan_deliveries(
        people, texts=TEXTS, default_language="en", start_at=night_in_pakistan, quiet_hours=True
    )
    assert [p.due_at for p in planned] == [
        at("2026-11-23T03:00"),
        at("2026-11-23T01:00"),
        at("2026-11-23T04:00"),
    ]


def test_each_subscriber_reads_their_language_or_the_default() -> None:
    assert text_language("ur", TEXTS, "en") == "ur"
    assert text_language("ps", TEXTS, "en") == "en"
    assert text_language("ps", {"ur": "x"}, "en") == "ur"
