"""Reports for agencies and analysts: ``/stats`` in Telegram, ``python -m bot report``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.reports.aggregate import Report, build_report
from bot.store.base import Store

__all__ = ["Report", "gather_report"]


async def gather_report(store: Store, days: int, *, today: date | None = None) -> Report:
    """Read the question log and subscription totals of the last ``days`` days (today too)."""
    until = today or datetime.now(UTC).date()
    since = until - timedelta(days=max(1, days) - 1)
    entries = await store.read_log(f"{since.isoformat()}T00:00")
    history = await store.subscriber_history()
    counts = await store.subscriber_counts()
    return build_report(entries, history, counts, since=since, until=until)
