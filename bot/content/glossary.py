"""Glossaries (``content/glossary/<lang>.yaml``): the one word each language uses for a key term.

Translators of one language drift apart (the Pashto texts say سفارت, the Pashto FAQ
سفارتخانه), and a reader who meets two words for one office may think they are two. A glossary
names the word to use; ``content check`` warns when a glossary lacks one of the terms, names a
term nobody asked for, or is written for a language the bot does not speak.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from bot.content.glossary_use import check_word_use
from bot.content.yaml_lines import LocatedYaml, YamlSyntaxError, load_located
from bot.errors import Problem

FOLDER = "glossary"
_WARN = "warning"  # a glossary only guides translators: nothing in it can stop the bot
TERMS = (
    "licence",
    "agent",
    "protector",
    "visit_visa",
    "work_visa",
    "contract",
    "passport",
    "embassy",
)


def glossary_files(content_dir: Path) -> list[Path]:
    """Every glossary file, in name order (none is required)."""
    folder = content_dir / FOLDER
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def check_glossary(doc: LocatedYaml, code: str, languages: Collection[str]) -> list[Problem]:
    """Warnings for one glossary: wrong language, a missing, empty or unknown term."""
    problems: list[Problem] = []
    data = doc.data if isinstance(doc.data, dict) else {}
    if code not in languages:
        problems.append(doc.problem((), f"{code!r} is not a language of the bot", "warning"))
    if data.get("language") != code:
        problems.append(doc.problem(("language",), f"`language:` must be {code!r}", "warning"))
    terms = data.get("terms")
    terms = terms if isinstance(terms, dict) else {}
    for term in TERMS:
        value = terms.get(term)
        if isinstance(value, dict):
            problems += _check_forms(doc, term, value)
        elif not isinstance(value, str) or not value.strip():
            problems.append(
                doc.problem(
                    ("terms",),
                    f"glossary lacks the word for {term!r}: write the one word texts use",
                    "warning",
                )
            )
    for term in terms:
        if term not in TERMS:
            problems.append(
                doc.problem(
                    ("terms", term),
                    f"{term!r} is not a glossary term (they are: {', '.join(TERMS)})",
                    "warning",
                )
            )
    return problems


def _check_forms(doc: LocatedYaml, term: str, value: dict[str, Any]) -> list[Problem]:
    """``{use: word, not: [forms]}``: the word, and a list of other forms (none the word)."""
    use, forms, where = value.get("use"), value.get("not", []), ("terms", term)
    if set(value) - {"use", "not"} or not isinstance(use, str) or not use.strip():
        return [
            doc.problem(where, "write the term as a word, or as {use: word, not: [forms]}", _WARN)
        ]
    if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
        return [doc.problem((*where, "not"), "`not:` must be a list of words", _WARN)]
    if use in forms:
        message = f"{use!r} is the word to use, not one to avoid"
        return [doc.problem((*where, "not"), message, _WARN)]
    return []


def check_glossaries(
    content_dir: Path, locales_dir: Path, languages: Collection[str], display: str
) -> list[Problem]:
    """Check every glossary file, then the texts against them; ``display`` is how paths are
    shown (``content/``)."""
    problems: list[Problem] = []
    glossaries: dict[str, dict[str, Any]] = {}
    for path in glossary_files(content_dir):
        try:
            doc = load_located(path, f"{display}/{FOLDER}/{path.name}")
        except YamlSyntaxError as exc:
            problems.append(exc.problem)
            continue
        problems += check_glossary(doc, path.stem, languages)
        terms = doc.data.get("terms") if isinstance(doc.data, dict) else None
        if isinstance(terms, dict):
            glossaries[path.stem] = terms
    return problems + check_word_use(content_dir, locales_dir, glossaries, languages)
