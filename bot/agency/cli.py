"""The agency's command line: licences, indicators, the reported-ads export, the audit log.

``python -m bot licences import F`` · ``python -m bot indicators import F.csv`` ·
``python -m bot indicators remove KIND VALUE`` · ``python -m bot reports export --format
csv|json [--since 30d] [--output F]`` · ``python -m bot audit [--limit N]``.

A file with any bad row is refused whole (each problem with its row), so an import never
leaves half a list. Every change is written to the audit log as actor ``cli``.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.agency.audit import audit_lines
from bot.agency.db import database_of
from bot.agency.followup_store import FollowupStore
from bot.agency.indicators import KINDS, Indicator, normalise, shown_phone
from bot.agency.licence_store import LicenceStore
from bot.agency.licences import LicenceFileError, read_licence_file
from bot.agency.records import KnownIndicator
from bot.agency.store import AgencyStore
from bot.agency.warnings import warn_watchers
from bot.config import Settings
from bot.content.loader import load_content
from bot.errors import ConfigError
from bot.privacy import IdentityKeys
from bot.reports.cli import parse_period
from bot.store import open_store
from bot.store.base import Store
from bot.store.broadcasts import AuditEntry

MAX_INDICATOR_BYTES = 5_000_000
EXPORT_COLUMNS = (
    "id",
    "status",
    "times",
    "first_seen",
    "last_seen",
    "reviewed_on",
    "language",
    "flags",
    "phones",
    "handles",
    "links",
    "text",
)


def today() -> date:
    """The UTC day (the store keeps days, never times, for agency rows)."""
    return datetime.now(UTC).date()


@asynccontextmanager
async def opened(settings: Settings) -> AsyncIterator[tuple[Store, AgencyStore]]:
    """The store ``DATABASE_URL`` names, and the agency tables on it."""
    try:
        store = await open_store(settings.DATABASE_URL)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    try:
        yield store, AgencyStore(database_of(store))
    finally:
        await store.close()


async def _audit(store: Store, action: str, detail: dict[str, Any]) -> None:
    at = datetime.now(UTC).isoformat(timespec="seconds")
    await store.audit(AuditEntry(at, "cli", action, {"role": "cli", **detail}))


def _fail(problems: list[str]) -> int:
    print("error: nothing was imported:", file=sys.stderr)
    for problem in problems[:20]:
        print(f"  {problem}", file=sys.stderr)
    if len(problems) > 20:
        print(f"  ... and {len(problems) - 20} more", file=sys.stderr)
    return 2


async def import_licences(settings: Settings, path: Path) -> int:
    """Replace the OEP list with the file's; 0 imported, 2 refused."""
    try:
        licences = await asyncio.to_thread(read_licence_file, path)
    except FileNotFoundError:
        return _fail([f"{path}: no such file"])
    except LicenceFileError as exc:
        return _fail(exc.problems)
    async with opened(settings) as (store, _shelf):
        await LicenceStore(database_of(store)).replace_licences(licences, path.name, today())
        await _audit(store, "licences_imported", {"file": path.name, "entries": len(licences)})
    print(f"imported {len(licences)} licences from {path.name}, dated {today().isoformat()}")
    return 0


def read_indicators(path: Path) -> list[KnownIndicator]:
    """Indicators from a UTF-8 CSV (value, kind, source, date); ValueError lists problems."""
    if path.stat().st_size > MAX_INDICATOR_BYTES:
        raise ValueError(f"{path}: larger than {MAX_INDICATOR_BYTES // 1_000_000} MB")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text))
    fields = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    missing = [c for c in ("value", "kind") if c not in fields]
    if missing:
        raise ValueError(f"header row: no column for {', '.join(missing)}")
    entries, problems = [], []
    for line, row in enumerate(reader, start=2):
        cell: Callable[[str], str] = lambda c: (row.get(fields.get(c, ""), "") or "").strip()  # noqa: B023, E731
        raw, kind, listed = cell("value"), cell("kind").lower(), cell("date") or today().isoformat()
        if not raw and not kind:
            continue
        if kind not in KINDS:
            problems.append(f"row {line}: kind {kind!r} is not one of {', '.join(KINDS)}")
            continue
        value = normalise(kind, raw)
        try:
            date.fromisoformat(listed)
        except ValueError:
            problems.append(f"row {line}: date {listed!r} is not an ISO date (2026-11-30)")
            continue
        if value is None:
            problems.append(f"row {line}: {raw!r} is not a valid {kind}")
            continue
        shown = shown_phone(value) if kind == "phone" else raw
        entries.append(KnownIndicator(kind, value, shown, cell("source"), listed))
    if problems:
        raise ValueError("\n".join(problems))
    return entries


async def import_indicators(settings: Settings, path: Path) -> int:
    """Add a file's indicators to the scam list; 0 imported, 2 refused."""
    try:
        entries = await asyncio.to_thread(read_indicators, path)
    except FileNotFoundError:
        return _fail([f"{path}: no such file"])
    except ValueError as exc:
        return _fail(str(exc).splitlines())
    keys = _keys_if_set(settings)
    async with opened(settings) as (store, shelf):
        added = await shelf.list_indicators(entries)
        warned = 0
        if keys is not None:  # the running bot's delivery worker sends what is queued here
            content, _warnings = load_content(settings.CONTENT_DIR, settings.LOCALES_DIR)
            found = [Indicator(e.kind, e.value) for e in entries]
            watches = FollowupStore(database_of(store), keys)
            _queued, warned = await warn_watchers(watches, content, found, time.time())
        detail = {"file": path.name, "added": added, "warned": warned}
        await _audit(store, "indicators_imported", detail)
    print(f"{added} new indicators listed ({len(entries) - added} were already on the list)")
    if keys is None:
        print("DATA_KEY is not set: nobody who asked to be warned was told", file=sys.stderr)
    elif warned:
        print(f"{warned} people who asked to be warned will be told by the running bot")
    return 0


def _keys_if_set(settings: Settings) -> IdentityKeys | None:
    """The keys, when DATA_KEY (or BOT_TOKEN) is set; follow-ups need them, lists do not."""
    if settings.DATA_KEY is None and settings.BOT_TOKEN is None:
        return None
    from bot.services import identity_keys

    return identity_keys(settings)


async def remove_indicator(settings: Settings, kind: str, raw: str) -> int:
    """Take one indicator off the list (any spelling of it); 0 removed, 1 not listed."""
    value = normalise(kind, raw)
    if value is None:
        print(f"error: {raw!r} is not a valid {kind}", file=sys.stderr)
        return 2
    async with opened(settings) as (store, shelf):
        removed = await shelf.unlist_indicator(kind, value)
        if removed:
            await _audit(store, "indicator_removed", {"kind": kind, "value": value})
    print(f"removed {kind} {value}" if removed else f"{kind} {value} was not on the list")
    return 0 if removed else 1


async def export_reports(settings: Settings, form: str, since: str, output: str) -> int:
    """Reported ads for the agency's own systems, as CSV or a JSON array."""
    try:
        days = parse_period(since)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    async with opened(settings) as (store, shelf):
        ads = await shelf.reported_since(today() - timedelta(days=days - 1))
        await _audit(store, "reports_exported", {"format": form, "days": days, "ads": len(ads)})
    rows = [
        {
            "id": ad.id,
            "status": ad.status,
            "times": ad.times,
            "first_seen": ad.first_seen,
            "last_seen": ad.last_seen,
            "reviewed_on": ad.reviewed_on or "",
            "language": ad.language,
            "flags": list(ad.flags),
            "phones": [i.value for i in ad.indicators if i.kind == "phone"],
            "handles": [i.value for i in ad.indicators if i.kind == "handle"],
            "links": [i.value for i in ad.indicators if i.kind == "link"],
            "text": ad.text,
        }
        for ad in ads
    ]
    if form == "json":
        text = json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: " ".join(v) if isinstance(v, list) else v for k, v in row.items()})
        text = buffer.getvalue()
    if output == "-":
        sys.stdout.write(text)
    else:
        await asyncio.to_thread(Path(output).write_text, text, encoding="utf-8")
        print(f"{len(rows)} reported ads written to {output}", file=sys.stderr)
    return 0


async def show_audit(settings: Settings, limit: int) -> int:
    """The latest agency actions, newest first: when, role, who (short key), what."""
    async with opened(settings) as (store, _shelf):
        entries = await store.read_audit(max(1, min(limit, 1000)))
    for line in audit_lines(entries):
        print(line)
    return 0
