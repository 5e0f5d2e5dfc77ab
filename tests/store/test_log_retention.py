"""Old question-log entries are deleted while the bot runs, recent ones kept."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.chat_service import ChatService
from bot.flood import FloodGuard
from bot.log_retention import LogRetentionJob
from bot.privacy import IdentityKeys
from bot.store import Store
from bot.store.base import LogEntry
from bot.understanding.pipeline import Understanding


async def test_retention_job_deletes_entries_older_than_the_setting(
    store: Store, understanding: Understanding
) -> None:
    now = datetime(2026, 11, 22, 12, 30, tzinfo=UTC)
    for hour in ("2025-10-01T09:00", "2026-11-01T09:00", "2026-11-22T12:00"):
        await store.log(LogEntry(hour, "en", "question", "fees"))
    chat = ChatService(
        store,
        lambda: None,
        IdentityKeys("k" * 32),
        FloodGuard(),
        lambda: understanding,
        clock=lambda: now,  # type: ignore[arg-type]
    )
    job = LogRetentionJob(chat, keep_days=30)
    await job.start(api=None)  # type: ignore[arg-type]
    await job.stop()
    kept = [entry.hour for entry in await store.read_log("2000-01-01T00:00")]
    assert kept == ["2026-11-01T09:00", "2026-11-22T12:00"]
