"""Whether the texts use each glossary's words: ``content check`` warns at a word to avoid.

A glossary term may name the forms translators drifted to besides the chosen word
(``embassy: {use: سفارت, not: [سفارتخانه]}``). Every text of that language is then read for
them: ``texts/<lang>.yaml`` and ``faq/<lang>.yaml`` whole, the parts of other content files
kept under a ``<lang>:`` key (country packs, alerts, guides), and the language's catalog.
What people type is not read (``faq_examples/``, ``understanding/``): they write every form,
and the bot must understand them all.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

from bot.content.yaml_lines import PathKey, YamlSyntaxError, load_located
from bot.errors import Problem

# What volunteers and people write, not the bot's own texts.
NOT_TEXTS = ("faq_examples", "understanding", "glossary", "audio")


@dataclass(frozen=True)
class Avoided:
    """A form to avoid in one language, and the glossary word to write instead."""

    term: str
    form: str
    use: str
    pattern: re.Pattern[str]


def avoided_forms(language: str, terms: Mapping[str, Any]) -> list[Avoided]:
    """The ``not:`` forms of a glossary's terms, each as a whole-word pattern."""
    found = []
    for term, value in terms.items():
        if not isinstance(value, dict):
            continue
        use, forms = value.get("use"), value.get("not") or []
        for form in forms if isinstance(forms, list) else []:
            if isinstance(form, str) and form.strip() and isinstance(use, str):
                flags = re.IGNORECASE if form.isascii() else 0
                pattern = re.compile(rf"(?<!\w){re.escape(form.strip())}(?!\w)", flags)
                found.append(Avoided(term, form.strip(), use, pattern))
    return found


def _strings(node: Any, path: PathKey, language: str | None) -> Iterator[tuple[PathKey, str]]:
    """Every string under ``node``, or (``language`` given) only those under that key."""
    if isinstance(node, str):
        if language is None:
            yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            inside = None if key == language else language
            yield from _strings(value, (*path, key), inside)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, (*path, index), language)


Located = tuple[str, int | None, str]
"""A text and where it is: shown file name, line, the text."""


def _yaml_texts(content_dir: Path, language: str, display: str) -> Iterator[Located]:
    """The texts of ``language`` in the content files, with their lines."""
    whole = {content_dir / "texts" / f"{language}.yaml", content_dir / "faq" / f"{language}.yaml"}
    for path in sorted(content_dir.rglob("*.yaml")):
        relative = path.relative_to(content_dir)
        if relative.parts[0] in NOT_TEXTS:
            continue
        if relative.parts[0] in {"texts", "faq"} and path not in whole:
            continue
        try:
            doc = load_located(path, f"{display}/{relative}")
        except YamlSyntaxError:
            continue  # reported by the file's own check
        for where, text in _strings(doc.data, (), None if path in whole else language):
            yield doc.file, doc.line(where), text


def _catalog_texts(locales_dir: Path, language: str, display: str) -> Iterator[Located]:
    """The translations in ``language``'s catalogs, with their lines."""
    for path in sorted((locales_dir / language).rglob("*.po")):
        try:
            with path.open("rb") as handle:
                catalog = read_po(handle)
        except Exception:  # a broken catalog is reported by the catalog check
            continue
        shown = f"{display}/{path.relative_to(locales_dir)}"
        for message in catalog:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            yield from ((shown, message.lineno, str(text)) for text in strings if text)


def _warning(file: str, line: int | None, avoid: Avoided, language: str) -> Problem:
    return Problem(
        file,
        line,
        f"{avoid.form!r} for {avoid.term!r}: the {language} glossary's word is {avoid.use!r}",
        "warning",
    )


def check_word_use(
    content_dir: Path,
    locales_dir: Path,
    glossaries: Mapping[str, Mapping[str, Any]],
    languages: Collection[str],
) -> list[Problem]:
    """Warnings for every text that uses a form its language's glossary says to avoid."""
    problems: list[Problem] = []
    for language, terms in glossaries.items():
        avoided = avoided_forms(language, terms) if language in languages else []
        if not avoided:
            continue
        located = chain(
            _yaml_texts(content_dir, language, content_dir.name),
            _catalog_texts(locales_dir, language, locales_dir.name),
        )
        problems += [
            _warning(file, line, avoid, language)
            for file, line, text in located
            for avoid in avoided
            if avoid.pattern.search(text)
        ]
    return problems
