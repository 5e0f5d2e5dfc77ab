"""The agency tables (migration 0004), written once over the :mod:`bot.agency.db` port.

Reported ads and their indicators, the known-indicator list, the OEP licence list, and the
follow-up watches. Watches hold only HMACs (under a random secret kept sealed with
``DATA_KEY`` in ``agency_secret``, so a key rotation re-seals one row and every hash stays
valid) and a sealed chat id.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from bot.agency.db import Database
from bot.agency.indicators import Indicator, normal_company
from bot.agency.licences import Licence
from bot.agency.records import KnownIndicator, LicenceList, ReportedAd, Watcher
from bot.privacy import IdentityKeys

FOLLOWUP_SECRET = "followup"
WATCH_DAYS = 90
AD_COLUMNS = "id, text, language, flags, times, first_seen, last_seen, status, reviewed_on"


def ad_hash(text: str) -> str:
    """The same ad pasted with other spacing or case counts as the same ad."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


class AgencyStore:
    """Every agency operation, one SQL text for both backends."""

    def __init__(self, db: Database, keys: IdentityKeys | None) -> None:
        """``keys`` may be None for the command line, which never touches the watches."""
        self._db = db
        self._keys = keys
        self._secret: bytes | None = None

    # -- reported ads ---------------------------------------------------------------------

    async def report_ad(
        self,
        text: str,
        language: str,
        flags: Iterable[str],
        indicators: Iterable[Indicator],
        today: date,
    ) -> int:
        """Keep a reported ad (or count it again); returns its id."""
        day = today.isoformat()
        async with self._db.transaction() as db:
            await db.execute(
                "INSERT INTO reported_ad (ad_hash, text, language, flags, first_seen, last_seen) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ad_hash) DO UPDATE "
                "SET times = reported_ad.times + 1, last_seen = excluded.last_seen",
                ad_hash(text),
                text,
                language,
                ",".join(flags),
                day,
                day,
            )
            [(ad_id,)] = await db.fetch(
                "SELECT id FROM reported_ad WHERE ad_hash = ?", ad_hash(text)
            )
            for item in indicators:
                await db.execute(
                    "INSERT INTO reported_indicator (ad_id, kind, value) VALUES (?, ?, ?) "
                    "ON CONFLICT DO NOTHING",
                    ad_id,
                    item.kind,
                    item.value,
                )
        return int(ad_id)

    async def next_pending(self, after: int = 0) -> ReportedAd | None:
        """The first ad waiting for review after id ``after`` (wrapping round to the start)."""
        for bound in (after, 0):
            rows = await self._db.fetch(
                f"SELECT {AD_COLUMNS} FROM reported_ad WHERE status = 'pending' AND id > ? "
                "ORDER BY id LIMIT 1",
                bound,
            )
            if rows:
                return await self._with_indicators(rows[0])
        return None

    async def pending_count(self) -> int:
        """Ads waiting for review."""
        [(count,)] = await self._db.fetch(
            "SELECT COUNT(*) FROM reported_ad WHERE status = 'pending'"
        )
        return int(count)

    async def ad(self, ad_id: int) -> ReportedAd | None:
        """One reported ad with its indicators and counts."""
        rows = await self._db.fetch(f"SELECT {AD_COLUMNS} FROM reported_ad WHERE id = ?", ad_id)
        return await self._with_indicators(rows[0]) if rows else None

    async def decide(self, ad_id: int, status: str, today: date) -> ReportedAd | None:
        """Mark a pending ad ``confirmed`` or ``rejected``; None if it was not pending."""
        changed = await self._db.execute(
            "UPDATE reported_ad SET status = ?, reviewed_on = ? WHERE id = ? AND status = 'pending'",
            status,
            today.isoformat(),
            ad_id,
        )
        return await self.ad(ad_id) if changed else None

    async def reported_since(self, since: date) -> list[ReportedAd]:
        """Ads last reported on or after ``since``, newest first (for the export)."""
        rows = await self._db.fetch(
            f"SELECT {AD_COLUMNS} FROM reported_ad WHERE last_seen >= ? ORDER BY id DESC",
            since.isoformat(),
        )
        return [await self._with_indicators(row) for row in rows]

    async def _with_indicators(self, row: Sequence[object]) -> ReportedAd:
        ad_id = int(row[0])  # type: ignore[call-overload]
        found = await self._db.fetch(
            "SELECT i.kind, i.value, "
            "(SELECT COALESCE(SUM(a.times), 0) FROM reported_indicator o "
            " JOIN reported_ad a ON a.id = o.ad_id WHERE o.kind = i.kind AND o.value = i.value) "
            "FROM reported_indicator i WHERE i.ad_id = ? ORDER BY i.kind, i.value",
            ad_id,
        )
        indicators = tuple(Indicator(str(kind), str(value)) for kind, value, _ in found)
        return ReportedAd(
            id=ad_id,
            text=str(row[1]),
            language=str(row[2]),
            flags=tuple(f for f in str(row[3]).split(",") if f),
            times=int(row[4]),  # type: ignore[call-overload]
            first_seen=str(row[5]),
            last_seen=str(row[6]),
            status=str(row[7]),
            reviewed_on=None if row[8] is None else str(row[8]),
            indicators=indicators,
            indicator_reports={f"{k}:{v}": int(n) for k, v, n in found},
        )

    # -- known indicators -----------------------------------------------------------------

    async def list_indicators(self, entries: Iterable[KnownIndicator]) -> int:
        """Put indicators on the scam list (an entry already there keeps its first date)."""
        count = 0
        async with self._db.transaction() as db:
            for entry in entries:
                count += await db.execute(
                    "INSERT INTO known_indicator (kind, value, shown, source, listed_on) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, value) DO NOTHING",
                    entry.kind,
                    entry.value,
                    entry.shown,
                    entry.source,
                    entry.listed_on,
                )
        return count

    async def unlist_indicator(self, kind: str, value: str) -> bool:
        """Take one indicator off the list; False if it was not there."""
        return bool(
            await self._db.execute(
                "DELETE FROM known_indicator WHERE kind = ? AND value = ?", kind, value
            )
        )

    async def known(self, indicators: Iterable[Indicator], text: str) -> list[KnownIndicator]:
        """The listed indicators among ``indicators``, and listed companies named in ``text``."""
        wanted = {(i.kind, i.value) for i in indicators}
        rows: list[tuple[object, ...]] = []
        if wanted:
            kinds = sorted({kind for kind, _ in wanted})
            values = sorted({value for _, value in wanted})
            found = await self._db.fetch(
                "SELECT kind, value, shown, source, listed_on FROM known_indicator "
                f"WHERE kind IN ({_marks(kinds)}) AND value IN ({_marks(values)}) "
                "ORDER BY listed_on",
                *kinds,
                *values,
            )  # the primary key (kind, value) answers this; exact pairs are kept below
            rows = [row for row in found if (row[0], row[1]) in wanted]
        haystack = f" {normal_company(text) or ''} "
        companies = await self._db.fetch(
            "SELECT kind, value, shown, source, listed_on FROM known_indicator "
            "WHERE kind = 'company' ORDER BY listed_on"
        )
        rows += [row for row in companies if f" {row[1]} " in haystack]
        return [KnownIndicator(*(str(v) for v in row)) for row in rows]

    async def all_indicators(self) -> list[KnownIndicator]:
        """The whole list, oldest first."""
        rows = await self._db.fetch(
            "SELECT kind, value, shown, source, listed_on FROM known_indicator "
            "ORDER BY listed_on, kind, value"
        )
        return [KnownIndicator(*(str(v) for v in row)) for row in rows]

    # -- licences -------------------------------------------------------------------------

    async def replace_licences(self, licences: Sequence[Licence], source: str, today: date) -> None:
        """Replace the whole OEP list in one transaction and record its date."""
        async with self._db.transaction() as db:
            await db.execute("DELETE FROM licence")
            for item in licences:
                await db.execute(
                    "INSERT INTO licence (licence_no, title, proprietor, status, expiry, "
                    "address, phones) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    item.licence_no,
                    item.title,
                    item.proprietor,
                    item.status,
                    item.expiry,
                    item.address,
                    item.phones,
                )
            await db.execute(
                "INSERT INTO licence_list (id, imported_on, source, entries) VALUES (1, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET imported_on = excluded.imported_on, "
                "source = excluded.source, entries = excluded.entries",
                today.isoformat(),
                source,
                len(licences),
            )

    async def licence_list(self) -> LicenceList | None:
        """When the list was imported, or None if it never was."""
        rows = await self._db.fetch("SELECT imported_on, source, entries FROM licence_list")
        return LicenceList(str(rows[0][0]), str(rows[0][1]), int(rows[0][2])) if rows else None

    async def licences(self, numbers: Sequence[str]) -> list[Licence]:
        """The entries with these (normalised) licence numbers."""
        if not numbers:
            return []
        rows = await self._db.fetch(
            "SELECT licence_no, title, proprietor, status, expiry, address, phones FROM licence "
            f"WHERE licence_no IN ({_marks(numbers)})",
            *numbers,
        )
        order = {n: i for i, n in enumerate(numbers)}
        found = [Licence(*row) for row in rows]
        return sorted(found, key=lambda item: order[item.licence_no])

    async def all_licences(self) -> list[Licence]:
        """The whole list, for a name search."""
        rows = await self._db.fetch(
            "SELECT licence_no, title, proprietor, status, expiry, address, phones FROM licence "
            "ORDER BY licence_no"
        )
        return [Licence(*row) for row in rows]

    # -- follow-up watches ----------------------------------------------------------------

    def _require_keys(self) -> IdentityKeys:
        if self._keys is None:
            raise RuntimeError("follow-up watches need DATA_KEY (IdentityKeys)")
        return self._keys

    async def _followup_secret(self) -> bytes:
        if self._secret is None:
            rows = await self._db.fetch(
                "SELECT sealed FROM agency_secret WHERE name = ?", FOLLOWUP_SECRET
            )
            if not rows:
                sealed = self._require_keys().seal_secret(FOLLOWUP_SECRET, os.urandom(32))
                await self._db.execute(
                    "INSERT INTO agency_secret (name, sealed) VALUES (?, ?) "
                    "ON CONFLICT (name) DO NOTHING",
                    FOLLOWUP_SECRET,
                    sealed,
                )
                rows = await self._db.fetch(
                    "SELECT sealed FROM agency_secret WHERE name = ?", FOLLOWUP_SECRET
                )
            self._secret = self._require_keys().open_secret(FOLLOWUP_SECRET, str(rows[0][0]))
        return self._secret

    async def _tag(self, domain: str, value: str) -> str:
        secret = await self._followup_secret()
        message = f"{domain}:{value}".encode()
        return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]

    async def watch(
        self, chat_id: int, language: str, indicators: Iterable[Indicator], today: date
    ) -> int:
        """Remember to warn ``chat_id`` if any of ``indicators`` is confirmed (90 days)."""
        watch_key = await self._tag("chat", str(chat_id))
        hashes = [await self._tag("indicator", i.key()) for i in indicators]
        until = (today + timedelta(days=WATCH_DAYS)).isoformat()
        async with self._db.transaction() as db:
            await db.execute("DELETE FROM followup WHERE expires_on < ?", today.isoformat())
            for indicator_hash in hashes:
                await db.execute(
                    "INSERT INTO followup (watch_key, indicator_hash, sealed_chat, language, "
                    "expires_on) VALUES (?, ?, ?, ?, ?) ON CONFLICT (watch_key, indicator_hash) "
                    "DO UPDATE SET expires_on = excluded.expires_on, language = excluded.language",
                    watch_key,
                    indicator_hash,
                    self._require_keys().seal_chat(chat_id),
                    language,
                    until,
                )
        return len(hashes)

    async def forget_watches(self, chat_id: int) -> int:
        """Delete every watch of ``chat_id`` (``/forget_me``)."""
        watch_key = await self._tag("chat", str(chat_id))
        return await self._db.execute("DELETE FROM followup WHERE watch_key = ?", watch_key)

    async def watchers(self, indicators: Iterable[Indicator], today: date) -> list[Watcher]:
        """The unexpired watches on any of ``indicators``, one per chat."""
        hashes = [await self._tag("indicator", i.key()) for i in indicators]
        if not hashes:
            return []
        rows = await self._db.fetch(
            "SELECT watch_key, MIN(sealed_chat), MIN(language) FROM followup "
            f"WHERE indicator_hash IN ({_marks(hashes)}) AND expires_on >= ? "
            "GROUP BY watch_key ORDER BY watch_key",
            *hashes,
            today.isoformat(),
        )
        return [Watcher(str(k), str(s), str(lang)) for k, s, lang in rows]

    async def queue_followups(
        self,
        watchers: Sequence[Watcher],
        texts: dict[str, str],
        *,
        actor: str,
        now: float,
        created_at: str,
    ) -> int | None:
        """Queue one warning per watcher through the broadcast outbox, then drop the watches.

        The delivery worker sends it like any broadcast (rate limits, 429s, blocked users);
        only these chats get it. Returns the broadcast id, or None with nobody to warn.
        """
        if not watchers:
            return None
        # The one dialect difference: PostgreSQL's broadcast columns are jsonb.
        as_json = "CAST(? AS jsonb)" if self._db.dialect == "postgres" else "?"
        async with self._db.transaction() as db:
            [(broadcast_id,)] = await db.fetch(
                "INSERT INTO broadcast (created_at, actor, texts, audience, start_at, "
                f"report_language) VALUES (?, ?, {as_json}, {as_json}, ?, 'en') RETURNING id",
                created_at,
                actor,
                json.dumps(texts, ensure_ascii=False),
                json.dumps({"followup": True}),
                now,
            )
            for watcher in watchers:
                keys = self._require_keys()
                chat_key = keys.chat_key(keys.open_chat(watcher.sealed_chat))
                language = watcher.language if watcher.language in texts else "en"
                await db.execute(
                    "INSERT INTO outbox (broadcast_id, chat_key, sealed_chat, language, due_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    broadcast_id,
                    chat_key,
                    watcher.sealed_chat,
                    language,
                    now,
                )
                await db.execute("DELETE FROM followup WHERE watch_key = ?", watcher.watch_key)
        return int(broadcast_id)
