"""What the scrubber reads from content: the words that are never names, and the helplines.

A word of a place, a vocabulary or an everyday word list is never part of a person's name
("Gulshan" may be, "Karachi" never); the public helplines of ``content/facts.yaml`` are kept
whatever else looks like a phone number. Read once, when the scrubber is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.understanding.vocabulary import load_yaml_text

_VOCABULARY_FILES = ("places.yaml", "redflags.yaml", "money.yaml", "topics.yaml")
_WORD_FILES = ("not_names.txt", "english.txt", "loanwords.txt", "roman_urdu.txt")


def _strings(node: object) -> Iterable[str]:
    """Every string in a YAML tree (keys included)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def known_words(content_dir: Path) -> frozenset[str]:
    """Words that are never part of a name: places, vocabularies, everyday words."""
    folder = content_dir / "understanding"
    words: set[str] = set()
    for name in _WORD_FILES:
        path = folder / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                words.update(line.split("#", 1)[0].split())
    for name in _VOCABULARY_FILES:
        path = folder / name
        if path.exists():
            for text in _strings(load_yaml_text(path.read_text(encoding="utf-8"))):
                words.update(text.replace("*", " ").split())
    arabic = folder / "arabic_script.yaml"
    if arabic.exists():
        for text in _strings(load_yaml_text(arabic.read_text(encoding="utf-8"))):
            if " " not in text.strip() and len(text) < 20:
                words.add(text)
    return frozenset(w.strip(".,'-:;|()").casefold() for w in words if w)


def helplines(content_dir: Path) -> tuple[re.Pattern[str], ...]:
    """The public phone numbers of facts.yaml, each as a pattern forgiving separators."""
    path = content_dir / "facts.yaml"
    if not path.exists():
        return ()
    raw = load_yaml_text(path.read_text(encoding="utf-8"))
    data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    facts: dict[str, Any] = data.get("facts") or {}
    patterns = []
    for fact in facts.values():
        if isinstance(fact, dict) and fact.get("kind") == "phone":
            for number in str(fact.get("value", "")).split(","):
                digits = re.sub(r"\D", "", number)
                if len(digits) >= 5:
                    plus = r"\+?" if number.strip().startswith("+") else ""
                    body = r"[ \-.()]{0,2}".join(digits)
                    patterns.append(re.compile(r"(?<!\d)" + plus + body + r"(?!\d)"))
    return tuple(patterns)
