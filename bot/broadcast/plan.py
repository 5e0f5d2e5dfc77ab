"""When each recipient of a broadcast gets it: start time, spreading, quiet hours.

Pure. A broadcast starts at ``start_at``; spread over ``spread_seconds`` its recipients are
given evenly spaced due times (a large send then never floods the bot's replies, and the
agency sees reactions arrive gradually); with ``quiet_hours`` nobody is written to between
22:00 and 08:00 of their local time (from the country they gave, Pakistan otherwise):
their message waits until 08:00. The worker sends in due order, at the rate limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from bot.core.countries import utc_offset_minutes
from bot.store.broadcasts import PlannedDelivery, Subscriber

QUIET_START_HOUR = 22
QUIET_END_HOUR = 8


def outside_quiet_hours(moment: float, utc_offset: int) -> float:
    """``moment``, or the next 08:00 local time when it falls in 22:00–08:00 there."""
    offset = timedelta(minutes=utc_offset)
    local = datetime.fromtimestamp(moment, UTC) + offset
    if QUIET_END_HOUR <= local.hour < QUIET_START_HOUR:
        return moment
    morning = local.replace(hour=QUIET_END_HOUR, minute=0, second=0, microsecond=0)
    if local.hour >= QUIET_START_HOUR:
        morning += timedelta(days=1)
    return (morning - offset).timestamp()


def text_language(language: str, texts: Mapping[str, str], default: str) -> str:
    """Which text a subscriber of ``language`` reads: theirs, else the default, else any."""
    if language in texts:
        return language
    if default in texts:
        return default
    return next(iter(texts))


def plan_deliveries(
    subscribers: Sequence[Subscriber],
    *,
    texts: Mapping[str, str],
    default_language: str,
    start_at: float,
    spread_seconds: float = 0.0,
    quiet_hours: bool = False,
) -> list[PlannedDelivery]:
    """One planned delivery per subscriber, in the order given."""
    count = len(subscribers)
    planned = []
    for index, subscriber in enumerate(subscribers):
        due = start_at + (spread_seconds * index / count if spread_seconds else 0.0)
        if quiet_hours:
            due = outside_quiet_hours(due, utc_offset_minutes(subscriber.country))
        language = text_language(subscriber.language, texts, default_language)
        planned.append(PlannedDelivery(subscriber.chat_key, language, due))
    return planned
