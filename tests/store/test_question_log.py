"""The anonymous question log, on both backends: written, read back, purged; no one named."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.store import Store
from bot.store.base import LogEntry, hour_of


def entry(hour: str, kind: str = "question", **fields: object) -> LogEntry:
    return LogEntry(hour=hour, language=str(fields.pop("language", "ur-Latn")), kind=kind, **fields)  # type: ignore[arg-type]


async def test_log_entries_come_back_in_time_order_with_their_flags(store: Store) -> None:
    await store.log(
        entry(
            "2026-11-21T09:00",
            "scan",
            flags=("visit_visa", "upfront_fee"),
            text="visit visa pe jana hai",
        )
    )
    await store.log(entry("2026-11-20T18:00", "question", topic="fees", language="ur"))
    await store.log(entry("2026-11-21T10:00", "feedback", topic="fees", helpful=False))
    rows = await store.read_log("2026-11-20T00:00")
    assert [r.kind for r in rows] == ["question", "scan", "feedback"]
    assert rows[1].flags == ("visit_visa", "upfront_fee")
    assert rows[1].text == "visit visa pe jana hai"
    assert rows[2].helpful is False and rows[0].helpful is None


async def test_purge_deletes_only_entries_older_than_the_limit(store: Store) -> None:
    for hour in ("2026-01-01T00:00", "2026-06-01T12:00", "2026-11-01T08:00"):
        await store.log(entry(hour))
    assert await store.purge_log("2026-06-01T12:00") == 1
    assert [r.hour for r in await store.read_log("2000-01-01T00:00")] == [
        "2026-06-01T12:00",
        "2026-11-01T08:00",
    ]


def test_the_log_keeps_time_only_to_the_hour() -> None:
    assert hour_of(datetime(2026, 11, 22, 14, 59, 59, tzinfo=UTC)) == "2026-11-22T14:00"
