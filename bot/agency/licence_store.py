"""The imported OEP list (migration 0004 ``licence``, ``licence_list``), over the db port."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.agency.db import Database
from bot.agency.licences import Licence
from bot.agency.records import LicenceList
from bot.agency.store import marks


class LicenceStore:
    """Replace, date and read the Bureau of Emigration's list; one SQL for both backends."""

    def __init__(self, db: Database) -> None:
        self._db = db

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
            f"WHERE licence_no IN ({marks(numbers)})",
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
