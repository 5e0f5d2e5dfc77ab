"""Checking one language: its texts, its FAQ, its UI catalog, against the structure and English."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content.catalogs import catalog_coverage, load_catalog
from bot.content.coverage import LanguageCoverage
from bot.content.faq import faq_fact_problems
from bot.content.model import Fact, FaqTopic, Language, Translator
from bot.content.texts import is_present, prepare_texts, text_at, unused_text_problems
from bot.content.translations import check_translation, dotted
from bot.content.yaml_lines import LocatedYaml, PathKey
from bot.errors import Problem

DEFAULT_LANGUAGE = "en"


def fact_values(facts: dict[str, Fact], translate: Translator) -> dict[str, str]:
    """Fact values as they appear inside texts; unconfirmed ones carry a visible caveat."""
    values = {}
    for fid, fact in facts.items():
        value = html.escape(fact.value, quote=False)
        values[fid] = value if fact.confirmed else translate("{value} (not confirmed)", value=value)
    return values


def _count(doc: LocatedYaml | None, paths: list[PathKey]) -> tuple[int, list[str]]:
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    missing = [dotted(p) for p in paths if not is_present(text_at(data, p))]
    return len(paths) - len(missing), missing


def _check_language_key(doc: LocatedYaml, code: str, problems: list[Problem]) -> None:
    data = doc.data if isinstance(doc.data, dict) else {}
    if data.get("language") != code:
        problems.append(
            doc.problem(("language",), f"`language:` must be {code!r}, like the file name")
        )


@dataclass
class LanguageReader:
    """Checks one language's files and catalog against the structure and the English."""

    locales_dir: Path
    facts: dict[str, Fact]
    topics: tuple[FaqTopic, ...]
    text_paths: list[PathKey]
    faq_paths: list[PathKey]
    template: set[str] | None
    problems: list[Problem]
    english: tuple[LocatedYaml | None, LocatedYaml | None] = (None, None)

    def read(
        self, code: str, doc: LocatedYaml, faq_doc: LocatedYaml | None
    ) -> tuple[Language, LanguageCoverage]:
        """The language's own texts (no fallback yet) and its coverage."""
        problems = self.problems
        is_default = code == DEFAULT_LANGUAGE
        # Every language writes every text, the ones a country pack replaces too: a user whose
        # country has no pack ("Other country") reads the general ones (COUNTRY_TEXTS).
        paths, faq_paths = self.text_paths, self.faq_paths
        _check_language_key(doc, code, problems)
        data = doc.data if isinstance(doc.data, dict) else {}
        catalog = load_catalog(self.locales_dir, code)
        problems.extend(catalog.problems)
        ui = None
        if not is_default and self.template is not None:
            if catalog.catalog is None and not catalog.problems:
                problems.append(
                    Problem(
                        catalog.file,
                        None,
                        "no UI catalog for this language, so buttons and notices are shown in "
                        "English: create it with pybabel init (see CONTRIBUTING.md)",
                        "warning",
                    )
                )
            ui = catalog_coverage(catalog, self.template, problems)
        values = fact_values(self.facts, catalog.translator)
        texts = prepare_texts(doc, paths, values, problems, is_default=is_default)
        faq_texts: dict[str, Any] = {}
        if faq_doc is not None:
            _check_language_key(faq_doc, code, problems)
            faq_texts = prepare_texts(faq_doc, faq_paths, values, problems, is_default=is_default)
            faq_fact_problems(faq_doc, self.topics, problems, is_default=is_default)
        texts["faq"] = faq_texts.get("faq") if isinstance(faq_texts.get("faq"), dict) else {}

        outdated: list[str] = []
        unstamped = 0
        if is_default:
            unused_text_problems(doc, paths, problems)
            if faq_doc is not None:
                unused_text_problems(faq_doc, self.faq_paths, problems)
        else:
            for ours, theirs in zip((doc, faq_doc), self.english, strict=True):
                if ours is not None and theirs is not None:
                    status = check_translation(ours, theirs, code, problems)
                    outdated += status.outdated
                    unstamped += status.unstamped
        texts_done, texts_missing = _count(doc, paths)
        faq_done, faq_missing = _count(faq_doc, faq_paths)
        name = str(data.get("name") or code)
        direction = str(data.get("direction", "ltr"))
        if direction not in {"ltr", "rtl"}:
            problems.append(doc.problem(("direction",), "direction must be ltr or rtl"))
        coverage = LanguageCoverage(
            code,
            name,
            len(paths),
            texts_done,
            len(faq_paths),
            faq_done,
            tuple(texts_missing + faq_missing),
            tuple(outdated),
            unstamped,
            ui,
        )
        return Language(code, name, direction, texts, catalog.translator), coverage
