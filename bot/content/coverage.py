"""What a check of the content found: the content itself, every problem, coverage per language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.content.audio import AudioCoverage
from bot.content.catalogs import CatalogCoverage
from bot.content.model import Content
from bot.errors import Problem


@dataclass(frozen=True)
class LanguageCoverage:
    """How complete one language is: texts, FAQ, UI strings, and what is out of date."""

    code: str
    name: str
    texts: int
    texts_done: int
    faq: int
    faq_done: int
    missing: tuple[str, ...] = ()
    outdated: tuple[str, ...] = ()
    unstamped: int = 0
    ui: CatalogCoverage | None = None

    @property
    def percent(self) -> int:
        """Share of texts, FAQ texts and UI strings translated and up to date, rounded down."""
        ui_total = self.ui.total if self.ui else 0
        ui_done = self.ui.translated if self.ui else 0
        total = self.texts + self.faq + ui_total
        done = self.texts_done + self.faq_done + ui_done - len(self.outdated)
        return 100 * max(done, 0) // total if total else 100


@dataclass
class Inspection:
    """Everything found in content/ and locales/: the content (None when it has errors),
    every problem, and coverage per language (texts, and recordings in ``audio``)."""

    content: Content | None
    problems: list[Problem] = field(default_factory=list)
    coverage: list[LanguageCoverage] = field(default_factory=list)
    audio: list[AudioCoverage] = field(default_factory=list)  # recordings, per language
    countries: list[Any] = field(default_factory=list)  # PackCoverage, one per pack and language

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop the content from being used."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems the bot can live with (it falls back to English, or shows an old date)."""
        return [p for p in self.problems if p.severity != "error"]
