"""Checking the reading rules in ``content/understanding/`` with ``file:line`` problems.

The understanding code reads these files with plain dictionary look-ups, so before this
check a misspelt key ("cuse:" for "cues:", "ur_Latn:" for "ur-Latn:") silently took its
phrases out of the reading. Now every file is checked against the shape below when content
loads (``python -m bot content check``, and every hot reload): unknown keys, languages not
in ``languages.yaml``, flag ids not in the checklist, FAQ topics that do not exist, phrases
that are not text, patterns that do not compile or that could cost more than a few passes
over a long message (an unbounded ``+`` or ``*``), salary norms without a source.

``topics.yaml`` is checked by its own module (the FAQ matcher); here only its language keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content.yaml_lines import LocatedYaml, PathKey, YamlSyntaxError, load_located
from bot.errors import Problem

Check = Callable[["Reader", Any, PathKey], None]
_UNBOUNDED = re.compile(r"(?<!\\)(?:\\\\)*(?:[+*]|\{\d+,\})")
_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")


@dataclass
class Reader:
    """One file being checked, with what its values may refer to."""

    doc: LocatedYaml
    languages: Collection[str]
    flags: Collection[str]
    topics: Collection[str]
    problems: list[Problem]

    def error(self, path: PathKey, message: str) -> None:
        self.problems.append(self.doc.problem(path, message))

    def warn(self, path: PathKey, message: str) -> None:
        self.problems.append(self.doc.problem(path, message, "warning"))

    def mapping(
        self,
        node: Any,
        path: PathKey,
        keys: Mapping[str, Check],
        *,
        required: Collection[str] = (),
    ) -> None:
        """A mapping with only ``keys`` (each checked), ``required`` among them."""
        if not isinstance(node, dict):
            self.error(path, "expected a mapping of keys to values")
            return
        for key, value in node.items():
            if key not in keys:
                self.error(
                    (*path, key),
                    f"unknown key {key!r}; expected one of: {', '.join(sorted(keys))}",
                )
            else:
                keys[key](self, value, (*path, key))
        for key in required:
            if key not in node:
                self.error(path, f"missing key {key!r}")


def phrases(reader: Reader, node: Any, path: PathKey) -> None:
    """A list of phrases, or one list per language (``en:``, ``ur:``, ``ur-Latn:``, ``ps:``)."""
    if isinstance(node, dict):
        for language, items in node.items():
            if language not in reader.languages:
                known = ", ".join(sorted(reader.languages))
                reader.error(
                    (*path, language), f"unknown language {language!r}; expected one of: {known}"
                )
            else:
                phrase_list(reader, items, (*path, language))
    else:
        phrase_list(reader, node, path)


def phrase_list(reader: Reader, node: Any, path: PathKey) -> None:
    """A list of phrases: text, or ``{phrase: weight}``."""
    if not isinstance(node, list):
        reader.error(path, "expected a list of phrases in [brackets]")
        return
    seen: dict[str, int] = {}
    for index, item in enumerate(node):
        text = next(iter(item), None) if isinstance(item, dict) and len(item) == 1 else item
        if isinstance(text, str) and (key := " ".join(text.casefold().split())):
            # Harmless to the reading, but a volunteer who edits one copy (a weight, a
            # spelling) changes nothing while the other stays.
            if key in seen:
                reader.warn((*path, index), f"{text!r} is listed twice (also item {seen[key] + 1})")
            seen.setdefault(key, index)
        if not isinstance(text, str) or not text.strip():
            reader.error(
                (*path, index),
                f"{item!r} is not a phrase: write text, and quote words YAML reads as "
                'yes/no or numbers ("no", "on", "1")',
            )
        elif "*" in text.replace("* ", " ").rstrip("*") or text.strip().startswith("*"):
            reader.error((*path, index), f"{text!r}: '*' may only end a word (\"fee*\")")


def pattern(reader: Reader, node: Any, path: PathKey) -> None:
    """A regular expression that compiles and has a bound on every repetition."""
    if not isinstance(node, str):
        reader.error(path, "expected a pattern in quotes")
        return
    try:
        re.compile(node)
    except re.error as exc:
        reader.error(path, f"this pattern does not compile: {exc}")
        return
    if _UNBOUNDED.search(_CLASS.sub("", node)):
        reader.error(
            path,
            "every repetition needs an upper bound ({1,64}, not + or *): an unbounded one "
            "can make one long message cost seconds",
        )


def patterns(reader: Reader, node: Any, path: PathKey) -> None:
    if not isinstance(node, list):
        reader.error(path, "expected a list of patterns")
        return
    for index, item in enumerate(node):
        pattern(reader, item, (*path, index))


def number(reader: Reader, node: Any, path: PathKey) -> None:
    if isinstance(node, bool) or not isinstance(node, int | float):
        reader.error(path, f"expected a number, not {node!r}")


def boolean(reader: Reader, node: Any, path: PathKey) -> None:
    if not isinstance(node, bool):
        reader.error(path, f"expected true or false, not {node!r}")


def text(reader: Reader, node: Any, path: PathKey) -> None:
    if not isinstance(node, str) or not node.strip():
        reader.error(path, "expected text")


def words_list(reader: Reader, node: Any, path: PathKey) -> None:
    if not isinstance(node, list) or not all(isinstance(w, str) for w in node):
        reader.error(path, "expected a list of words")


# A Tesseract data name as Debian packages it (tesseract-ocr-<name>): "ben", "chi_sim".
_OCR_MODEL = re.compile(r"[a-z]{3}(?:_[a-z]{3,4})?")


def ocr_model(reader: Reader, node: Any, path: PathKey) -> None:
    if not isinstance(node, str) or not _OCR_MODEL.fullmatch(node):
        reader.error(path, f"expected a Tesseract data name like eng, urd or chi_sim, not {node!r}")


def ocr_models(reader: Reader, node: Any, path: PathKey) -> None:
    if not isinstance(node, list) or not node:
        reader.error(path, "expected a list of Tesseract data names, like [eng, urd]")
        return
    for index, item in enumerate(node):
        ocr_model(reader, item, (*path, index))


def each(check: Check) -> Check:
    """A mapping of any keys whose values all pass ``check``."""

    def run(reader: Reader, node: Any, path: PathKey) -> None:
        if not isinstance(node, dict):
            reader.error(path, "expected a mapping")
            return
        for key, value in node.items():
            check(reader, value, (*path, key))

    return run


def shape(keys: Mapping[str, Check], required: Collection[str] = ()) -> Check:
    """A mapping with exactly these keys."""

    def run(reader: Reader, node: Any, path: PathKey) -> None:
        reader.mapping(node, path, keys, required=required)

    return run


def one_of(choices: Callable[[Reader], Collection[str]], what: str) -> Check:
    """A value that must be one of the reader's known ids (flags, FAQ topics)."""

    def run(reader: Reader, node: Any, path: PathKey) -> None:
        known = choices(reader)
        if node not in known:
            reader.error(
                path, f"unknown {what} {node!r}; expected one of: {', '.join(sorted(known))}"
            )

    return run


def read(path: Path, root: Path, problems: list[Problem]) -> LocatedYaml | None:
    """Parse one understanding file (a syntax error becomes a located problem)."""
    if not path.exists():
        problems.append(Problem(str(path.relative_to(root.parent)), None, "file is missing"))
        return None
    try:
        return load_located(path, str(path.relative_to(root.parent)))
    except YamlSyntaxError as exc:
        problems.append(exc.problem)
        return None
