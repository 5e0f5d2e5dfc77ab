"""The follow-up warning: its text in each language, and queueing it for the watchers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from bot.agency.followup_store import FollowupStore
from bot.agency.indicators import Indicator
from bot.content.model import Content, Language


def followup_text(lang: Language, today: str) -> str:
    """The short warning a watcher gets, in their language."""
    return lang.translate(
        "⚠️ <b>A job ad you asked me to watch was confirmed as a scam by {agency} on {date}.</b> Do not pay anything and do not travel for it. If you already paid or someone holds your passport, send /help.",
        agency=lang.text("agency", "name"),
        date=today,
    )


async def warn_watchers(
    shelf: FollowupStore, content: Content, indicators: Iterable[Indicator], now: float
) -> tuple[int | None, int]:
    """Queue the follow-up for everyone watching one of ``indicators``: (broadcast, chats)."""
    items = list(indicators)
    today = datetime.fromtimestamp(now, UTC).date()
    watchers = await shelf.watchers(items, today)
    texts = {
        code: followup_text(content.language(code), today.isoformat()) for code in content.languages
    }
    queued = await shelf.queue_followups(
        watchers,
        texts,
        actor="review",
        now=now,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return queued, len(watchers)
