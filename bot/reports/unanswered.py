"""The questions the bot could not answer, as work for volunteers.

``python -m bot content unanswered [--since 30d]`` and the preview's ``/unanswered`` page list
the scrubbed texts of the question log's ``unanswered`` entries, the most asked first, with
the topic the matcher would now give (examples added since may already answer them). A
volunteer adds each one, in people's words, under the right topic in
``content/faq_examples/<language>.yaml``; the bot learns it when the file is saved.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TextIO

from bot.config import Settings
from bot.errors import ConfigError
from bot.reports.cli import parse_period
from bot.store import open_store
from bot.store.base import Store, hour_of

Guess = Callable[[str, str], str | None]  # (text, language) -> the topic the bot would give


@dataclass(frozen=True)
class Unanswered:
    """One unanswered question: its scrubbed text, language, how often, the latest hour."""

    language: str
    text: str
    count: int
    last_hour: str
    now_topic: str | None = None


async def gather_unanswered(
    store: Store, days: int, *, guess: Guess | None = None, now: datetime | None = None
) -> list[Unanswered]:
    """Unanswered questions of the last ``days`` days, grouped by language and text."""
    since = hour_of((now or datetime.now(UTC)) - timedelta(days=days))
    entries = [e for e in await store.read_log(since) if e.kind == "unanswered" and e.text]
    counts: Counter[tuple[str, str]] = Counter()
    last: dict[tuple[str, str], str] = {}
    for entry in entries:
        key = (entry.language, " ".join(entry.text.split()))
        counts[key] += 1
        last[key] = max(last.get(key, ""), entry.hour)
    ordered = sorted(counts, key=lambda key: (-counts[key], key))
    return [
        Unanswered(
            language,
            text,
            counts[(language, text)],
            last[(language, text)],
            guess(text, language) if guess else None,
        )
        for language, text in ordered
    ]


def format_unanswered(rows: list[Unanswered], days: int) -> str:
    """Plain text for the terminal: one question a line, then how to add it."""
    if not rows:
        return f"No unanswered questions in the last {days} days.\n"
    lines = [f"Unanswered questions of the last {days} days (scrubbed), most asked first:", ""]
    for row in rows:
        now = f"  [now: {row.now_topic}]" if row.now_topic else ""
        lines.append(f"{row.language:8} {row.count:>3}×  {row.text}{now}")
    lines += [
        "",
        "Add each one, as written, under the topic whose answer helps in",
        "content/faq_examples/<language>.yaml (see CONTRIBUTING.md, 'Add an example question').",
        "[now: …] is the topic the bot gives today; none means it would still say it is not sure.",
    ]
    return "\n".join(lines) + "\n"


async def run_unanswered(settings: Settings, since: str, out: TextIO = sys.stdout) -> int:
    """Print the list; 0 on success, 2 on a wrong ``--since``."""
    try:
        days = parse_period(since)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from bot.understanding.topics import TopicMatcher

    matcher = TopicMatcher.load(settings.CONTENT_DIR)

    def guess(text: str, language: str) -> str | None:
        match = matcher.match(text, language)
        return match.topic if match is not None and match.confident else None

    try:
        store = await open_store(settings.DATABASE_URL)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    try:
        rows = await gather_unanswered(store, days, guess=guess)
    finally:
        await store.close()
    out.write(format_unanswered(rows, days))
    return 0
