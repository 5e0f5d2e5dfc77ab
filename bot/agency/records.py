"""Plain values the agency store reads and writes; no I/O, no framework."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.agency.indicators import Indicator


@dataclass(frozen=True)
class ReportedAd:
    """A reported ad as the review queue shows it: nothing in it names a reporter.

    ``times``: how often this very ad was reported; ``indicator_reports``: for each of its
    indicators (``kind:value``), how many reports of any ad carried it.
    """

    id: int
    text: str
    language: str
    flags: tuple[str, ...]
    times: int
    first_seen: str
    last_seen: str
    status: str
    indicators: tuple[Indicator, ...] = ()
    indicator_reports: dict[str, int] = field(default_factory=dict)
    reviewed_on: str | None = None


@dataclass(frozen=True)
class KnownIndicator:
    """An indicator on the scam list: ``shown`` is how people read it, ``listed_on`` ISO."""

    kind: str
    value: str
    shown: str
    source: str
    listed_on: str


@dataclass(frozen=True)
class LicenceList:
    """When the OEP list was imported, from what, and how many entries it has."""

    imported_on: str
    source: str
    entries: int


@dataclass(frozen=True)
class Watcher:
    """A follow-up watch that matched: where to deliver, in which language."""

    watch_key: str
    sealed_chat: str
    language: str
