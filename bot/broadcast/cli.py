"""``python -m bot broadcast --text-file F [--html] [--language xx] [--country CC] [--wait]
[--again]``, ``python -m bot broadcast list`` and ``python -m bot broadcast cancel ID``.

Queues a warning in the store, exactly as ``/broadcast`` does in Telegram; the running bot's
worker delivers it. F is plain UTF-8 text, sent exactly as written (escaped); with ``--html``
it is Telegram HTML, refused before anything is queued unless Telegram would accept it (the
reason with line and column). The same warning for the same audience within an hour is
refused unless ``--again`` (a script run twice must not warn everyone twice).

It never talks to Telegram. It reads the running bot's heartbeat (:mod:`bot.heartbeat`) and
says so when no bot has been seen recently: the warning stays queued for the next start.
``--wait`` then does not wait at all, and gives up if the bot disappears while waiting:
exit 1, "queued but not delivered". Exit 0: queued (with ``--wait``: delivered); 1: queued
but no delivery could be waited for; 2: refused, nothing queued.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.broadcast.enqueue import enqueue_broadcast
from bot.config import Settings
from bot.content.loader import load_content
from bot.core.broadcast_text import body_from_html, body_from_typed_text, compose_texts
from bot.core.countries import COUNTRIES
from bot.errors import ConfigError
from bot.heartbeat import seen_recently
from bot.store import open_store
from bot.store.base import Store
from bot.store.broadcasts import BROADCAST_STATUSES, Audience, AuditEntry, BroadcastInfo

ACTOR = "cli"
REPEAT_WINDOW = 3600.0
"""Seconds in which the same text for the same audience counts as a repeat."""
NOT_SEEN = (
    "no running bot has been seen recently (start it with `python -m bot run`): the warning "
    "stays queued and is delivered when the bot starts"
)
# ISO 3166-1 alpha-2 codes of the countries a subscriber can name (bot.core.countries).
ISO_COUNTRIES = {
    "PK": "pakistan",
    "AE": "uae",
    "SA": "saudi_arabia",
    "QA": "qatar",
    "OM": "oman",
    "MY": "malaysia",
    "TH": "thailand",
    "KH": "cambodia",
    "MM": "myanmar",
    "LA": "laos",
    "AF": "afghanistan",
}


def summary(info: BroadcastInfo) -> str:
    """One line an operator (or a script) reads at the end."""
    took = (info.finished_at or time.time()) - (info.started_at or info.created_ts)
    word = "stopped" if info.status == "cancelled" else "finished"
    return (
        f"broadcast #{info.id} {word}: {info.total} recipients, {info.count('sent')} sent, "
        f"{info.count('blocked')} blocked the bot, {info.count('gone')} chat not found, "
        f"{info.count('failed')} failed, {info.count('cancelled')} not sent; took {took:.0f} s"
    )


def listing(info: BroadcastInfo) -> str:
    """One line of ``broadcast list``."""
    audience = ", ".join(f"{k}={v}" for k, v in info.audience.to_json().items()) or "everyone"
    return (
        f"#{info.id} {info.status} {info.created_at} {audience}: {info.total} recipients, "
        f"{info.count('sent')} sent, {info.remaining} to send, {info.count('failed')} failed"
    )


async def wait_for(
    store: Store,
    broadcast_id: int,
    *,
    poll: float = 1.0,
    say: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
    clock: Callable[[], float] = time.time,
) -> BroadcastInfo | None:
    """Wait until the broadcast is done or stopped, printing progress now and then.

    ``None`` when no running bot has been seen recently: nobody would deliver it.
    """
    last_progress = -1
    while True:
        info = await store.broadcast(broadcast_id)
        assert info is not None
        if info.status in ("done", "cancelled"):
            return info
        if not seen_recently(await store.last_seen(), clock()):
            return None
        if info.processed != last_progress:
            last_progress = info.processed
            say(f"broadcast #{broadcast_id}: {info.processed} of {info.total} done")
        await asyncio.sleep(poll)


def _audience(
    language: str | None, country: str | None, languages: list[str], homes: list[str]
) -> Audience:
    """``--country`` names a home country when it has a pack (``content/countries/``), else
    where subscribers are now (a destination like MY or TH, as they told /subscribe)."""
    if language is not None and language not in languages:
        raise ConfigError(f"--language {language!r} is not one of {', '.join(languages)}")
    if country is None:
        return Audience(language=language)
    if country.upper() in homes:
        return Audience(language=language, home_country=country.upper())
    known = {c.id for c in COUNTRIES}
    chosen = ISO_COUNTRIES.get(country.upper(), country.lower())
    if chosen not in known:
        choices = ", ".join(sorted({*ISO_COUNTRIES, *homes}))
        raise ConfigError(f"--country {country!r} is not one of {choices}")
    return Audience(language=language, country=chosen)


async def _repeat_of(
    store: Store, texts: dict[str, str], audience: Audience, now: float
) -> int | None:
    """The id of the same warning to the same audience queued within the last hour."""
    for info in await store.broadcasts(("queued", "sending", "done")):
        if (
            info.audience == audience
            and dict(info.texts) == texts
            and now - info.created_ts < REPEAT_WINDOW
        ):
            return info.id
    return None


async def run_broadcast(
    settings: Settings,
    text_file: Path,
    language: str | None,
    wait: bool,
    *,
    html: bool = False,
    country: str | None = None,
    again: bool = False,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Queue the broadcast (and wait for it); see the module docstring for exit codes."""
    content, _warnings = load_content(settings.CONTENT_DIR, settings.LOCALES_DIR)
    audience = _audience(language, country, list(content.languages), list(content.countries))
    try:
        raw = await asyncio.to_thread(text_file.read_text, encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: --text-file {text_file}: {exc}", file=err)
        return 2
    if html:
        body, problems = body_from_html(raw)
    else:
        body = body_from_typed_text(raw)
        _html_body, problems = body_from_html(body)
    if problems:
        for problem in problems:
            print(f"{text_file}: {problem}", file=err)
        print("refused: nothing was queued", file=err)
        return 2
    bodies = {language or content.default_language: body}
    store = await _open(settings)
    try:
        now = time.time()
        repeat = await _repeat_of(store, compose_texts(content, bodies), audience, now)
        if repeat is not None and not again:
            print(
                f"refused: the same warning for the same audience was queued as #{repeat} "
                "less than an hour ago; add --again to send it once more",
                file=err,
            )
            return 2
        info = await enqueue_broadcast(
            store, content, bodies, audience=audience, actor=ACTOR, start_at=now
        )
        at = datetime.now(UTC).isoformat(timespec="seconds")
        detail = {"broadcast": info.id, "recipients": info.total, "audience": audience.to_json()}
        await store.audit(AuditEntry(at, ACTOR, "broadcast_queued", detail))
        print(f"broadcast #{info.id} queued for {info.total} subscribers", file=out, flush=True)
        running = seen_recently(await store.last_seen(), time.time())
        if not running:
            print(NOT_SEEN, file=err, flush=True)
        if not wait:
            return 0
        finished = await wait_for(store, info.id) if running else None
        if finished is None:
            if running:
                print(NOT_SEEN.replace("recently", "for a while"), file=err)
            print(f"broadcast #{info.id} queued but not delivered: not waiting", file=err)
            return 1
        print(summary(finished), file=out, flush=True)
    finally:
        await store.close()
    return 0


async def run_list(settings: Settings, out: TextIO = sys.stdout) -> int:
    """``broadcast list``: every broadcast, newest first, and whether a bot is running."""
    store = await _open(settings)
    try:
        found = await store.broadcasts(BROADCAST_STATUSES)
        for info in sorted(found, key=lambda i: i.id, reverse=True):
            print(listing(info), file=out)
        if not found:
            print("no broadcasts yet", file=out)
        if not seen_recently(await store.last_seen(), time.time()):
            print(NOT_SEEN.split(":")[0], file=out)
    finally:
        await store.close()
    return 0


async def run_cancel(settings: Settings, broadcast_id: int, out: TextIO = sys.stdout) -> int:
    """``broadcast cancel ID``: copies not yet sent are not sent; 2 if there is nothing to stop."""
    store = await _open(settings)
    try:
        before = await store.broadcast(broadcast_id)
        if before is None:
            print(f"error: there is no broadcast #{broadcast_id}", file=sys.stderr)
            return 2
        if before.status not in ("queued", "sending"):
            print(f"error: broadcast #{broadcast_id} is already {before.status}", file=sys.stderr)
            return 2
        info = await store.cancel_broadcast(broadcast_id, now=time.time())
        assert info is not None
        at = datetime.now(UTC).isoformat(timespec="seconds")
        await store.audit(AuditEntry(at, ACTOR, "broadcast_cancelled", {"broadcast": info.id}))
        print(
            f"broadcast #{info.id} cancelled: {info.count('sent')} already sent, "
            f"{info.count('cancelled')} will not be sent",
            file=out,
        )
    finally:
        await store.close()
    return 0


async def _open(settings: Settings) -> Store:
    try:
        return await open_store(settings.DATABASE_URL)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
