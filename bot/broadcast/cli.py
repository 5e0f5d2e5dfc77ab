"""``python -m bot broadcast --text-file F [--language xx] [--wait]``.

Queues a warning in the store, exactly as ``/broadcast`` does in Telegram; the running bot's
worker delivers it. The text is Telegram HTML (``<b>``, ``<i>``, ``<u>``, ``<a>``), checked
like content. ``--language`` sends it only to subscribers of that language; without it
everyone gets it, each with the "how to stop" line in their own language. ``--wait`` blocks
until delivery has ended and prints a summary.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bot.broadcast.enqueue import enqueue_broadcast
from bot.config import Settings
from bot.content.loader import load_content
from bot.core.broadcast_text import body_from_html
from bot.errors import ConfigError
from bot.store import open_store
from bot.store.base import Store
from bot.store.broadcasts import Audience, AuditEntry, BroadcastInfo

ACTOR = "cli"
NO_PROGRESS_HINT = 30.0  # seconds without progress before suggesting the bot is not running


def summary(info: BroadcastInfo) -> str:
    """One line an operator (or a script) reads at the end."""
    took = (info.finished_at or time.time()) - (info.started_at or info.created_ts)
    word = "stopped" if info.status == "cancelled" else "finished"
    return (
        f"broadcast #{info.id} {word}: {info.total} recipients, {info.count('sent')} sent, "
        f"{info.count('blocked')} blocked the bot, {info.count('gone')} chat not found, "
        f"{info.count('failed')} failed, {info.count('cancelled')} not sent; took {took:.0f} s"
    )


async def wait_for(
    store: Store,
    broadcast_id: int,
    *,
    poll: float = 1.0,
    say: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> BroadcastInfo:
    """Wait until the broadcast is done or stopped, printing progress now and then."""
    last_progress, last_change, hinted = -1, time.monotonic(), False
    while True:
        info = await store.broadcast(broadcast_id)
        assert info is not None
        if info.status in ("done", "cancelled"):
            return info
        if info.processed != last_progress:
            last_progress, last_change = info.processed, time.monotonic()
            say(f"broadcast #{broadcast_id}: {info.processed} of {info.total} done")
        elif not hinted and time.monotonic() - last_change > NO_PROGRESS_HINT:
            say("no progress yet: is the bot running (python -m bot run)?")
            hinted = True
        await asyncio.sleep(poll)


async def run_broadcast(
    settings: Settings, text_file: Path, language: str | None, wait: bool
) -> int:
    """Queue the broadcast (and wait for it); 0 on success, 1 for a text that cannot be sent."""
    content, _warnings = load_content(settings.CONTENT_DIR, settings.LOCALES_DIR)
    if language is not None and language not in content.languages:
        known = ", ".join(content.languages)
        print(f"error: --language {language!r} is not one of {known}", file=sys.stderr)
        return 2
    try:
        raw = await asyncio.to_thread(text_file.read_text, encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: --text-file {text_file}: {exc}", file=sys.stderr)
        return 2
    body, problems = body_from_html(raw)
    if problems:
        for problem in problems:
            print(f"{text_file}: {problem}", file=sys.stderr)
        return 1
    try:
        store = await open_store(settings.DATABASE_URL)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    try:
        audience = Audience(language=language)
        info = await enqueue_broadcast(
            store,
            content,
            {language or content.default_language: body},
            audience=audience,
            actor=ACTOR,
            start_at=time.time(),
        )
        at = datetime.now(UTC).isoformat(timespec="seconds")
        detail = {"broadcast": info.id, "recipients": info.total, "audience": audience.to_json()}
        await store.audit(AuditEntry(at, ACTOR, "broadcast_queued", detail))
        print(f"broadcast #{info.id} queued for {info.total} subscribers", flush=True)
        if wait:
            print(summary(await wait_for(store, info.id)), flush=True)
    finally:
        await store.close()
    return 0
