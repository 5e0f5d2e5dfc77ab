"""What the agency lists say about one typed text, found before the pure core sees it.

Reading the store is I/O, so the conversation service fills :class:`Lookups` in (as it fills
in the text's analysis) and the core only renders it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.agency.licences import Licence
from bot.agency.records import KnownIndicator, LicenceList


@dataclass(frozen=True)
class Lookups:
    """``known``: listed scam indicators in the text; ``licences``: licence numbers found on
    the OEP list; ``unlisted``: licence numbers written as such but not on it; ``listed``:
    the list's date (None when no list was ever imported)."""

    known: tuple[KnownIndicator, ...] = ()
    licences: tuple[Licence, ...] = ()
    unlisted: tuple[str, ...] = ()
    listed: LicenceList | None = None

    @property
    def asks_licence(self) -> bool:
        """The text names at least one licence number."""
        return bool(self.licences or self.unlisted)
