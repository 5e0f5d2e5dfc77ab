"""What agencies read about what people ask: counts only, and no group smaller than five.

Pure. The question log (anonymous rows by hour, language, kind, topic, flags) and the daily
subscription totals go in; a :class:`Report` comes out in which every count below
:data:`MIN_GROUP` is hidden (``None``), so a report can never single out one person's
question (a rare language on a quiet day, say).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.store.base import LogEntry
from bot.store.broadcasts import SubscriberCount, SubscriberDay

MIN_GROUP = 5
TOP = 8
QUESTION_KINDS = frozenset({"question", "unanswered"})


def shown(count: int, minimum: int = MIN_GROUP) -> int | None:
    """``count``, or None when it is a group too small to show."""
    return count if count >= minimum else None


@dataclass(frozen=True)
class Report:
    """Aggregates for ``since`` .. ``until`` (inclusive days); None means hidden."""

    since: date
    until: date
    days: tuple[date, ...]
    questions_by_language: dict[str, tuple[int | None, ...]]
    top_topics: tuple[tuple[str, int], ...]
    top_flags: tuple[tuple[str, int], ...]
    subscribers: tuple[int | None, ...]
    totals: dict[str, int | None] = field(default_factory=dict)
    hidden_groups: int = 0


def _day(entry: LogEntry) -> date:
    return date.fromisoformat(entry.hour[:10])


def _top(counter: Counter[str], minimum: int) -> tuple[tuple[str, int], ...]:
    return tuple((key, n) for key, n in counter.most_common() if n >= minimum)[:TOP]


def build_report(
    entries: Iterable[LogEntry],
    history: Sequence[SubscriberDay],
    counts: Sequence[SubscriberCount],
    *,
    since: date,
    until: date,
    minimum: int = MIN_GROUP,
) -> Report:
    """Aggregate ``entries`` (already limited to the period or not: they are filtered)."""
    entries = list(entries)  # read three times below
    days = tuple(since + timedelta(days=i) for i in range((until - since).days + 1))
    per_cell: Counter[tuple[str, date]] = Counter()
    kinds: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    helpful: Counter[bool] = Counter()
    for entry in entries:
        day = _day(entry)
        if not since <= day <= until:
            continue
        kinds[entry.kind] += 1
        if entry.kind in QUESTION_KINDS:
            per_cell[(entry.language, day)] += 1
        if entry.kind in {"scan", "report"}:
            flags.update(entry.flags)
        if entry.kind == "feedback" and entry.helpful is not None:
            helpful[entry.helpful] += 1
    # Totals count only the cells that are shown: a total that included a hidden cell would
    # give it away by subtraction (total minus the shown cells).
    shown_cells = {cell for cell, n in per_cell.items() if n >= minimum}
    published = Counter(
        e.kind
        for e in entries
        if e.kind in QUESTION_KINDS
        and since <= _day(e) <= until
        and (e.language, _day(e)) in shown_cells
    )
    topics = Counter(
        e.topic
        for e in entries
        if e.kind == "question"
        and e.topic
        and since <= _day(e) <= until
        and (e.language, _day(e)) in shown_cells
    )
    languages = sorted({language for language, _ in per_cell})
    by_language = {
        language: tuple(shown(per_cell[(language, d)], minimum) for d in days)
        for language in languages
    }
    by_language = {k: v for k, v in by_language.items() if any(n is not None for n in v)}
    hidden = sum(1 for n in per_cell.values() if n < minimum)
    hidden += sum(1 for n in topics.values() if n < minimum)
    hidden += sum(1 for n in flags.values() if n < minimum)
    active = sum(c.count for c in counts if c.status == "active")
    unreachable = sum(c.count for c in counts if c.status != "active")
    questions = published["question"] + published["unanswered"]
    answered, unanswered = published["question"], published["unanswered"]
    both_shown = answered >= minimum and unanswered >= minimum  # each gives the other away
    totals = {
        "questions": shown(questions, minimum),
        "unanswered": unanswered if both_shown else None,
        "scans": shown(kinds["scan"], minimum),
        "reports": shown(kinds["report"], minimum),
        "helpful_yes": shown(helpful[True], minimum),
        "helpful_no": shown(helpful[False], minimum),
        "subscribers": shown(active, minimum),
        "unreachable": shown(unreachable, minimum),
    }
    return Report(
        since=since,
        until=until,
        days=days,
        questions_by_language=by_language,
        top_topics=_complemented(_top(topics, minimum), answered, minimum),
        top_flags=_top(flags, minimum),
        subscribers=_subscribers_by_day(history, days, minimum),
        totals=totals,
        hidden_groups=hidden,
    )


def _complemented(
    top: tuple[tuple[str, int], ...], total: int, minimum: int
) -> tuple[tuple[str, int], ...]:
    """Shown topics whose sum, taken from ``total``, leaves no small group to deduce.

    When the questions not in the list add up to between 1 and ``minimum - 1``, the
    smallest shown topic is hidden as well (complementary suppression), until they do not.
    """
    shown_topics = list(top)
    while shown_topics and 0 < total - sum(n for _, n in shown_topics) < minimum:
        shown_topics.pop()
    return tuple(shown_topics)


def _subscribers_by_day(
    history: Sequence[SubscriberDay], days: Sequence[date], minimum: int
) -> tuple[int | None, ...]:
    """Active subscribers at the end of each day, from daily totals since the first."""
    changes = sorted(history, key=lambda d: d.day)
    running, index, values = 0, 0, []
    for day in days:
        while index < len(changes) and changes[index].day <= day:
            running += changes[index].joined - changes[index].ended
            index += 1
        values.append(shown(running, minimum))
    return tuple(values)
