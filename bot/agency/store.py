"""Reported ads and the known-indicator list (migration 0004), over the db port.

Written once in SQL both backends accept (:mod:`bot.agency.db`); the OEP list is in
:mod:`bot.agency.licence_store`, the follow-up watches in :mod:`bot.agency.followup_store`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date

from bot.agency.db import Database
from bot.agency.indicators import Indicator, normal_company
from bot.agency.records import KnownIndicator, ReportedAd

AD_COLUMNS = "id, text, language, flags, times, first_seen, last_seen, status, reviewed_on"


def ad_hash(text: str) -> str:
    """The same ad pasted with other spacing or case counts as the same ad."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()


def marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


class AgencyStore:
    """Reported ads and the scam list, one SQL text for both backends."""

    def __init__(self, db: Database) -> None:
        self._db = db

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
        """The listed indicators among ``indicators``, and listed companies named in ``text``.

        One query for both (it runs for every text a user sends): the exact pairs, which the
        primary key (kind, value) answers, and the listed companies, looked for in ``text``.
        """
        wanted = {(i.kind, i.value) for i in indicators}
        where = "kind = 'company'"
        arguments: list[object] = []
        if wanted:
            kinds = sorted({kind for kind, _ in wanted})
            values = sorted({value for _, value in wanted})
            where += f" OR (kind IN ({marks(kinds)}) AND value IN ({marks(values)}))"
            arguments = [*kinds, *values]
        found = await self._db.fetch(
            "SELECT kind, value, shown, source, listed_on FROM known_indicator "
            f"WHERE {where} ORDER BY listed_on",
            *arguments,
        )
        haystack = f" {normal_company(text) or ''} "
        rows = [row for row in found if (row[0], row[1]) in wanted]
        rows += [row for row in found if row[0] == "company" and f" {row[1]} " in haystack]
        return [KnownIndicator(*(str(v) for v in row)) for row in rows]

    async def all_indicators(self) -> list[KnownIndicator]:
        """The whole list, oldest first."""
        rows = await self._db.fetch(
            "SELECT kind, value, shown, source, listed_on FROM known_indicator "
            "ORDER BY listed_on, kind, value"
        )
        return [KnownIndicator(*(str(v) for v in row)) for row in rows]
