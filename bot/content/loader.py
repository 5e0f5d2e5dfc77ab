"""``load_content``: read every content and locale file, check it all, return one Content.

All problems are collected before failing, so a volunteer sees every mistake at once, each
with its file and line.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from bot.content.catalogs import load_translator
from bot.content.checklist_schema import parse_checklist, parse_facts
from bot.content.model import Content, Fact, Language, Translator
from bot.content.texts import merge_fallback, prepare_texts, required_paths
from bot.content.yaml_lines import LocatedYaml, YamlSyntaxError, load_located
from bot.errors import ContentError, Problem

DEFAULT_LANGUAGE = "en"


def _load(path: Path, root: Path, problems: list[Problem]) -> LocatedYaml | None:
    if not path.exists():
        problems.append(Problem(str(path.relative_to(root.parent)), None, "file is missing"))
        return None
    try:
        return load_located(path, str(path.relative_to(root.parent)))
    except YamlSyntaxError as exc:
        problems.append(exc.problem)
        return None


def _fact_values(facts: dict[str, Fact], translate: Translator) -> dict[str, str]:
    """Fact values as they appear inside texts; unconfirmed ones carry a visible caveat."""
    values = {}
    for fid, fact in facts.items():
        value = html.escape(fact.value, quote=False)
        values[fid] = value if fact.confirmed else translate("{value} (not confirmed)", value=value)
    return values


def load_content(content_dir: Path, locales_dir: Path) -> tuple[Content, list[Problem]]:
    """Load and validate everything; raise ContentError listing every error found.

    Returns the content and the warnings (problems that do not stop the bot).
    """
    problems: list[Problem] = []
    checklist_doc = _load(content_dir / "checklist.yaml", content_dir, problems)
    facts_doc = _load(content_dir / "facts.yaml", content_dir, problems)
    checklist = parse_checklist(checklist_doc, problems) if checklist_doc else None
    facts, places = parse_facts(facts_doc, problems) if facts_doc else ({}, {})

    text_files = sorted((content_dir / "texts").glob("*.yaml"))
    if not any(f.stem == DEFAULT_LANGUAGE for f in text_files):
        problems.append(
            Problem(str(content_dir / "texts"), None, f"texts/{DEFAULT_LANGUAGE}.yaml is missing")
        )
    languages: dict[str, Language] = {}
    if checklist is not None:
        required = list(required_paths(checklist, facts, places))
        # The default language first: the others fall back to it text by text.
        ordered = sorted(text_files, key=lambda f: f.stem != DEFAULT_LANGUAGE)
        default_texts: dict[str, Any] = {}
        for path in ordered:
            doc = _load(path, content_dir, problems)
            if doc is None:
                continue
            code = path.stem
            data = doc.data if isinstance(doc.data, dict) else {}
            if data.get("language") != code:
                problems.append(
                    doc.problem(("language",), f"`language:` must be {code!r}, like the file name")
                )
            translate, catalog_problems = load_translator(locales_dir, code)
            problems.extend(catalog_problems)
            texts = prepare_texts(
                doc,
                required,
                _fact_values(facts, translate),
                problems,
                is_default=code == DEFAULT_LANGUAGE,
            )
            if code == DEFAULT_LANGUAGE:
                default_texts = texts
            else:
                texts = merge_fallback(texts, default_texts)
            direction = str(data.get("direction", "ltr"))
            if direction not in {"ltr", "rtl"}:
                problems.append(doc.problem(("direction",), "direction must be ltr or rtl"))
            languages[code] = Language(
                code, str(data.get("name") or code), direction, texts, translate
            )

    errors = [p for p in problems if p.severity == "error"]
    if errors or checklist is None:
        raise ContentError(errors or problems)
    content = Content(checklist, facts, places, languages, DEFAULT_LANGUAGE)
    return content, [p for p in problems if p.severity != "error"]
