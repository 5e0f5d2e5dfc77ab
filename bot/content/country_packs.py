"""Country packs (``content/countries/<CC>.yaml``): what differs from one home country to another.

A pack names its licensing authority, how to check a recruiter there, its complaint lines,
fee rules and the clearance a worker needs, its own facts (each with source, date read and
whether a person confirmed it), the places of "I need help now" and the texts that differ by
country (the licence question names that country's licence, the clearance question its
clearance). The checklist's structure and scoring stay in ``checklist.yaml``: a pack only
supplies text, so a pack can never change a verdict.

A pack text in a language the pack does not list falls back to the pack's English; what a
pack does not say at all comes from the general texts (``content/texts/<lang>.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from bot.content.audio import playable
from bot.content.checklist_schema import parse_facts
from bot.content.guides import guide_paths, parse_guides, stray_languages, with_guide_texts
from bot.content.language_reader import fact_values
from bot.content.model import Checklist, Content, CountryPack, Fact, Language
from bot.content.texts import is_present, merge_fallback, prepare_texts, text_at
from bot.content.translations import dotted, text_units
from bot.content.yaml_lines import LocatedYaml, PathKey
from bot.errors import Problem

CODE = re.compile(r"^[A-Z]{2}$")
HOME_PLACE = "home"  # the help place for the home country itself; the verdict lists its contacts
# What every pack says about its country, shown on the home-country page (``country.*``).
PAGE_PARTS = ("authority", "check_recruiter", "complaint", "fees", "clearance", "abroad")
# FAQ topics whose answer names one country's offices, fee limits or helplines: every pack
# answers them for its own country (``faq.<topic>.answer`` under ``texts:``); the general FAQ
# answers them for no country, in every language (the "Other country" user reads them).
FAQ_COUNTRY_TOPICS = ("verify_recruiter", "fees", "report", "help_abroad")
# General texts that name one country's offices, licences or fees: every pack supplies its own,
# and every language's general texts carry them written for no country ("Other country").
COUNTRY_TEXTS: tuple[PathKey, ...] = (
    ("pages", "welcome"),
    ("checklist", "recruiter", "question"),
    ("checklist", "recruiter", "why"),
    ("checklist", "protector", "question"),
    ("checklist", "protector", "why"),
    ("checklist", "protector", "answers", "will_register"),
    ("checklist", "protector", "answers", "agent_says_no_need"),
    ("checklist", "payment", "why"),
    ("flags", "upfront_fee", "found"),
    ("flags", "unlicensed_agent", "found"),
    ("flags", "unlicensed_agent", "unsure"),
    ("flags", "risky_destination", "found"),
    ("flags", "risky_destination", "unsure"),
    ("flags", "chat_app_recruitment", "found"),
    ("flags", "chat_app_recruitment", "unsure"),
    ("flags", "no_contract", "found"),
    ("flags", "no_contract", "unsure"),
    ("levels", "danger", "summary"),
    ("rules", "no_protector_no_licence"),
    ("rules", "bait_job_in_hub"),
    ("rules", "hub_needs_checking"),
    ("rules", "exit_penalty"),
    ("next_steps", "low"),
    ("next_steps", "caution"),
    ("next_steps", "high"),
    ("next_steps", "danger"),
    ("agency", "not_listed"),
    *(("faq", topic, "answer") for topic in FAQ_COUNTRY_TOPICS),
)


@dataclass(frozen=True)
class PackCoverage:
    """How much of one pack is written in one of its languages."""

    country: str
    language: str
    total: int
    done: int
    missing: tuple[str, ...] = ()
    faq_total: int = 0  # of which FAQ answers (FAQ_COUNTRY_TOPICS)
    faq_done: int = 0

    @property
    def percent(self) -> int:
        """Share of the pack's texts written in this language, rounded down."""
        return 100 * self.done // self.total if self.total else 100


def pack_files(content_dir: Path) -> list[Path]:
    """Every pack file, in code order."""
    return sorted((content_dir / "countries").glob("*.yaml"))


def pack_paths(facts: Iterable[str], places: Iterable[str]) -> list[PathKey]:
    """The texts a pack must have in each of its languages."""
    paths: list[PathKey] = [("country", part) for part in PAGE_PARTS]
    paths += list(COUNTRY_TEXTS)
    for fid in facts:
        paths += [("facts", fid, "label"), ("facts", fid, "use")]
    for place in places:
        paths += [("help", "places", place), ("help", place)]
    return [*paths, ("help", "intro")]


def _sub(doc: LocatedYaml, prefix: PathKey) -> LocatedYaml:
    """The part of ``doc`` under ``prefix`` as a document of its own, lines kept."""
    n = len(prefix)
    lines = {path[n:]: line for path, line in doc.lines.items() if path[:n] == prefix}
    return LocatedYaml(doc.file, text_at(doc.data, prefix), lines)


@dataclass
class PackReader:
    """Reads and checks the packs against the structure and the general texts."""

    checklist: Checklist
    facts: dict[str, Fact]
    general_paths: list[PathKey]
    languages: Mapping[str, Language]
    problems: list[Problem]
    today: date | None = None
    default: str = "en"

    def read(self, doc: LocatedYaml, code: str) -> tuple[CountryPack | None, list[PackCoverage]]:
        """One pack, with its texts rendered for every language the bot speaks."""
        problems = self.problems
        data = doc.data if isinstance(doc.data, dict) else {}
        if not CODE.match(code):
            problems.append(doc.problem((), f"{code}.yaml: a pack file is named by ISO alpha-2"))
            return None, []
        if data.get("country") != code:
            problems.append(doc.problem(("country",), f"`country:` must be {code!r}"))
        listed = data.get("languages")
        if not isinstance(listed, list) or self.default not in listed:
            problems.append(
                doc.problem(
                    ("languages",), f"`languages:` must list {self.default!r} and the country's own"
                )
            )
            listed = [self.default]
        own = tuple(str(code_) for code_ in listed)
        names = data.get("names")
        if not isinstance(names, dict) or not is_present(names.get(self.default)):
            problems.append(doc.problem(("names",), f"`names:` needs the name in {self.default!r}"))
            names = {self.default: code}
        facts, places = parse_facts(doc, problems, self.today, self.facts)
        clash = set(facts) & set(self.facts)
        for fid in sorted(clash):
            problems.append(doc.problem(("facts", fid), f"fact {fid!r} is already in facts.yaml"))
        if HOME_PLACE not in places:
            problems.append(
                doc.problem(("help",), f"help: needs `{HOME_PLACE}:` (contacts at home)")
            )
        all_values = {**self.facts, **facts}
        topics = {str(p[1]) for p in self.general_paths if p[0] == "faq" and len(p) > 1}
        guides = parse_guides(
            doc, problems, facts=all_values, topics=topics, flags=self.checklist.flag_weights
        )
        stray_languages(doc, own, problems)
        required = pack_paths(facts, places) + guide_paths(guides)
        allowed = set(required) | set(self.general_paths)
        texts_data = data.get("texts")
        if not isinstance(texts_data, dict) or self.default not in texts_data:
            problems.append(doc.problem(("texts",), f"`texts:` needs `{self.default}:`"))
            return None, []
        for lang_code in texts_data:
            if lang_code not in own:
                problems.append(
                    doc.problem(
                        ("texts", lang_code),
                        f"texts in {lang_code!r}, which `languages:` does not list",
                    )
                )
        rendered: dict[str, dict[str, Any]] = {}
        coverage: list[PackCoverage] = []
        for lang_code in own:
            sub = _sub(doc, ("texts", lang_code))
            if sub.data is None:
                sub = LocatedYaml(doc.file, {}, {(): doc.line(("texts",)) or 1})
            sub = with_guide_texts(doc, sub, lang_code)
            self._unknown_paths(doc, lang_code, sub.data, allowed)
            language = self.languages.get(lang_code) or self.languages[self.default]
            values = fact_values(all_values, language.translate)
            rendered[lang_code] = prepare_texts(
                sub, required, values, problems, is_default=lang_code == self.default
            )
            done = [p for p in required if is_present(text_at(sub.data, p))]
            missing = tuple(dotted(p) for p in required if p not in done)
            faq = [p for p in required if p[0] == "faq"]
            coverage.append(
                PackCoverage(
                    code,
                    lang_code,
                    len(required),
                    len(done),
                    missing,
                    len(faq),
                    sum(p in done for p in faq),
                )
            )
        english = rendered[self.default]
        texts = {lang: merge_fallback(rendered.get(lang, {}), english) for lang in self.languages}
        pack = CountryPack(
            code,
            {str(k): str(v) for k, v in names.items()},
            own,
            facts,
            places,
            texts,
            guides,
        )
        return pack, coverage

    def _unknown_paths(
        self, doc: LocatedYaml, lang_code: str, data: Any, allowed: set[PathKey]
    ) -> None:
        for path in text_units(data if isinstance(data, dict) else {}):
            if not any(path[:n] in allowed for n in range(1, len(path) + 1)):
                self.problems.append(
                    doc.problem(
                        ("texts", lang_code, *path),
                        f"text {dotted(path)} is not one the bot shows: a pack may only give "
                        "its own country.*, facts and help texts, or replace a general text",
                    )
                )


def country_view(content: Content, pack: CountryPack) -> Content:
    """``content`` as a user from the pack's country sees it: its facts, places and texts,
    and only the recordings that speak those texts."""
    languages = {
        code: replace(lang, texts=merge_fallback(dict(pack.texts.get(code, {})), lang.texts))
        for code, lang in content.languages.items()
    }
    return replace(
        content,
        facts={**content.facts, **pack.facts},
        help_places=dict(pack.help_places),
        languages=languages,
        home_country=pack.code,
        recordings=playable(content.recordings, languages),
        guides=pack.guides,
    )


def with_countries(content: Content, packs: Iterable[CountryPack]) -> Content:
    """Attach the packs and one precomputed view per country (a view is swapped whole).

    ``content.recordings`` may hold recordings of any view's text; each view, the general
    one included, keeps those of its own texts.
    """
    by_code = {pack.code: pack for pack in packs}
    views: dict[str, Content] = {}
    every = replace(content, countries=by_code, country_views=views)
    for code, pack in by_code.items():
        views[code] = country_view(every, pack)
    base = replace(every, recordings=playable(content.recordings, content.languages))
    views[""] = base
    return base


def coverage_rows(items: Iterable[PackCoverage]) -> Iterator[str]:
    """The coverage table of ``content check``: one line per country and language."""
    for item in items:
        yield (
            f"  {item.country:<3} {item.language:<8} {item.percent:>3}%  ({item.done}/{item.total})"
            f"  FAQ answers {item.faq_done}/{item.faq_total}"
        )
