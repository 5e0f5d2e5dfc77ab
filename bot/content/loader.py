"""``load_content``: read every content and locale file, check it all, return one Content.

All problems are collected before failing, so a volunteer sees every mistake at once, each
with its file and line. :func:`inspect_content` returns everything found (errors, warnings,
coverage per language) for the checker and the preview; :func:`load_content` is what the bot
uses: it refuses content with errors.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from bot.content.alerts import alert_files, load_alerts
from bot.content.audio import AudioCoverage, check_audio
from bot.content.catalogs import read_template
from bot.content.checklist_schema import parse_checklist, parse_facts
from bot.content.country_packs import PackReader, pack_files, with_countries
from bot.content.coverage import Inspection, LanguageCoverage
from bot.content.faq import faq_required_paths, parse_faq
from bot.content.faq_examples import example_files, parse_examples
from bot.content.glossary import check_glossaries, glossary_files
from bot.content.helpdesk_hours import FILE as HELPDESK_FILE
from bot.content.helpdesk_hours import parse_hours
from bot.content.language_reader import DEFAULT_LANGUAGE, LanguageReader
from bot.content.model import Alert, Content, Language
from bot.content.texts import merge_fallback, required_paths
from bot.content.translations import iter_language_files
from bot.content.yaml_lines import LocatedYaml, YamlSyntaxError, load_located
from bot.errors import ContentError, Problem
from bot.understanding.languages import LanguageTable
from bot.understanding.rules_check import check_understanding

__all__ = ["DEFAULT_LANGUAGE", "Inspection", "LanguageCoverage", "inspect_content", "load_content"]


def _display(path: Path, content_dir: Path) -> str:
    return str(path.relative_to(content_dir.parent))


def _load(path: Path, root: Path, problems: list[Problem]) -> LocatedYaml | None:
    if not path.exists():
        problems.append(Problem(_display(path, root), None, "file is missing"))
        return None
    try:
        return load_located(path, _display(path, root))
    except YamlSyntaxError as exc:
        problems.append(exc.problem)
        return None


def _syntax_of_other_files(content_dir: Path, seen: set[Path], problems: list[Problem]) -> None:
    """Files no loader reads yet (alerts, ...) must still be valid YAML."""
    for path in sorted(content_dir.rglob("*.yaml")):
        hidden = any(part.startswith(".") for part in path.relative_to(content_dir).parts)
        if path in seen or hidden:
            continue
        try:
            load_located(path, _display(path, content_dir))
        except YamlSyntaxError as exc:
            problems.append(exc.problem)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(_display(path, content_dir), None, f"cannot read: {exc}"))


def inspect_content(
    content_dir: Path, locales_dir: Path, *, today: date | None = None
) -> Inspection:
    """Load and check everything, returning what was found without raising."""
    problems: list[Problem] = []
    checklist_doc = _load(content_dir / "checklist.yaml", content_dir, problems)
    facts_doc = _load(content_dir / "facts.yaml", content_dir, problems)
    faq_doc = _load(content_dir / "faq.yaml", content_dir, problems)
    checklist = parse_checklist(checklist_doc, problems) if checklist_doc else None
    facts, places = parse_facts(facts_doc, problems, today) if facts_doc else ({}, {})
    topics = parse_faq(faq_doc, facts, problems) if faq_doc else ()
    template = read_template(locales_dir)
    seen = {content_dir / name for name in ("checklist.yaml", "facts.yaml", "faq.yaml")}

    text_files = list(iter_language_files(content_dir, "texts"))
    codes = [path.stem for path in text_files]
    if DEFAULT_LANGUAGE not in codes:
        problems.append(
            Problem(
                _display(content_dir / "texts", content_dir),
                None,
                f"texts/{DEFAULT_LANGUAGE}.yaml is missing",
            )
        )
    for path in iter_language_files(content_dir, "faq"):
        if path.stem not in codes:
            problems.append(
                Problem(
                    _display(path, content_dir),
                    None,
                    f"there is no texts/{path.stem}.yaml, so this FAQ is never shown: "
                    "add the texts file or remove this one",
                    "warning",
                )
            )
    languages: dict[str, Language] = {}
    coverage: list[LanguageCoverage] = []
    if checklist is not None:
        reader = LanguageReader(
            locales_dir,
            facts,
            topics,
            list(required_paths(checklist, facts, places)),
            list(faq_required_paths(topics)),
            template,
            problems,
        )
        docs: dict[str, tuple[LocatedYaml | None, LocatedYaml | None]] = {}
        for code in codes:
            texts_path = content_dir / "texts" / f"{code}.yaml"
            faq_path = content_dir / "faq" / f"{code}.yaml"
            seen |= {texts_path, faq_path}
            faq_lang_doc: LocatedYaml | None = None
            if faq_path.exists() or code == DEFAULT_LANGUAGE:
                faq_lang_doc = _load(faq_path, content_dir, problems)
            elif topics:
                problems.append(
                    Problem(
                        _display(faq_path, content_dir),
                        None,
                        "file is missing, so every FAQ answer is shown in English: "
                        "copy faq/en.yaml and translate it",
                        "warning",
                    )
                )
            docs[code] = (_load(texts_path, content_dir, problems), faq_lang_doc)
        reader.english = docs.get(DEFAULT_LANGUAGE, (None, None))
        default_texts: dict[str, Any] = {}
        # The default language first: the others fall back to it text by text.
        for code, (doc, faq_lang_doc) in docs.items():
            if doc is None:
                continue
            language, language_coverage = reader.read(code, doc, faq_lang_doc)
            coverage.append(language_coverage)
            if code == DEFAULT_LANGUAGE:
                default_texts = dict(language.texts)
            else:
                texts = merge_fallback(dict(language.texts), default_texts)
                language = replace(language, texts=texts)
            languages[code] = language
    if checklist is not None:  # the reading rules refer to the checklist's flags and the FAQ
        problems += check_understanding(
            content_dir, checklist.flag_weights, [topic.id for topic in topics]
        )
        seen |= set((content_dir / "understanding").glob("*.yaml")) - {
            content_dir / "understanding" / "topics.yaml"
        }
    example_docs = [
        doc for path in example_files(content_dir) if (doc := _load(path, content_dir, problems))
    ]
    seen |= set(example_files(content_dir))
    topic_examples = parse_examples(example_docs, (topic.id for topic in topics), codes, problems)
    alerts: tuple[Alert, ...] = ()
    if DEFAULT_LANGUAGE in languages:
        alerts = load_alerts(content_dir, facts, languages, DEFAULT_LANGUAGE, problems, today)
    seen |= set(alert_files(content_dir))
    problems += check_glossaries(content_dir, locales_dir, languages, content_dir.name)
    seen |= set(glossary_files(content_dir))
    hours = None
    if (content_dir / HELPDESK_FILE).exists():  # optional: only a helpdesk needs it
        seen.add(content_dir / HELPDESK_FILE)
        if hours_doc := _load(content_dir / HELPDESK_FILE, content_dir, problems):
            hours = parse_hours(hours_doc, problems)
    seen |= set((content_dir / "audio").glob("*/recorded_from.yaml"))  # read by check_audio

    packs, pack_coverage = [], []
    if checklist is not None and DEFAULT_LANGUAGE in languages:
        pack_reader = PackReader(
            checklist,
            facts,
            list(required_paths(checklist, facts, places)) + list(faq_required_paths(topics)),
            languages,
            problems,
            today,
            DEFAULT_LANGUAGE,
        )
        for path in pack_files(content_dir):
            seen.add(path)
            doc = _load(path, content_dir, problems)
            if doc is None:
                continue
            pack, pack_rows = pack_reader.read(doc, path.stem)
            pack_coverage += pack_rows
            if pack is not None:
                packs.append(pack)
    _syntax_of_other_files(content_dir, seen, problems)

    errors = [p for p in problems if p.severity == "error"]
    content = None
    if not errors and checklist is not None and DEFAULT_LANGUAGE in languages:
        content = Content(
            checklist,
            facts,
            places,
            languages,
            DEFAULT_LANGUAGE,
            faq=topics,
            alerts=alerts,
            topic_examples=topic_examples,
            helpdesk_hours=hours,
            language_hints=_language_hints(content_dir, languages),
        )
    audio: list[AudioCoverage] = []
    if content is not None:  # a recording is checked against the text as the bot shows it
        # Against every country's text too: a pack may show its own text of a line.
        recordings, audio = check_audio(content_dir, with_countries(content, packs), problems)
        if any(p.severity == "error" for p in problems):
            content = None
        else:
            content = with_countries(replace(content, recordings=recordings), packs)
    return Inspection(content, problems, coverage, audio, pack_coverage)


def _language_hints(content_dir: Path, languages: dict[str, Language]) -> dict[str, str]:
    """``languages.yaml``'s hints for the languages that have texts (checked, when the file
    exists, by :func:`~bot.understanding.rules_check.check_understanding`)."""
    if not (content_dir / "understanding" / "languages.yaml").exists():
        return {}
    table = LanguageTable.load(content_dir)
    return {hint: code for hint, code in table.hints.items() if code in languages}


def load_content(
    content_dir: Path, locales_dir: Path, *, today: date | None = None
) -> tuple[Content, list[Problem]]:
    """Load and validate everything; raise ContentError listing every error found.

    Returns the content and the warnings (problems that do not stop the bot).
    """
    inspection = inspect_content(content_dir, locales_dir, today=today)
    if inspection.content is None:
        raise ContentError(inspection.errors or inspection.problems)
    return inspection.content, inspection.warnings
